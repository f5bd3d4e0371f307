"""Stage 1, a map over sources: each source's shingle hashes, word offsets and stem ids, and
its quotes with the bigrams of their content words. Small, picklable, no text."""

from __future__ import annotations

import bisect
import itertools
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from ..quotes import Quote
from ..rules import align as align_rules
from ..text import CJK_CHAR, FUNCTION_WORDS, WORD
from .words import (
    Words,
    key_id,
    matched_words,
    raw_id,
    split_words,
    stem,
    word_id,
    words_of,
)

_MASK64 = (1 << 64) - 1


def _bigrams(stems: Sequence[str]) -> bytes:
    """The hashes of a quote's content-word bigrams, distinct and sorted, as 8-byte words."""
    content = [s for s in stems if s not in FUNCTION_WORDS]
    pairs = {hash((word_id(a), word_id(b))) & _MASK64 for a, b in itertools.pairwise(content)}
    return array("Q", sorted(pairs)).tobytes()


@dataclass(frozen=True, slots=True)
class QuoteFeature:
    """What the join needs of one quote: where it is (characters and words), its kind, and the
    hashed bigrams of its content words (as bytes: an array is one more object for the
    garbage collector to track, and each tracked object brings the next full collection
    nearer: the scaling rows of bench/quotes.py count them)."""

    id: str
    start: int
    end: int
    first: int  # index of its first word in the source
    stop: int  # one past its last word
    kind: str
    stems: tuple[str, ...]
    bigrams: bytes
    speaker: str | None = None  # who is quoted, where a cue names them (short quotes ask)


@dataclass(frozen=True, slots=True)
class SourceFeatures:
    """One source's share of the index: its shingle hashes and its quotes. Compact and
    picklable; holds no text.

    A shingle hashes the stems of ``SHINGLE_WORDS`` consecutive words; ``shingles[i]`` is the
    one starting at word ``i``.
    """

    source: str
    words: int
    shingles: array[int]
    quotes: tuple[QuoteFeature, ...]  # in text order
    starts: array[int]  # each word's character offset (4 bytes a word)
    ids: array[int]  # each word's stem id (4 bytes a word): where a quote aligns, untokenised

    def word_span(self, text: str, first: int, stop: int) -> Words:
        """Words ``[first, stop)`` of this source, found by tokenising from the first one's
        start to the end of the last one's match of the word pattern, not the whole text."""
        stop = min(stop, self.words)
        if first >= stop:
            return Words((), (), ())
        lo, (hi, _) = self.starts[first], _match_end(text, self.starts[stop - 1])
        if WORD.match(text, lo) and not CJK_CHAR.search(text, lo, hi):
            return words_of(text, lo, hi)
        return _cjk_span(text, lo, hi, stop - first)

    def word_end(self, text: str, i: int) -> int:
        """Where word ``i`` of this source ends (as :meth:`word_span` finds it)."""
        at = self.starts[i]
        end, whole = _match_end(text, at)
        if whole and not CJK_CHAR.search(text, at, end):
            return end
        return _cjk_span(text, at, end, 1).ends[0]


def _match_end(text: str, at: int) -> tuple[int, bool]:
    """The end of the match of the word pattern holding the word that starts at ``at``, and
    whether the match starts there: a word split from a run holding CJK may begin with the
    run's apostrophe ("'3" of "は'3")."""
    found = WORD.match(text, at)
    if found is not None:
        return found.end(), True
    found = WORD.match(text, at + 1)
    if found is None:
        raise ValueError(f"no word starts at offset {at}: features of another text?")
    return found.end(), False


def _cjk_span(text: str, lo: int, hi: int, n: int) -> Words:
    """The ``n`` words from offset ``lo`` where a run of the word pattern holding them holds
    CJK: :func:`words_of` splits such a run into words, so a run cut short would be split
    otherwise ("3'" of "3'は" is one word, "3" alone; "'3" of "は'3", "3"). Tokenised from the
    white space before ``lo`` (no run goes on across it) to ``hi``, the end of a run."""
    safe = max(text.rfind(c, 0, lo) for c in " \n\t") + 1
    found = words_of(text, safe, hi)
    i = bisect.bisect_left(found.starts, lo)
    return Words(found.starts[i : i + n], found.ends[i : i + n], found.keys[i : i + n])


def _starts_and_ids(text: str) -> tuple[list[int], list[int]]:
    """Each word's start and stem id: :func:`words_of` without its per-word Python work where
    the text has no CJK (most do)."""
    if CJK_CHAR.search(text):
        found = matched_words(text, 0, len(text))
        return list(found.starts), list(map(key_id, found.keys))
    offsets, parts = split_words(text, 0)
    return offsets[1:-1:2], list(map(raw_id, parts[1::2]))


def source_features(source: str, text: str, quotes: Sequence[Quote]) -> SourceFeatures:
    """The features of one source (pure: depends on nothing but its arguments)."""
    rules = align_rules.current()
    starts, ids = _starts_and_ids(text)
    k = rules.SHINGLE_WORDS
    # hash() of a tuple of ints is the same in every process (no string hashing involved).
    hashed = array("q", map(hash, zip(*(ids[j:] for j in range(k)), strict=False)))
    feats: list[QuoteFeature] = []
    # In text order (extract_quotes' order): _quote_covering stops at the first quote after a
    # stretch.
    for quote in sorted(quotes, key=lambda q: (q.span.start, -q.span.end)):
        inside = words_of(text, quote.span.start, quote.span.end)
        first = bisect.bisect_left(starts, quote.span.start)
        stop = first + len(inside)
        stems = tuple(map(stem, inside.keys))
        feats.append(
            QuoteFeature(
                quote.id,
                quote.span.start,
                quote.span.end,
                first,
                stop,
                quote.kind,
                stems,
                _bigrams(stems),
                quote.speaker,
            )
        )
    return SourceFeatures(
        source,
        len(starts),
        hashed,
        tuple(feats),
        array("I", starts),
        array("I", ids),
    )
