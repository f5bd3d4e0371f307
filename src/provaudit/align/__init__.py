"""Cross-source relation: the same quotation across sources, clustered with word diffs, and
passages reused between sources.

A map, a join and a reduce, so that the same code runs on one machine or a cluster
(:mod:`provaudit.engine` passes the join's task runner):

1. **Features** (:mod:`.features`, a map over sources; words from :mod:`.words`): each
   source's words as stem ids (case-folded, NFKC, apostrophes unified, inflection stripped;
   CJK characters one word each), hashed into overlapping shingles of ``SHINGLE_WORDS``
   words; each word's offset; and its quotes with the hashed bigrams of their content words.
   Only hashes, ids and offsets: small, picklable, no text.
2. **Index join** (:mod:`.index`): a sort-based group-by of the shingle hashes over all
   sources, one hash partition a task. A shingle two to ``DOCUMENT_FREQUENCY_CAP`` sources
   share, next to another shared one, pairs them; shared shingles chain along diagonals
   into runs, kept as columns (:class:`RunTable`). Pairs whose runs touch no quote looked for
   and reach too few words for a reused passage are dropped before any alignment. A second,
   small group-by over quote bigrams pairs quotes worded differently. Never all pairs.
3. **Alignment** (:mod:`.compare`, driven by :mod:`.join`): quote pairs are linked when the
   rules beside ``LINK_MIN_OVERLAP`` (rules/align.py) say their stems are the same quotation,
   on a longest common subsequence (rapidfuzz's length decides most, then Hunt-Szymanski's
   pairs for the rest). A quote looked for in another source is located in the region its
   runs point to (the words found one after another, else the common subsequence inside a
   paragraph) and linked to that stretch, or to the other source's quote holding it. Runs
   joined across small gaps, long enough and not mostly quoted, are reused passages with
   their coverage.
4. **Clusters** (:mod:`.clusters`): linked occurrences form connected components; each with
   two sources or more gets a canonical member (the one most similar to the others), a
   verdict per member (``exact``: the same words, typography aside; ``minor``: case,
   punctuation or inflection; ``fragment``: one inside the other; ``variant``: words
   substituted, added or dropped), and the word diff of its two least similar members, drawn
   by diff-match-patch for the report only.

:mod:`.reference` holds the plain algorithms the tests hold the fast ones to.

The per-source map (:mod:`.features`, :mod:`.words`) and :mod:`.compare` are imported with
the package (``compare`` is also the name of a function here, which a later import of the
module would hide); the rest of the join (:mod:`.index`, :mod:`.join`, :mod:`.clusters`; numpy)
only when one of its names is first asked for, and rapidfuzz at the first comparison. An audit
of one page has nothing to relate, and importing numpy alone cost its process some 0.09 s of
CPU, a fifth of the whole audit.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .compare import Comparison, Passage, common_words, compare, display_diff, linked
from .features import FeatureStore, QuoteFeature, SourceFeatures, source_features
from .words import Words, stem, words_of

if TYPE_CHECKING:
    from .clusters import VERDICTS
    from .index import PairHits, RunTable, TaskMap, candidate_runs, quote_pairs
    from .join import QuoteRelations, relate_features, relate_sources

# The join's names, by the module that defines them (imported on first use, see above).
_JOIN_NAMES = {
    "VERDICTS": "clusters",
    **dict.fromkeys(("PairHits", "RunTable", "TaskMap", "candidate_runs", "quote_pairs"), "index"),
    **dict.fromkeys(("QuoteRelations", "relate_features", "relate_sources"), "join"),
}


def __getattr__(name: str) -> Any:
    module = _JOIN_NAMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # the next look-up finds it without this call
    return value


__all__ = [
    "VERDICTS",
    "Comparison",
    "FeatureStore",
    "PairHits",
    "Passage",
    "QuoteFeature",
    "QuoteRelations",
    "RunTable",
    "SourceFeatures",
    "TaskMap",
    "Words",
    "candidate_runs",
    "common_words",
    "compare",
    "display_diff",
    "linked",
    "quote_pairs",
    "relate_features",
    "relate_sources",
    "source_features",
    "stem",
    "words_of",
]
