"""lexicon.py: the compact word-frequency tables say what wordfreq's lists say."""

from __future__ import annotations

from pathlib import Path

import pytest
from wordfreq import get_frequency_list

from provaudit import lexicon
from provaudit.languages import _MAIN_LAST_BIN, _script_codes


def _expected(lists: list[list[list[str]] | None], last: int | None = None) -> dict[str, list[int]]:
    """word -> bin per language: each language's list as one dict (a later bin wins, as a dict
    built bin by bin gives), then each word's bin in each (ABSENT where a list lacks it)."""
    per_language = [
        {w: b for b, words in enumerate(bins or ()) if last is None or b <= last for w in words}
        for bins in lists
    ]
    every_word: set[str] = set().union(*per_language)
    return {w: [d.get(w, lexicon.ABSENT) for d in per_language] for w in every_word}


@pytest.mark.parametrize(
    ("codes", "size", "last"),
    [(["en", None, "fr"], "small", None), (["ru", "uk"], "small", None), (["de"], "large", 500)],
)
def test_table_equals_wordfreq(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    codes: list[str | None],
    size: str,
    last: int | None,
) -> None:
    monkeypatch.setenv("PROVAUDIT_CACHE_DIR", str(tmp_path))
    lists = [None if c is None else get_frequency_list(c, wordlist=size) for c in codes]
    expected = _expected(lists, last)
    table = lexicon.Table(lexicon.build(lists, last))
    assert table.size == len(expected) > 1000
    for word, row in expected.items():
        assert table.row(word) == row, word
    # Words that no list holds, and a word cut off by ``last``.
    for word in ("zzqxj", "", "the the", "\udcff"):
        assert table.row(word) is None
    if last is not None:
        beyond = next(w for b in lists[0][last + 1 :] for w in b if w not in expected)  # type: ignore[index]
        assert table.row(beyond) is None


def test_table_file_is_built_once_and_mapped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROVAUDIT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(lexicon, "_OPEN", {})
    first = lexicon.table(["fi"], "small")
    files = list(tmp_path.glob("wordfreq-small-*.lex"))
    assert len(files) == 1
    built = files[0].read_bytes()
    assert built == lexicon.build([get_frequency_list("fi", wordlist="small")])
    monkeypatch.setattr(lexicon, "_OPEN", {})

    def no_build(*args: object) -> None:
        raise AssertionError("rebuilt a table that was on disk")

    monkeypatch.setattr(lexicon, "_frequency_lists", no_build)
    again = lexicon.table(["fi"], "small")
    assert again is not first
    assert again.row("ja") == first.row("ja") is not None


def test_table_in_memory_where_the_cache_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("PROVAUDIT_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(lexicon, "_OPEN", {})
    table = lexicon.table(["sv"], "small")
    assert table.row("och") is not None
    assert lexicon.available_large() >= {"en", "ru"}


def test_script_and_main_tables_match_wordfreq() -> None:
    """The tables the analysis opens (the default cache) hold wordfreq's lists: Cyrillic's
    small lists and Russian's large list down to the main-language cut."""
    codes = _script_codes("Cyrillic")
    lists = [None if c is None else get_frequency_list(c, wordlist="small") for c in codes]
    table = lexicon.table(codes, "small")
    expected = _expected(lists)
    assert table.size == len(expected)
    assert all(table.row(w) == row for w, row in list(expected.items())[::50])
    main = lexicon.table(["ru"], "large", _MAIN_LAST_BIN)
    expected = _expected([get_frequency_list("ru", wordlist="large")], _MAIN_LAST_BIN)
    assert main.size == len(expected)
    assert all(main.row(w) == row for w, row in list(expected.items())[::50])


def test_float_table_keeps_every_row_exactly() -> None:
    rows = {"ab": [0.0, 1.5, -2.25], "é": [1e-300, 0.1, 3.0], " x": [0.0, 0.0, 0.0]}
    table = lexicon.FloatTable(lexicon.build_floats(rows, 3))
    assert len(table) == 3
    for key, row in rows.items():
        assert key in table
        assert table[key] == row
        assert table.get(key) == row
    assert "zz" not in table
    assert table.get("zz") is None
    with pytest.raises(KeyError):
        table["zz"]
    with pytest.raises(ValueError, match="one value a column"):
        lexicon.build_floats({"a": [1.0]}, 2)


def test_ngram_tables_are_langdetects_profiles() -> None:
    """The n-gram table the analysis opens holds, for every n-gram, the row built from
    langdetect's profiles, float for float."""
    from provaudit.languages import _classifier, _ngram_rows
    from provaudit.rules import languages as rules

    for script in ("Cyrillic", "Arabic"):
        expected = _ngram_rows(rules.SCRIPT_PROFILES[script])
        table = _classifier().table(script)
        assert len(table) == len(expected) > 1000
        assert all(table.get(g) == row for g, row in expected.items())


def test_cached_detector_answers_as_langdetects_own() -> None:
    """The detector on the cached tables gives langdetect's probabilities, digit for digit
    (same tables, same seeded sampling), on texts of several languages and scripts."""
    from langdetect.detector_factory import DetectorFactory

    from provaudit.languages import _classifier, _profiles_directory

    files = sorted(p for p in _profiles_directory().iterdir() if p.is_file())
    own = DetectorFactory()
    own.load_json_profile([p.read_text(encoding="utf-8") for p in files])
    own.seed = 0
    cached = _classifier().factory
    assert cached.langlist == own.langlist
    texts = [
        "The committee will meet again on Tuesday to discuss the budget.",
        "Le comité se réunira de nouveau mardi pour discuter du budget.",
        "Der Ausschuss wird am Dienstag erneut zusammentreten.",
        "Комитет снова соберется во вторник, чтобы обсудить бюджет.",
        "El comité volverá a reunirse el martes para hablar del presupuesto.",
        "x",
    ]
    for text in texts:
        for priors in (None, {"en": 1.0, "fr": 1.0, "de": 1.0}):
            answers: list[list[object]] = []
            for factory in (own, cached):
                detector = factory.create()
                if priors:
                    detector.set_prior_map(priors)
                detector.append(text)
                try:
                    answers.append([(x.lang, x.prob) for x in detector.get_probabilities()])
                except Exception as exc:  # no usable n-gram: both must say so
                    answers.append([type(exc).__name__])
            assert answers[0] == answers[1], text
