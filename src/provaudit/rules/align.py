"""Thresholds of the cross-source alignment (applied by the ``align`` package).

The values are data: ``data/rules/align.toml`` (each with the sweep it was chosen by), which a
user's rules extend or override (see :mod:`provaudit.ruleset`). :func:`current` is the typed
view of the rules in force; ``rules.align.NAME`` reads the same value (for benches and tests).
The function words the alignment leaves out when it counts content words are
``text.FUNCTION_WORDS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import ruleset

# Not rules (a user's file does not change them):
# The passage index is a group-by over shingle hashes in this many partitions, one counted in
# memory at a time (the partitions a distributed group-by would shuffle by). Not a quality
# setting: the join took 7.9 s with 16 and 9.2 s with 64 on 10,000 news-12k articles; fewer
# partitions hold bigger counters.
INDEX_PARTITIONS = 16
# Reported floats are rounded to this many decimals.
ROUND = 4


@dataclass(frozen=True)
class AlignRules:
    """Section ``align`` of the rules (data/rules/align.toml says what each value is)."""

    SHINGLE_WORDS: int
    DOCUMENT_FREQUENCY_CAP: int
    CLUSTER_MIN_WORDS: int
    QUOTE_MIN_SHARED_BIGRAMS: int
    FRAGMENT_MIN_WORDS: int
    SHORT_MIN_WORDS: int
    SHORT_FRAGMENT_CONTENT: int
    SHORT_CONTEXT_WORDS: int
    SHORT_CONTEXT_MIN: int
    SPEAKER_TITLES: frozenset[str]
    ARTICLES: frozenset[str]
    LINK_MIN_SIMILARITY: float
    LINK_MIN_CONTENT: int
    LINK_MIN_RUN: int
    LINK_LONG_RUN: int
    LINK_MIN_OVERLAP: float
    TEXT_MIN_WORDS: int
    TEXT_FRAGMENT_MIN_WORDS: int
    TEXT_MIN_SIMILARITY: float
    WINDOW_SLACK: int
    REUSE_MIN_WORDS: int
    REUSE_GAP: int
    REUSE_MAX_QUOTED: float
    CLUSTER_PAIRWISE_MAX: int

    @property
    def QUOTE_BIGRAM_CAP(self) -> int:
        """A bigram in more sources than this proposes no quote pair (as for shingles)."""
        return self.DOCUMENT_FREQUENCY_CAP


# The alignment's rules in force.
current = ruleset.section_view("align", AlignRules)


def __getattr__(name: str) -> Any:
    return ruleset.view_attribute(current, name)
