"""Stage 1, a map over sources: each source's shingle hashes, word offsets and stem ids, and
its quotes with the bigrams of their content words. Small, picklable, no text."""

from __future__ import annotations

import bisect
import itertools
import os
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Union, overload

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
class StoredInts:
    """``count`` integers of ``size`` bytes at ``offset`` in the file open as ``fd`` (a spill
    file beside a report set, see :class:`FeatureStore`), read when asked: a source's shingle
    hashes, which the join reads once into its own column, or its word offsets or stem ids,
    of which it reads a few stretches. Read with ``pread``, not mapped: the kernel maps the
    pages around each one touched (on 12,000 articles the join's reads mapped all 180 MB)."""

    fd: int
    offset: int
    count: int
    size: int = 8

    def __len__(self) -> int:
        return self.count

    def read_into(self, out: memoryview, first: int = 0) -> None:
        """Fill ``out`` (a whole number of integers) from the file, from integer ``first``."""
        done = 0
        at = self.offset + first * self.size
        while done < len(out):
            got = os.preadv(self.fd, [out[done:]], at + done)
            if got <= 0:
                raise OSError(f"short read of stored features at {at + done}")
            done += got

    def __iter__(self) -> Iterator[int]:
        return iter(self[:])

    @overload
    def __getitem__(self, i: int) -> int: ...

    @overload
    def __getitem__(self, i: slice) -> array[int]: ...

    def __getitem__(self, i: int | slice) -> int | array[int]:
        if isinstance(i, slice):
            first, stop, step = i.indices(self.count)
            if step != 1:
                raise ValueError("stored features are read in runs")
            out = array(_TYPECODES[self.size], bytes(max(0, stop - first) * self.size))
            self.read_into(memoryview(out).cast("B"), first)
            return out
        if not -self.count <= i < self.count:
            raise IndexError(i)
        one = array(_TYPECODES[self.size], bytes(self.size))
        self.read_into(memoryview(one).cast("B"), i % self.count)
        return one[0]


_TYPECODES = {8: "q", 4: "I"}


Ints = Union["array[int]", StoredInts]
"""A source's word offsets or stem ids: an array, or read from a FeatureStore's file where
the join looks."""


@dataclass(frozen=True, slots=True)
class SourceFeatures:
    """One source's share of the index: its shingle hashes and its quotes. Compact and
    picklable; holds no text.

    A shingle hashes the stems of ``SHINGLE_WORDS`` consecutive words; ``shingles[i]`` is the
    one starting at word ``i``.
    """

    source: str
    words: int
    shingles: Ints
    quotes: tuple[QuoteFeature, ...]  # in text order
    starts: Ints  # each word's character offset (4 bytes a word)
    ids: Ints  # each word's stem id (4 bytes a word): where a quote aligns, untokenised

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


class FeatureStore:
    """Sources' word arrays (shingle hashes, word offsets, stem ids: 16 bytes a word, some
    15 KB a news article) in a file at ``path``, so that a corpus report's parent process does
    not hold them while the map runs and the join works (on 12,000 news-12k articles they took
    some 180 MB, and twice that in the heap as they arrived). :meth:`keep` writes a source's
    arrays and gives its features without them; :meth:`restore` gives them back, as
    :class:`StoredInts` read from the file. The caller removes the file."""

    def __init__(self, path: Path) -> None:
        self.file = open(path, "w+b")  # noqa: SIM115 (closed by close())
        self.places: list[tuple[int, int, int]] = []  # per kept source: offset, words, shingles

    def keep(self, feat: SourceFeatures) -> SourceFeatures:
        """Write ``feat``'s arrays; ``feat`` without them (restore them by :meth:`restore`)."""
        columns = [c for c in (feat.shingles, feat.starts, feat.ids) if isinstance(c, array)]
        if len(columns) != 3:
            raise ValueError(f"the features of {feat.source} are stored already")
        # 8 bytes a shingle, then 4 a word twice: every source starts 8-byte aligned.
        self.file.seek(0, os.SEEK_END)
        self.places.append((self.file.tell(), feat.words, len(feat.shingles)))
        for column in columns:
            self.file.write(column)
        return replace(feat, shingles=_NO_SHINGLES, starts=_NO_INTS, ids=_NO_INTS)

    def restore(self, feats: Sequence[SourceFeatures]) -> list[SourceFeatures]:
        """``feats``, the features :meth:`keep` gave in the order it gave them, with their
        arrays back as :class:`StoredInts` (read from the file when asked)."""
        self.file.flush()
        if len(feats) != len(self.places):
            raise ValueError(f"{len(feats)} features for {len(self.places)} kept")
        fd = self.file.fileno()
        out = []
        for feat, (offset, words, shingles) in zip(feats, self.places, strict=True):
            at = offset + 8 * shingles
            out.append(
                replace(
                    feat,
                    shingles=StoredInts(fd, offset, shingles),
                    starts=StoredInts(fd, at, words, 4),
                    ids=StoredInts(fd, at + 4 * words, words, 4),
                )
            )
        return out

    def close(self) -> None:
        self.file.close()


_NO_SHINGLES: array[int] = array("q")
_NO_INTS: array[int] = array("I")
