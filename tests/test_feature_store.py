"""The features' word arrays kept in a file while a corpus report runs (align.FeatureStore):
read back, they are the same arrays, and the join over them finds the same relations."""

from __future__ import annotations

from array import array
from pathlib import Path

import pytest

from provaudit.align import FeatureStore, relate_features, source_features
from provaudit.align.features import StoredInts
from test_align import seeds


def test_stored_arrays_read_back_the_same(tmp_path: Path) -> None:
    docs = seeds()
    features = [source_features(sid, doc.text, quotes) for sid, doc, quotes in docs]
    store = FeatureStore(tmp_path / "features")
    try:
        kept = [store.keep(f) for f in features]
        assert all(not k.shingles and not k.starts and not k.ids for k in kept)
        restored = store.restore(kept)
        for before, after in zip(features, restored, strict=True):
            assert after.quotes == before.quotes
            assert after.words == before.words
            for name in ("shingles", "starts", "ids"):
                stored, original = getattr(after, name), getattr(before, name)
                assert isinstance(stored, StoredInts)
                assert len(stored) == len(original)
                assert list(stored) == list(original)
                assert stored[3:17] == original[3:17]
                assert stored[-1] == original[-1]
                assert stored[len(original) : len(original) + 5] == array(original.typecode)
            with pytest.raises(IndexError):
                after.starts[after.words]
        texts = {sid: doc.text for sid, doc, _ in docs}
        # The join over features read from the file: the relations found in memory.
        assert relate_features(restored, texts.__getitem__) == relate_features(
            features, texts.__getitem__
        )
        with pytest.raises(ValueError, match="stored already"):
            store.keep(restored[0])
    finally:
        store.close()
