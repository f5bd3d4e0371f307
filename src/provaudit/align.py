"""Cross-source relation: quote clusters with word diffs, and reused passages.

Three stages, so that the same code runs as a map and a join on one machine or a cluster:

1. **Features** (:func:`source_features`, a map over sources): each source's words, normalised
   for matching (case-folded, NFKC, apostrophes, quote marks and dashes unified, inflection
   stripped), hashed into overlapping shingles of ``SHINGLE_WORDS`` words; and its quotes with
   the bigrams of their content words. Only hashes, stem ids and offsets: small and picklable.
2. **Index join** (:func:`candidate_runs`): a group-by of shingle hashes over all sources, one
   hash partition at a time. A shingle two to ``DOCUMENT_FREQUENCY_CAP`` sources share pairs
   them (more: a stock phrase). A second, small group-by over quote bigrams pairs quotes
   worded differently. Never all pairs: work grows with what sources share. The pairs stay
   columns of arrays until the places where a quote of one may be in the other are known.
3. **Alignment** (candidates only): diff-match-patch at word level (each distinct word mapped to
   one character, the ``linesToChars`` trick applied to words) with semantic cleanup. A quote
   is matched with the other source's quotes and with its unquoted text around the shared
   shingles; runs of shared shingles outside quotes are reused passages.

Matched occurrences form clusters (connected components). Each cluster has a canonical member
(the one most similar to the others), a verdict, a similarity, and the word diff of its two
least similar members. Verdicts, for two occurrences: ``exact`` (the same words, only
typography differs), ``minor`` (only case, punctuation or inflection), ``fragment`` (one is
inside the other), ``variant`` (words substituted, added or dropped); a cluster's verdict is
the strongest any two of its members show.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import gc
import itertools
import re
import sys
import unicodedata
import zlib
from array import array
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from diff_match_patch import diff_match_patch
from numpy.typing import NDArray
from rapidfuzz.distance import LCSseq

from .memo import memo
from .model import Document
from .quotes import Quote
from .rules import quotes as rules

VERDICTS = ("exact", "minor", "fragment", "variant")  # in rising order of difference
_SEVERITY = {v: i for i, v in enumerate(VERDICTS)}
_MASK64 = (1 << 64) - 1
_POS_BITS = 32
_POS_MASK = (1 << _POS_BITS) - 1


# --- Words ----------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_WORD_SPLIT = re.compile(f"({_WORD.pattern})")
_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Typographic variants that must not make two words differ.
_UNIFY = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "′": "'", "`": "'", "´": "'"})
# Typographic normal form for "exact": marks, dashes and spaces unified.
_TYPO = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′`´ʼ＇", "'"),
        **dict.fromkeys("“”„‟″«»‹›「」『』〝〞〟＂", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
        **dict.fromkeys("\u00a0\u2007\u202f\u2009\u200a\u2002\u2003", " "),
    }
)
_EDGE_PUNCT = " \t\n\"'.,;:!?-…()[]"


@dataclass(frozen=True, slots=True)
class Words:
    """The words of a text, for matching: character offsets and normalised keys."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    keys: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.keys)


# Caches hold one entry per distinct word (10,000 news articles have ~300,000 as written).
_WORDS_CACHED = 1 << 19
_memo = memo(_WORDS_CACHED)


@_memo
def _key(word: str) -> str:
    if not word.isascii():
        word = unicodedata.normalize("NFKC", word.translate(_UNIFY))
    return word.casefold()


@_memo
def stem(key: str) -> str:
    """A word's key without inflection: possessive 's, plural -s/-es/-ies, -ed, -ing.

    Deliberately light (no derivation: restriction stays apart from restrict); it decides
    "minor" and lets inflected runs still share shingles.
    """
    if key.endswith(("'s", "s'")) and len(key) > 3:
        key = key[:-2] if key.endswith("'s") else key[:-1]
    if len(key) <= 3 or not key.isalpha():
        return key
    if key.endswith("ies") and len(key) > 4:
        key = key[:-3] + "y"
    elif key.endswith("sses"):
        key = key[:-2]
    elif key.endswith("s") and not key.endswith(("ss", "us", "is")):
        key = key[:-1]
    if key.endswith("ing") and len(key) > 5:
        key = key[:-3]
    elif key.endswith("ed") and len(key) > 4:
        key = key[:-2]
    if key.endswith("e") and len(key) > 3:
        key = key[:-1]
    return key


@_memo
def _word_id(stemmed: str) -> int:
    return zlib.crc32(stemmed.encode("utf-8", "surrogatepass"))


@_memo
def _key_id(key: str) -> int:
    """The id of a word's stem: equal for inflected forms, stable across processes."""
    return _word_id(stem(key))


_STOPWORD_IDS = frozenset(map(_word_id, rules.STOPWORDS))


def words_of(text: str, start: int = 0, end: int | None = None) -> Words:
    """The words of ``text[start:end]`` with offsets into ``text``; CJK characters are words."""
    end = len(text) if end is None else end
    if _CJK_CHAR.search(text, start, end):
        return _matched_words(text, start, end)
    offsets, parts = _split_words(text[start:end], start)
    return Words(tuple(offsets[1:-1:2]), tuple(offsets[2::2]), tuple(map(_key, parts[1::2])))


def _split_words(chunk: str, base: int) -> tuple[list[int], list[str]]:
    """A stretch without CJK split keeping its words, ``[gap, word, gap, ..., word, gap]``, and
    where each part starts (from ``base``; one more offset, the end). One pass of the
    expression in C, and strings and ints only: match objects are tracked by the garbage
    collector, and a text's worth alive at once set off collections that rescan everything a
    run holds (bench/quotes.py's scaling rows give the collector's time in the features)."""
    parts = _WORD_SPLIT.split(chunk)
    return list(itertools.accumulate(map(len, parts), initial=base)), parts


def _matched_words(text: str, start: int, end: int) -> Words:
    """:func:`words_of` match by match, splitting CJK runs into characters."""
    starts: list[int] = []
    ends: list[int] = []
    keys: list[str] = []
    for m in _WORD.finditer(text, start, end):
        word = m.group()
        if word.isascii() or not _CJK_CHAR.search(word):
            starts.append(m.start())
            ends.append(m.end())
            keys.append(_key(word))
            continue
        # Chinese and Japanese are written without spaces: each character is a word.
        base = m.start()
        run = 0
        for i, ch in enumerate(word):
            if _CJK_CHAR.match(ch):
                if run < i:
                    starts.append(base + run)
                    ends.append(base + i)
                    keys.append(_key(word[run:i]))
                starts.append(base + i)
                ends.append(base + i + 1)
                keys.append(ch)
                run = i + 1
        if run < len(word):
            starts.append(base + run)
            ends.append(base + len(word))
            keys.append(_key(word[run:]))
    return Words(tuple(starts), tuple(ends), tuple(keys))


def _bigrams(stems: Sequence[str]) -> bytes:
    """The hashes of a quote's content-word bigrams, distinct and sorted, as 8-byte words."""
    content = [s for s in stems if s not in rules.STOPWORDS]
    pairs = {hash((_word_id(a), _word_id(b))) & _MASK64 for a, b in itertools.pairwise(content)}
    return array("Q", sorted(pairs)).tobytes()


# --- 1. Features (map) ------------------------------------------------------------------------


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
        lo, (hi, _) = self.starts[first], _run(text, self.starts[stop - 1])
        if _WORD.match(text, lo) and not _CJK_CHAR.search(text, lo, hi):
            return words_of(text, lo, hi)
        return _cjk_span(text, lo, hi, stop - first)

    def word_end(self, text: str, i: int) -> int:
        """Where word ``i`` of this source ends (as :meth:`word_span` finds it)."""
        at = self.starts[i]
        end, whole = _run(text, at)
        if whole and not _CJK_CHAR.search(text, at, end):
            return end
        return _cjk_span(text, at, end, 1).ends[0]


def _run(text: str, at: int) -> tuple[int, bool]:
    """The end of the match of the word pattern holding the word that starts at ``at``, and
    whether the match starts there: a word split from a run holding CJK may begin with the
    run's apostrophe ("'3" of "は'3")."""
    found = _WORD.match(text, at)
    if found is not None:
        return found.end(), True
    found = _WORD.match(text, at + 1)
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


@_memo
def _raw_id(word: str) -> int:
    return _key_id(_key(word))


def _starts_and_ids(text: str) -> tuple[list[int], list[int]]:
    """Each word's start and stem id: :func:`words_of` without its per-word Python work where
    the text has no CJK (most do)."""
    if _CJK_CHAR.search(text):
        found = _matched_words(text, 0, len(text))
        return list(found.starts), list(map(_key_id, found.keys))
    offsets, parts = _split_words(text, 0)
    return offsets[1:-1:2], list(map(_raw_id, parts[1::2]))


def source_features(source: str, text: str, quotes: Sequence[Quote]) -> SourceFeatures:
    """The features of one source (pure: depends on nothing but its arguments)."""
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


# --- 2. Index join ----------------------------------------------------------------------------


Run4 = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class PairHits:
    """Two sources (``a`` before ``b`` in id order), how many shingles they share, and those
    shingles chained along diagonals into runs ``(a_start, a_stop, b_start, b_stop)`` in
    words, sorted."""

    a: int
    b: int
    hits: int
    runs: list[Run4]


@dataclass(frozen=True, slots=True)
class RunTable:
    """The candidate pairs as columns: per pair its sources ``a < b``, shared shingles, and
    its runs' rows ``[starts, stops)``; per run its words ``a0:a1`` in ``a`` and ``b0:b1`` in
    ``b``. Pairs in ``(a, b)`` order, a pair's runs sorted."""

    a: NDArray[np.int64]
    b: NDArray[np.int64]
    hits: NDArray[np.int64]
    starts: NDArray[np.int64]
    stops: NDArray[np.int64]
    a0: NDArray[np.int64]
    a1: NDArray[np.int64]
    b0: NDArray[np.int64]
    b1: NDArray[np.int64]

    def pairs(self, which: Iterable[int] | None = None) -> Iterator[PairHits]:
        """Pairs (those of indexes ``which``, in that order, else all) as :class:`PairHits`."""
        a0, a1, b0, b1 = (c.tolist() for c in (self.a0, self.a1, self.b0, self.b1))
        a, b, hits = self.a.tolist(), self.b.tolist(), self.hits.tolist()
        starts, stops = self.starts.tolist(), self.stops.tolist()
        for p in range(len(a)) if which is None else which:
            lo, hi = starts[p], stops[p]
            runs = list(zip(a0[lo:hi], a1[lo:hi], b0[lo:hi], b1[lo:hi], strict=True))
            yield PairHits(a[p], b[p], hits[p], runs)

    def reaching(self, words: int) -> NDArray[np.bool_]:
        """Whether each pair's runs reach ``words`` from the first to the last on both sides
        (no passage joined from them can be longer)."""
        if not len(self.starts):
            return np.zeros(0, dtype=bool)
        at = self.starts
        reach_a = np.maximum.reduceat(self.a1, at) - np.minimum.reduceat(self.a0, at)
        reach_b = np.maximum.reduceat(self.b1, at) - np.minimum.reduceat(self.b0, at)
        reaching: NDArray[np.bool_] = (reach_a >= words) & (reach_b >= words)
        return reaching


Run = Callable[[Callable[[int], Any], Iterable[int]], Iterable[Any]]
"""How the join's per-partition tasks run: ``run(task, partitions)`` returns the results in
partition order. The builtin ``map`` runs them here; the Dask engine runs them on a cluster."""


Postings = tuple["NDArray[np.int64]", "NDArray[np.int64]", "NDArray[np.int64]"]
"""A partition's repeated shingles: hashes, sources (by index) and positions, three arrays
sorted by hash, then source, then position."""

Marks = tuple["NDArray[np.uint8]", "NDArray[np.int64]"]
"""Where repeated shingles start: 1 at ``offsets[source] + position + 1`` (each source's
stretch padded with a 0 both ends), and the offsets."""


def _groups(hashes: NDArray[np.int64], docs: NDArray[np.int64]) -> tuple[NDArray[Any], ...]:
    """For arrays sorted by hash then source: each element's group (equal hash), and per
    group its first element, its size and its number of distinct sources."""
    n = len(hashes)
    starts_group = np.ones(n, dtype=bool)
    starts_group[1:] = hashes[1:] != hashes[:-1]
    starts_doc = starts_group.copy()
    starts_doc[1:] |= docs[1:] != docs[:-1]
    group = np.cumsum(starts_group) - 1
    firsts = np.flatnonzero(starts_group)
    sizes = np.diff(np.append(firsts, n))
    distinct = np.add.reduceat(starts_doc, firsts) if n else np.zeros(0, dtype=np.int64)
    return group, firsts, sizes, distinct


# A bitmap over the low bits of hashes, 16 MB: few false candidates for millions of hashes.
_BITMAP_BITS = 24
_BITMAP_MASK = (1 << _BITMAP_BITS) - 1


def _partitions(features: Sequence[SourceFeatures]) -> list[Postings]:
    """The shingles whose hash is there more than once, as columns (hash, source, position)
    by partition of the hash space, in source order and word order within a source."""
    parts = rules.INDEX_PARTITIONS
    empty = np.zeros(0, dtype=np.int64)
    lengths = np.array([len(f.shingles) for f in features], dtype=np.int64)
    if not lengths.sum():
        return [(empty, empty, empty)] * parts
    hashes = np.frombuffer(b"".join(f.shingles for f in features), dtype=np.int64)
    # Most hashes are there once (9 in 10 of 10,000 articles'): a sort of their low halves
    # finds the values that may repeat before anything is grouped, a bitmap of their low bits
    # the shingles that may be there twice, and a sort of those few the ones that are (an
    # argsort of every hash took three times as long; a binary search of each candidate in
    # the repeated values, twice as long).
    low = hashes.view(np.uint32)[int(sys.byteorder == "big") :: 2]  # each hash's low half
    ordered = np.sort(low)  # half the bytes of the whole hashes; a few more repeat
    repeated = ordered[1:][ordered[1:] == ordered[:-1]]
    del ordered
    bitmap = np.zeros(1 << _BITMAP_BITS, dtype=bool)
    bitmap[(repeated & np.uint32(_BITMAP_MASK)).astype(np.intp)] = True
    del repeated
    maybe = np.flatnonzero(bitmap[low & np.uint32(_BITMAP_MASK)])
    del bitmap, low
    # In hash order, and within a hash in source and word order (their order in ``maybe``):
    # each partition's task then sorts rows already in order (a pass).
    values, order = _stable_argsort(hashes[maybe])
    twin = values[1:] == values[:-1]
    kept = np.zeros(len(values), dtype=bool)
    kept[1:] = twin
    kept[:-1] |= twin
    rows = order[kept]
    hashes = values[kept]
    del values, order, twin, kept
    # Sources and positions found where ``maybe`` is in order (a binary search per row that
    # starts where the last one ended), then taken in the rows' order.
    ends = np.cumsum(lengths)
    docs = np.searchsorted(ends, maybe, side="right")
    positions = (maybe - (ends - lengths)[docs])[rows]
    docs = docs[rows]
    del maybe, rows
    lane = (hashes & 0xFF).astype(np.uint8) % parts
    by_lane = np.argsort(lane, kind="stable")  # keeps source and word order
    hashes, docs, positions = hashes[by_lane], docs[by_lane], positions[by_lane]
    out = []
    lo = 0
    for hi in np.cumsum(np.bincount(lane, minlength=parts)).tolist():
        out.append((hashes[lo:hi], docs[lo:hi], positions[lo:hi]))
        lo = hi
    return out


def _postings_in(columns: Sequence[Postings], p: int) -> Postings:
    """The shingles of partition ``p`` whose hash two to ``DOCUMENT_FREQUENCY_CAP`` sources
    have, where they are (the join's first round)."""
    # A group-by as a sort (numpy, C loops): posting each shingle in a dict took most of the
    # join's time on 10,000 articles.
    hashes, docs, positions = columns[p]
    # Keeps source and word order within a hash (rows from _partitions are in order already:
    # a pass).
    order = np.argsort(hashes, kind="stable")
    hashes, docs, positions = hashes[order], docs[order], positions[order]
    group, _, sizes, distinct = _groups(hashes, docs)
    cap = rules.DOCUMENT_FREQUENCY_CAP
    kept = ((distinct >= 2) & ((sizes <= cap) | (distinct <= cap)))[group]
    return hashes[kept], docs[kept], positions[kept]


def _shared_marks(features: Sequence[SourceFeatures], postings: Iterable[Postings]) -> Marks:
    """Per source, 1 at ``position + 1`` where a repeated shingle starts (0-padded both ends)."""
    offsets = np.zeros(len(features) + 1, dtype=np.int64)
    np.cumsum([feat.words + 2 for feat in features], out=offsets[1:])
    marks = np.zeros(int(offsets[-1]), dtype=np.uint8)
    for _, docs, positions in postings:
        marks[offsets[docs] + positions + 1] = 1
    return marks, offsets


def _pairs_in(postings: Sequence[Postings], marks: Marks | None, p: int) -> Postings:
    """Shared shingles of partition ``p`` by source pair, from the postings of its repeated
    hashes; with ``marks``, only shingles with a shared neighbour count (the join's second
    round). Returns ``(a << 32 | b, position in a << 32 | position in b)`` for each pair of
    occurrences of a hash in sources ``a < b`` (and an empty third array)."""
    hashes, docs, positions = postings[p]
    if marks is not None:
        flags, offsets = marks
        at = offsets[docs] + positions
        near = (flags[at] | flags[at + 2]).astype(bool)
        hashes, docs, positions = hashes[near], docs[near], positions[near]
    group, _, _, distinct = _groups(hashes, docs)
    shared = (distinct >= 2)[group]  # in one source only: nothing to pair
    hashes, docs, positions = hashes[shared], docs[shared], positions[shared]
    xs, ys = _pairs_within(hashes, docs)
    return (
        (docs[xs] << _POS_BITS) | docs[ys],
        (positions[xs] << _POS_BITS) | positions[ys],
        np.zeros(0, dtype=np.int64),
    )


def _pairs_within(
    keys: NDArray[np.int64], docs: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """For arrays sorted by key then source: the index pairs ``x < y`` of elements with the
    same key and different sources (so the first of a pair is the earlier source)."""
    group, firsts, sizes, _ = _groups(keys, docs)
    end = (firsts + sizes)[group]
    xs: list[NDArray[np.int64]] = []
    ys: list[NDArray[np.int64]] = []
    # Every pair (x, x + step) inside a group, one step at a time.
    x = np.flatnonzero(np.arange(len(keys)) + 1 < end)
    step = 1
    while x.size:
        y = x + step
        other = docs[x] != docs[y]
        xs.append(x[other])
        ys.append(y[other])
        step += 1
        x = x[x + step < end[x]]
    if not xs:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    return np.concatenate(xs), np.concatenate(ys)


def _lexsort(columns: Sequence[NDArray[np.int64]], stable: bool = True) -> NDArray[np.intp]:
    """The order ``np.lexsort(columns)`` gives (the last column the primary key), found by one
    stable argsort of the columns packed into 63 bits where their ranges fit (several times
    faster than np.lexsort on a million rows), else by np.lexsort. Without ``stable``, rows
    that tie may come in any order, for a caller to whom tied rows are alike; the packed sort
    is then the faster unstable one (a third of the time on a million rows, with AVX-512)."""
    if not len(columns[0]):
        return np.zeros(0, dtype=np.intp)
    lows = [int(c.min()) for c in columns]
    widths = [(int(c.max()) - low).bit_length() for c, low in zip(columns, lows, strict=True)]
    if sum(widths) > 63:
        return np.lexsort(columns)
    packed = np.zeros(len(columns[0]), dtype=np.int64)
    shift = 0
    for column, low, width in zip(columns, lows, widths, strict=True):
        packed |= (column - low) << shift
        shift += width
    return np.argsort(packed, kind="stable" if stable else None)


PairFilter = Callable[[RunTable], "NDArray[np.bool_]"]
"""``wanted(table)``: which pairs of the table to keep."""


def _no_runs() -> RunTable:
    empty = np.zeros(0, dtype=np.int64)
    return RunTable(*[empty] * 9)


def candidate_runs(
    features: Sequence[SourceFeatures],
    run: Run = map,
    least: int = 1,
    wanted: PairFilter | None = None,
) -> RunTable:
    """Source pairs sharing runs of shingles, in ``(a, b)`` order: a group-by over shingle
    hashes, as two rounds of tasks over the partitions of the hash space. The first finds the
    hashes two or more sources have and where they are (one partition's tables in memory per
    task); the second pairs the sources of each. ``run`` runs each round (see :data:`Run`).

    A shingle pairs its sources when two to ``DOCUMENT_FREQUENCY_CAP`` sources have it and,
    in a source, the shingle before or after it is shared too: every match the join looks
    for (``TEXT_MIN_WORDS`` and more) spans two shingles or more, while an isolated five-word
    match is a stock phrase ("at the end of the") and most pairs of sources share only those.
    Pairs sharing fewer than ``least`` shingles are left out, and with ``wanted``, the pairs
    it does not keep. Returned as columns (:class:`RunTable`): no pair is a Python object yet.
    """
    partitions = range(rules.INDEX_PARTITIONS)
    columns = _partitions(features)
    postings = list(run(functools.partial(_postings_in, columns), partitions))
    del columns
    anchor = rules.TEXT_MIN_WORDS > rules.SHINGLE_WORDS
    marks = _shared_marks(features, postings) if anchor else None
    found = list(run(functools.partial(_pairs_in, postings, marks), partitions))
    del postings, marks
    if not found:
        return _no_runs()
    keys = np.concatenate([k for k, _, _ in found])
    hits = np.concatenate([h for _, h, _ in found])
    del found
    if not len(keys):
        return _no_runs()
    pa, pb = hits >> _POS_BITS, hits & _POS_MASK
    del hits
    # Shared shingles chained along diagonals: a run goes on while the next shingle of a on
    # the same diagonal is the next word's.
    # The order permutes only the sorted columns: rows that tie are the same rows.
    order = _lexsort((pa, pa - pb, keys & _POS_MASK, keys >> _POS_BITS), stable=False)
    keys, pa, pb = keys[order], pa[order], pb[order]
    breaks = np.ones(len(keys), dtype=bool)
    breaks[1:] = (
        (keys[1:] != keys[:-1]) | (pa[1:] - pb[1:] != pa[:-1] - pb[:-1]) | (pa[1:] != pa[:-1] + 1)
    )
    first = np.flatnonzero(breaks)
    last = np.append(first[1:], len(keys)) - 1
    k = rules.SHINGLE_WORDS
    # Shared shingles by pair; the runs of pairs sharing fewer than ``least`` are left out.
    pair_starts = np.flatnonzero(np.diff(keys, prepend=-1))
    shared = np.diff(np.append(pair_starts, len(keys)))
    enough = np.repeat(shared >= least, shared)[first]
    first, last = first[enough], last[enough]
    shared = shared[shared >= least]
    run_key = keys[first]
    run_cols = (pa[first], pa[last] + k, pb[first], pb[last] + k)
    # Runs of a pair sorted by place, as _runs did: (a_start, a_stop, b_start, b_stop).
    order = np.lexsort((run_cols[3], run_cols[2], run_cols[1], run_cols[0], run_key))
    run_key = run_key[order]
    cols = [c[order] for c in run_cols]
    starts = np.flatnonzero(np.diff(run_key, prepend=-1))
    stops = np.append(starts[1:], len(run_key))
    pair_keys = run_key[starts]
    table = RunTable(pair_keys >> _POS_BITS, pair_keys & _POS_MASK, shared, starts, stops, *cols)
    if wanted is None or not len(starts):
        return table
    keep = wanted(table)
    if keep.all():
        return table
    # The runs of the pairs kept, renumbered.
    lengths = (stops - starts)[keep]
    rows = np.repeat(keep, stops - starts)
    kept_stops = np.cumsum(lengths)
    return RunTable(
        table.a[keep],
        table.b[keep],
        shared[keep],
        kept_stops - lengths,
        kept_stops,
        *(c[rows] for c in cols),
    )


def _stable_argsort(values: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.intp]]:
    """The values sorted, and ``np.argsort(values, kind="stable")``: one unstable argsort sorts
    them and ranks the distinct ones, then a sort of rank and row packed in one integer puts
    the rows of a rank in their first order (numpy's stable sort of 64-bit values is a merge
    sort; its default one, far quicker)."""
    n = len(values)
    shift = max(1, n.bit_length())
    if 2 * shift > 63:  # rank and row do not fit in one integer
        order = np.argsort(values, kind="stable")
        return values[order], order
    order = np.argsort(values)
    ordered = values[order]  # a value's rows are alike: the same as in the stable order
    if n < 2:
        return ordered, order
    ranks = np.empty(n, dtype=np.int64)
    ranks[0] = 0
    np.cumsum(ordered[1:] != ordered[:-1], out=ranks[1:])
    packed = np.empty(n, dtype=np.int64)
    packed[order] = ranks << shift
    packed |= np.arange(n, dtype=np.int64)
    packed.sort()
    stable: NDArray[np.intp] = (packed & ((1 << shift) - 1)).astype(np.intp)
    return ordered, stable


def quote_pairs(features: Sequence[SourceFeatures]) -> list[tuple[int, int, int, int]]:
    """Quotes of different sources sharing content-word bigrams: ``(a, qa, b, qb)`` indexes,
    ``a < b``, sorted. Catches quotes reworded too much to share a whole shingle."""
    numbered: list[tuple[int, int]] = []  # global quote number -> (source, quote)
    chunks: list[bytes] = []
    for doc, feat in enumerate(features):
        for qi, quote in enumerate(feat.quotes):
            if quote.kind != "title" and quote.stop - quote.first >= rules.CLUSTER_MIN_WORDS:
                numbered.append((doc, qi))
                chunks.append(quote.bigrams)
    size = len(numbered)
    if size < 2:
        return []
    counts = np.fromiter(map(len, chunks), dtype=np.int64, count=size) // 8
    if not counts.sum():
        return []
    # Every (bigram, quote) as columns, grouped by bigram in quote order (numpy sorts): a
    # Counter of the quote pairs of each bigram took a second on 10,000 articles. The
    # unsigned bigram hashes are read as signed: only their equality matters.
    bigrams = np.frombuffer(b"".join(chunks), dtype=np.int64)
    del chunks
    owner = np.repeat(np.arange(size, dtype=np.int64), counts)
    bigrams, order = _stable_argsort(bigrams)
    owner = owner[order]
    source = np.array([d for d, _ in numbered], dtype=np.int64)[owner]
    group, _, _, distinct = _groups(bigrams, source)
    # A bigram in more than QUOTE_BIGRAM_CAP sources is a stock phrase, not evidence.
    kept = ((distinct >= 2) & (distinct <= rules.QUOTE_BIGRAM_CAP))[group]
    bigrams, owner, source = bigrams[kept], owner[kept], source[kept]
    xs, ys = _pairs_within(bigrams, source)
    # Pairs of quotes of different sources sharing bigrams, and how many they share.
    pairs, shared = np.unique(owner[xs] * size + owner[ys], return_counts=True)
    first, second = pairs // size, pairs % size
    enough = (
        (shared >= rules.QUOTE_MIN_SHARED_BIGRAMS)
        | (shared >= counts[first])
        | (shared >= counts[second])
    )
    out = []
    for ga, gb in zip(first[enough].tolist(), second[enough].tolist(), strict=True):
        (da, qa), (db, qb) = numbered[ga], numbered[gb]
        out.append((da, qa, db, qb))
    return out


# --- 3. Alignment -----------------------------------------------------------------------------


def _diff_engine() -> diff_match_patch:
    engine = diff_match_patch()
    # No deadline: the diffs are short, and without one the diff is optimal (and so the same
    # whichever text comes first).
    engine.Diff_Timeout = 0
    return engine


_DMP = _diff_engine()
_PRIVATE_USE = 0xE000
_PRIVATE_USE_SIZE = 0xF900 - 0xE000


def _encode(a: Sequence[str], b: Sequence[str]) -> tuple[str, str]:
    """Each distinct word as one character (linesToChars, for words)."""
    table: dict[str, str] = {}

    def char(word: str) -> str:
        c = table.get(word)
        if c is None:
            n = len(table)
            c = chr(_PRIVATE_USE + n if n < _PRIVATE_USE_SIZE else 0xF0000 + n - _PRIVATE_USE_SIZE)
            table[word] = c
        return c

    return "".join(map(char, a)), "".join(map(char, b))


def word_diff(
    a: Sequence[str], b: Sequence[str], *, semantic: bool = True
) -> list[tuple[int, int]]:
    """The diff of two word sequences as ``(op, number of words)`` (op -1, 0, 1).

    With ``semantic``, diff-match-patch's semantic cleanup runs on the aligned stretch (first
    equal word to last): words one side has before or after it are where the two quotes were
    cut, not changes, and must not pull the equal words next to them into an edit.
    """
    ta, tb = _encode(a, b)
    diffs = _DMP.diff_main(ta, tb, False)
    if semantic:
        equal = [i for i, (op, _) in enumerate(diffs) if op == 0]
        if equal:
            core = diffs[equal[0] : equal[-1] + 1]
            _DMP.diff_cleanupSemantic(core)
            diffs = diffs[: equal[0]] + core + diffs[equal[-1] + 1 :]
    return [(op, len(chunk)) for op, chunk in diffs]


def common_words(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[int, int]]:
    """The pairs ``(i, j)`` of one longest common subsequence of ``a`` and ``b``, in order.

    Which one: Hunt-Szymanski's (each word of ``a`` in turn, its places in ``b`` last to
    first, each pair linked to the best one before it), reached without its per-pair loop.
    The rows of the length table are bit vectors, Python integers over ``b`` (Allison and
    Dix; Hyyro): after ``a[:r + 1]``, bit ``j`` of ``ends[r]`` is set where the common length
    grows at ``b[j]``, one shift-and-add a word of ``a``. Hunt-Szymanski's last pair is
    the highest set bit ``e`` of the last row, with the last ``i`` where ``a[i] == b[e]``;
    its predecessor is the highest bit below ``e`` of row ``i - 1``, and so on: the common
    length of ``a[:i]`` and ``b[:e]`` is one less, so that bit is the one Hunt-Szymanski
    linked. Equal to Hunt-Szymanski pair for pair (tests compare them), with a few integer
    operations a word of ``a`` instead of a binary search a pair of equal words. Deciding whether candidates match needs only this;
    diff-match-patch (whose pure-Python bisection takes milliseconds on a dissimilar pair)
    draws the diffs the report shows.
    """
    m = len(b)
    if not a or not m:
        return []
    masks: dict[Hashable, int] = dict.fromkeys(a, 0)
    for j, word in enumerate(b):
        if word in masks:
            masks[word] |= 1 << j
    full = (1 << m) - 1
    row = full  # a clear bit j: the common length grows at b[j]
    ends: list[int] = []
    grows = 0
    for word in a:
        match = row & masks[word]
        if match:  # else the row stays as it was
            row = ((row + match) | (row - match)) & full
            grows = row ^ full
        ends.append(grows)
    out: list[tuple[int, int]] = []
    r = len(a) - 1
    grows = ends[r]
    while grows:
        e = grows.bit_length() - 1
        word = b[e]
        while a[r] != word:
            r -= 1
        out.append((r, e))
        r -= 1
        if r < 0:
            break
        grows = ends[r] & ((1 << e) - 1)
    out.reverse()
    return out


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch of one source's text and its words (offsets into the source's text)."""

    source: str
    quote: str | None
    start: int
    end: int
    text: str
    keys: tuple[str, ...]
    stems: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, source: str, quote: str | None, text: str, start: int, end: int) -> Passage:
        return cls.from_words(source, quote, text, words_of(text, start, end), start, end)

    @classmethod
    def from_words(
        cls, source: str, quote: str | None, text: str, found: Words, start: int, end: int
    ) -> Passage:
        return cls(
            source,
            quote,
            start,
            end,
            text[start:end],
            found.keys,
            tuple(map(stem, found.keys)),
            found.starts,
            found.ends,
        )

    def surfaces(self) -> list[str]:
        """Each word as written with what follows it up to the next word."""
        base = self.start
        text = self.text
        nexts = [*self.starts[1:], self.ends[-1]] if self.starts else []
        return [text[s - base : e - base] for s, e in zip(self.starts, nexts, strict=True)]


@dataclass(frozen=True, slots=True)
class Comparison:
    """How two passages differ."""

    verdict: str
    similarity: float
    linked: bool


@functools.lru_cache(maxsize=4096)
def _typographic(text: str) -> str:
    """The text with typographic variants unified and edge punctuation dropped (cached: a
    cluster's members are compared pairwise)."""
    return " ".join(text.translate(_TYPO).split()).strip(_EDGE_PUNCT)


def _contains(long: Sequence[str], short: Sequence[str]) -> bool:
    if not short or len(short) > len(long):
        return False
    sep = "\x1f"
    return (sep + sep.join(short) + sep) in (sep + sep.join(long) + sep)


def linked(a: Sequence[str], b: Sequence[str], unquoted: bool) -> bool:
    """Whether two stretches with these word stems are the same quotation (the rules beside
    ``LINK_MIN_OVERLAP``); ``unquoted``: one of them is unquoted text (a higher bar)."""
    if not a or not b:
        return False
    shortest = min(len(a), len(b))
    if unquoted and shortest < rules.TEXT_MIN_WORDS:
        return False
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    common = LCSseq.similarity(a, b)  # C++; one inside the other has all its words in common
    if common == len(short) and _contains(long, short):
        return shortest >= (rules.TEXT_FRAGMENT_MIN_WORDS if unquoted else rules.FRAGMENT_MIN_WORDS)
    # The length of a longest common subsequence decides most candidates before one is
    # built: fewer common words than LINK_MIN_CONTENT, or too dissimilar for the similarity
    # rule while too short (or unquoted) for the long-run rule, is no link whichever
    # subsequence is taken. Bounds only: every decision is the one the rules below make.
    alike = 2 * common / (len(a) + len(b))
    threshold = rules.TEXT_MIN_SIMILARITY if unquoted else rules.LINK_MIN_SIMILARITY
    if common < rules.LINK_MIN_CONTENT or (
        alike < threshold and (unquoted or common < rules.LINK_LONG_RUN)
    ):
        return False
    if alike < threshold and _no_shared_run(short, long, rules.LINK_LONG_RUN):
        return False  # the long-run rule needs a run of LINK_LONG_RUN words in common
    pairs = common_words(a, b)
    matched = sum(1 for i, _ in pairs if a[i] not in rules.STOPWORDS)
    if matched < rules.LINK_MIN_CONTENT:
        return False
    run = _longest_run(pairs)
    if alike >= threshold:
        return run >= rules.LINK_MIN_RUN
    content = min(_content_count(a), _content_count(b))
    return (
        not unquoted and run >= rules.LINK_LONG_RUN and matched >= rules.LINK_MIN_OVERLAP * content
    )


def _no_shared_run(short: Sequence[str], long: Sequence[str], n: int) -> bool:
    """Whether no ``n`` consecutive words of ``short`` are also consecutive in ``long`` (so no
    common subsequence of theirs has ``n`` consecutive pairs): their n-grams as sets, in C."""
    grams = set(zip(*(short[i:] for i in range(n)), strict=False))
    return grams.isdisjoint(zip(*(long[i:] for i in range(n)), strict=False))


def compare(a: Passage, b: Passage, *, link: bool = True) -> Comparison:
    """Verdict, similarity (word-level, case-folded, 0..1) and whether ``a`` and ``b`` are the
    same quotation (:func:`linked`; not decided, False, without ``link``)."""
    similarity = _similarity(a.keys, b.keys)
    if a.stems == b.stems:
        verdict = "exact" if _typographic(a.text) == _typographic(b.text) else "minor"
    else:
        short, long = (a, b) if len(a.stems) <= len(b.stems) else (b, a)
        verdict = "fragment" if _contains(long.stems, short.stems) else "variant"
    same = link and linked(a.stems, b.stems, a.quote is None or b.quote is None)
    return Comparison(verdict, similarity, same)


def _longest_run(pairs: Sequence[tuple[int, int]]) -> int:
    """The longest stretch of consecutive pairs ``(i, j), (i + 1, j + 1), ...``."""
    best = run = 0
    previous = (-2, -2)
    for i, j in pairs:
        run = run + 1 if (i, j) == (previous[0] + 1, previous[1] + 1) else 1
        best = max(best, run)
        previous = (i, j)
    return best


def _similarity(a: Sequence[str], b: Sequence[str]) -> float:
    if not a and not b:
        return 1.0
    return round(2 * LCSseq.similarity(a, b) / (len(a) + len(b)), rules.ROUND)


def _content_count(stems: Sequence[str]) -> int:
    return len(stems) - sum(map(rules.STOPWORDS.__contains__, stems))


def display_diff(a: Passage, b: Passage) -> list[list[Any]]:
    """The word diff from ``a`` to ``b`` as ``[op, text]``, semantic cleanup applied, each
    word shown as written (equal stretches as ``a`` writes them)."""
    out: list[list[Any]] = []
    ia = ib = 0
    sa, sb = a.surfaces(), b.surfaces()
    for op, n in word_diff(a.keys, b.keys):
        if op == 1:
            chunk = "".join(sb[ib : ib + n])
            ib += n
        else:
            chunk = "".join(sa[ia : ia + n])
            ia += n
            if op == 0:
                ib += n
        if out and out[-1][0] == op:
            out[-1][1] += chunk
        else:
            out.append([op, chunk])
    return out


def _locate(
    quote: Sequence[int], window: Sequence[int], starts: Sequence[int], text: str
) -> tuple[int, int] | None:
    """Indexes ``[first, stop)`` of the words of ``window`` (stem ids; ``starts``, their
    offsets in ``text``) that the quote's stem ids align with: from the first to the last
    aligned word that is in a run of two or more or is a content word, inside the paragraph
    holding most of them; None if none aligns.

    A quote there word for word is that stretch: the subsequence may take one of its words
    from before it ("The" of "The IRS used ...", from the words before the quote) and then
    leave that word out as an isolated stopword."""
    at = _find_words(quote, window)
    if at is not None:
        return at, at + len(quote)
    kept: list[int] = []
    pairs = common_words(quote, window)
    for n, (i, j) in enumerate(pairs):
        joined = (n > 0 and pairs[n - 1] == (i - 1, j - 1)) or (
            n + 1 < len(pairs) and pairs[n + 1] == (i + 1, j + 1)
        )
        if joined or window[j] not in _STOPWORD_IDS:
            kept.append(j)
    if not kept:
        return None
    groups: list[list[int]] = [[kept[0]]]
    for j in kept[1:]:
        # A word holds no line break: one between two words' starts is between the words.
        if "\n" in text[starts[groups[-1][-1]] : starts[j]]:
            groups.append([j])
        else:
            groups[-1].append(j)
    best = max(groups, key=len)
    return best[0], best[-1] + 1


def _find_words(sought: Sequence[int], ids: Sequence[int]) -> int | None:
    """The index of the first place ``ids`` holds the words ``sought`` one after another."""
    if not sought:
        return None
    needle, haystack = array("I", sought).tobytes(), array("I", ids).tobytes()
    size = array("I").itemsize
    at = haystack.find(needle)
    while at % size and at > 0:  # a match across two ids' bytes is none
        at = haystack.find(needle, at + 1)
    return None if at < 0 else at // size


# --- Clusters ---------------------------------------------------------------------------------


# An occurrence: (source, start, end, quote id or None for unquoted text).
Node = tuple[str, int, int, "str | None"]


def _order(node: Node) -> tuple[str, int, int, str]:
    return (node[0], node[1], node[2], node[3] or "")


class _Forest:
    """Union-find over occurrences; a component's root is its first occurrence."""

    def __init__(self) -> None:
        self.parent: dict[Node, Node] = {}

    def find(self, x: Node) -> Node:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, x: Node, y: Node) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            if _order(ry) < _order(rx):
                rx, ry = ry, rx
            self.parent[ry] = rx


@dataclass(frozen=True, slots=True)
class Relations:
    """Quote clusters and reused passages, as report objects (sorted, with stable ids)."""

    quote_clusters: tuple[dict[str, Any], ...]
    reused_passages: tuple[dict[str, Any], ...]


def relate(sources: Sequence[tuple[str, Document, Sequence[Quote]]]) -> Relations:
    """Cluster the same quotation across sources and find passages reused between them.

    Convenience over :func:`source_features` and :func:`relate_features` for sources already
    in memory; the result does not depend on the order of ``sources``.
    """
    texts = {source: doc.text for source, doc, _ in sources}
    features = [source_features(source, doc.text, quotes) for source, doc, quotes in sources]
    return relate_features(features, texts.__getitem__)


def relate_features(
    features: Iterable[SourceFeatures], text_of: Callable[[str], str], run: Run = map
) -> Relations:
    """Relate sources from their features; ``text_of(source)`` gives a source's text, asked
    only for sources that turn out to share something (a few are cached at a time); ``run``
    runs the index join's tasks (see :func:`candidate_runs`).

    Memory: the features, one index partition, the candidate pairs' shared shingles, and the
    matches found (as offsets; passages are rebuilt from the text for the report).

    The cyclic garbage collector is paused meanwhile (see :func:`_collector_paused`).
    """
    feats = sorted(features, key=lambda f: f.source)
    if len(feats) < 2:
        return Relations((), ())  # nothing to relate a single source to (`audit PAGE`)
    with _collector_paused():
        return _relate(feats, text_of, run)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off, then back as it was. The join makes some hundred
    thousand small containers on 10,000 articles, none of them in a cycle, and each of them
    counts toward the next collection; a full one rescans every object the caller holds (the
    sources' findings; the scaling rows of bench/quotes.py give what the collector still
    takes in the join). Reference counting frees what the join drops, as always."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _relate(feats: Sequence[SourceFeatures], text_of: Callable[[str], str], run: Run) -> Relations:
    """:func:`relate_features` on features sorted by source."""
    texts = _Texts(text_of)
    edges: list[tuple[Node, Node]] = []
    runs_kept: list[tuple[int, int, tuple[int, int, int, int]]] = []

    def quote_node(doc: int, qi: int) -> Node:
        feat = feats[doc]
        quote = feat.quotes[qi]
        return (feat.source, quote.start, quote.end, quote.id)

    # Whether two wordings are the same quotation, decided once for each (sources repeating
    # a quote word for word ask again and again).
    decided: dict[tuple[tuple[str, ...], tuple[str, ...], bool], bool] = {}

    def same(xs: tuple[str, ...], ys: tuple[str, ...], unquoted: bool) -> bool:
        key = (xs, ys, unquoted)
        found = decided.get(key)
        if found is None:
            found = decided[key] = linked(*key)
        return found

    def link(x: Node, xs: tuple[str, ...], y: Node, ys: tuple[str, ...]) -> None:
        if _order(y) < _order(x):
            x, xs, y, ys = y, ys, x, xs
        if same(xs, ys, x[3] is None or y[3] is None):
            edges.append((x, y))

    # Quotes sharing content bigrams: ``da < db``, so the first node is the earlier (sources
    # are in id order), as link() would order them; the nodes are built for links only.
    for da, qa, db, qb in quote_pairs(feats):
        if same(feats[da].quotes[qa].stems, feats[db].quotes[qb].stems, False):
            edges.append((quote_node(da, qa), quote_node(db, qb)))

    # Sources sharing shingles: quotes found in the other's text, and reused passages. A quote
    # needs TEXT_MIN_WORDS of its words in shared shingles, so a pair sharing fewer shingles
    # than that takes can hold neither.
    least = -(-rules.TEXT_MIN_WORDS // rules.SHINGLE_WORDS)
    sought = _SoughtQuotes(feats)
    # Where a quote's words align in another source's region: the same for every source
    # quoting the same words (wire copies), so looked for once.
    located: dict[tuple[int, tuple[int, int], tuple[str, ...]], Located | None] = {}
    table = candidate_runs(feats, run, least, sought.worth_aligning)
    pair_a, pair_b = table.a.tolist(), table.b.tolist()
    for p, flip, qi, region in sought.places(table):
        doc, other = (pair_b[p], pair_a[p]) if flip else (pair_a[p], pair_b[p])
        quote = feats[doc].quotes[qi]
        key = (other, region, quote.stems)
        if key in located:
            found = located[key]
        else:
            ids = tuple(map(_word_id, quote.stems))
            found = located[key] = _locate_in(ids, feats[other], region, texts)
        if found is None:
            continue
        start, end, inside, stems = found
        if inside is not None:
            target = quote_node(other, inside)
        else:
            target = (feats[other].source, start, end, None)
        link(quote_node(doc, qi), quote.stems, target, stems)
    # Passages, from the pairs whose runs reach far enough on both sides.
    long = np.flatnonzero(table.reaching(rules.REUSE_MIN_WORDS)).tolist()
    for pair in table.pairs(long):
        runs_kept.extend((pair.a, pair.b, run) for run in _passages(pair.runs))

    clusters = _clusters(edges, texts)
    reused = _reused_passages(feats, runs_kept, texts)
    return Relations(tuple(clusters), tuple(reused))


def _sought(quote: QuoteFeature) -> bool:
    """Whether a quote is looked for in other sources' unquoted text: not a title, and long
    enough for a match there to mean something."""
    return quote.kind != "title" and quote.stop - quote.first >= rules.TEXT_MIN_WORDS


class _SoughtQuotes:
    """The quotes looked for in other sources' text (:func:`_sought`): their word spans
    numbered across sources, sorted, with the farthest any of them reaches so far, so that
    which of them a run touches is a binary search and a short walk back, and whether it
    touches one a binary search: with numpy, for all runs at once."""

    def __init__(self, feats: Sequence[SourceFeatures]) -> None:
        base = [0, *itertools.accumulate(feat.words for feat in feats)]
        spans = sorted(
            (base[doc] + quote.first, base[doc] + quote.stop, qi)
            for doc, feat in enumerate(feats)
            for qi, quote in enumerate(feat.quotes)
            if _sought(quote)
        )
        columns = np.array(spans, dtype=np.int64).reshape(-1, 3).T
        self.base = np.array(base, dtype=np.int64)
        self.firsts, self.stops, self.index = columns  # index: the quote's in its source
        # A run overlaps a quote iff one starting before the run's end reaches past its start;
        # sources do not overlap in these numbers, so no quote reaches into the next source.
        self.reach = np.maximum.accumulate(self.stops)

    def worth_aligning(self, table: RunTable) -> NDArray[np.bool_]:
        """The :data:`PairFilter` of the join: a pair is worth aligning when one of its runs
        touches a sought quote on either side, or when its runs reach ``REUSE_MIN_WORDS`` on
        both sides (no shorter pair can hold a reused passage). On 10,000 news-12k articles
        26,642 of the 84,708 candidate pairs are."""
        if not len(table.starts):
            return np.zeros(0, dtype=bool)
        a = np.repeat(table.a, table.stops - table.starts)
        b = np.repeat(table.b, table.stops - table.starts)
        touching = self._touch_all(a, table.a0, table.a1) | self._touch_all(b, table.b0, table.b1)
        quoted = np.maximum.reduceat(touching.astype(np.uint8), table.starts).astype(bool)
        result: NDArray[np.bool_] = quoted | table.reaching(rules.REUSE_MIN_WORDS)
        return result

    def places(self, table: RunTable) -> list[tuple[int, bool, int, tuple[int, int]]]:
        """Where in the other source of each pair its runs say a sought quote of one source
        may be: ``(pair, flip, quote index, region)``, ``flip`` when the quote is in ``b``,
        sorted by pair, then side, quote and region (``(first, stop)`` words).

        The quote's words are carried along each run overlapping it (a run is one diagonal),
        so a run covering part of the quote still points at all of it, and a run reaching
        beyond the quote (a copied paragraph) points at the quote's place in it, not at the
        whole run. Runs pointing to places farther apart than the quote is long are separate
        places; a place whose runs cover fewer than ``TEXT_MIN_WORDS`` of the quote's words
        cannot match it, and is left out; a place is widened by ``WINDOW_SLACK`` words.

        On arrays for all pairs at once: the quotes a run overlaps by a binary search and a
        walk back taken a step at a time for all runs, the places by :func:`_regions_of`
        (tests compare both with the pair-by-pair loops they replace)."""
        if not len(self.firsts) or not len(table.starts):
            return []
        firsts, stops, reach, base = self.firsts, self.stops, self.reach, self.base
        pair_of_run = np.repeat(np.arange(len(table.starts)), table.stops - table.starts)
        found = []
        sides = (
            (table.a, table.a0, table.a1, table.b0),
            (table.b, table.b0, table.b1, table.a0),
        )
        for flip, (docs, own0, own1, other0) in enumerate(sides):
            offset = base[docs[pair_of_run]]
            g0, g1 = offset + own0, offset + own1
            # (run, quote) for every sought quote a run overlaps: firsts before the run's end,
            # walking back while some quote still reaches past its start.
            k = np.searchsorted(firsts, g1) - 1
            rows = np.flatnonzero(k >= 0)
            k = k[rows]
            rows_hit, quotes_hit = [], []
            while rows.size:
                going = reach[k] > g0[rows]
                rows, k = rows[going], k[going]
                hit = stops[k] > g0[rows]
                rows_hit.append(rows[hit])
                quotes_hit.append(k[hit])
                rows, k = rows[k > 0], k[k > 0] - 1
            if not rows_hit:
                continue
            r = np.concatenate(rows_hit)
            q = np.concatenate(quotes_hit)
            if not r.size:
                continue
            regions = _regions_of(
                pair_of_run[r],
                q,
                firsts[q] - offset[r],
                stops[q] - offset[r],
                own0[r],
                own1[r],
                other0[r] - own0[r],
            )
            pairs, quotes, lo, hi = regions
            found.append((pairs, np.full(len(pairs), flip), self.index[quotes], lo, hi))
        if not found:
            return []
        pairs, flips, qis, lo, hi = (np.concatenate(c) for c in zip(*found, strict=True))
        order = np.lexsort((lo, qis, flips, pairs))
        return [
            (p, bool(f), qi, (a, b))
            for p, f, qi, a, b in zip(
                *(c[order].tolist() for c in (pairs, flips, qis, lo, hi)), strict=True
            )
        ]

    def _touch_all(
        self, docs: NDArray[np.int64], first: NDArray[np.int64], stop: NDArray[np.int64]
    ) -> NDArray[np.bool_]:
        """Whether each of these runs touches a sought quote of its source."""
        if not len(self.firsts):
            return np.zeros(len(docs), dtype=bool)
        base = self.base[docs]
        before = np.searchsorted(self.firsts, base + stop)
        reach = self.reach[np.maximum(before - 1, 0)]
        touched: NDArray[np.bool_] = (before > 0) & (reach > base + first)
        return touched


def _regions_of(
    pairs: NDArray[np.int64],
    quotes: NDArray[np.int64],
    q_first: NDArray[np.int64],
    q_stop: NDArray[np.int64],
    own0: NDArray[np.int64],
    own1: NDArray[np.int64],
    shift: NDArray[np.int64],
) -> tuple[NDArray[np.int64], ...]:
    """The places of :meth:`_SoughtQuotes.places` for many (pair, quote) groups at once, from
    one row per run and quote it overlaps (the quote's words and the run's in the quote's
    source, and the run's diagonal ``shift``): ``(pair, quote, region start, region stop)``
    per region kept.

    Sorted by start, places merge while they overlap; here that is running maxima over
    rows sorted by group and start, each group's values lifted above the last group's, so
    one ``np.maximum.accumulate`` restarts at every group: a place starting after every
    earlier place in its group has ended opens a region (sorted by start, a region's places
    all end after the last region's), and a covered stretch adds the words past the farthest
    one before it in its region."""
    start = np.maximum(0, q_first + shift)
    stop = q_stop + shift
    c0, c1 = np.maximum(own0, q_first), np.minimum(own1, q_stop)
    order = np.lexsort((start, quotes, pairs))
    pairs, quotes, start, stop, c0, c1 = (x[order] for x in (pairs, quotes, start, stop, c0, c1))
    n = len(pairs)
    new_group = np.ones(n, dtype=bool)
    new_group[1:] = (pairs[1:] != pairs[:-1]) | (quotes[1:] != quotes[:-1])
    group = np.cumsum(new_group) - 1
    lift = int(stop.max()) + 2
    farthest = np.maximum.accumulate(group * lift + stop)
    new_region = new_group.copy()
    new_region[1:] |= group[1:] * lift + start[1:] > farthest[:-1]
    region = np.cumsum(new_region) - 1
    firsts = np.flatnonzero(new_region)
    lo = start[firsts]
    hi = np.maximum.reduceat(stop, firsts)
    # Words of the quote the region's runs cover, each once.
    by_start = np.lexsort((c0, region))
    region_s, c0, c1 = region[by_start], c0[by_start], c1[by_start]
    lift = int(c1.max()) + 2
    lifted_end = region_s * lift + c1
    before = np.empty(n, dtype=np.int64)
    before[0] = -1
    before[1:] = np.maximum.accumulate(lifted_end)[:-1]
    added = np.maximum(0, lifted_end - np.maximum(region_s * lift + c0, before))
    covered = np.bincount(region_s, weights=added, minlength=len(firsts))
    kept = covered >= rules.TEXT_MIN_WORDS
    return (
        pairs[firsts][kept],
        quotes[firsts][kept],
        np.maximum(0, lo[kept] - rules.WINDOW_SLACK),
        hi[kept] + rules.WINDOW_SLACK,
    )


class _Texts:
    """Sources' texts on demand, a few at a time (the join visits pairs in order), and the
    passages of occurrences, built from them."""

    def __init__(self, text_of: Callable[[str], str], size: int = 64) -> None:
        self.text = functools.lru_cache(maxsize=size)(text_of)
        self.passage = functools.lru_cache(maxsize=size * 16)(self._passage)

    def _passage(self, node: Node) -> Passage:
        source, start, end, quote = node
        return Passage.of(source, quote, self.text(source), start, end)


Located = tuple[int, int, "int | None", tuple[str, ...]]
"""Where a quote aligns in a source: character offsets, the index of the source's quote
holding that stretch (None if none does), and the stems of that quote or of the stretch."""


def _locate_in(
    quote: Sequence[int], other: SourceFeatures, region: tuple[int, int], texts: _Texts
) -> Located | None:
    """Where in ``other``, around words ``region``, the quote's stem ids align (None when
    nothing aligns). The features' stem ids are compared, so only the stretch found is
    tokenised, and only when no quote of ``other`` holds it. (Ids are CRC-32s of stems: two
    stems with one id would be taken for one word here, as the shingle index already takes
    them; which stretch is found could change, never the decision on its words.)"""
    first, stop = region[0], min(region[1], other.words)
    if first >= stop:
        return None
    text = texts.text(other.source)
    found = _locate(quote, other.ids[first:stop], other.starts[first:stop], text)
    if found is None:
        return None
    a, b = first + found[0], first + found[1]
    start, end = other.starts[a], other.word_end(text, b - 1)
    inside = _quote_covering(other, start, end)
    if inside is not None:
        return start, end, inside, other.quotes[inside].stems
    return start, end, None, tuple(map(stem, other.word_span(text, a, b).keys))


def _quote_covering(feat: SourceFeatures, start: int, end: int) -> int | None:
    """The index of the source's quote holding most of ``[start, end)``, if one holds half."""
    best, best_overlap = None, 0
    for qi, quote in enumerate(feat.quotes):
        if quote.start >= end:
            break  # quotes are in text order: none from here on overlaps
        overlap = min(quote.end, end) - max(quote.start, start)
        if overlap > best_overlap:
            best, best_overlap = qi, overlap
    if best is not None and best_overlap * 2 >= end - start:
        return best
    return None


def _passages(runs: Sequence[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Runs joined across small gaps, kept when ``REUSE_MIN_WORDS`` long on both sides."""
    out: list[list[int]] = []
    for a0, a1, b0, b1 in sorted(runs, key=lambda r: (r[0], r[2])):
        if out:
            last = out[-1]
            if (
                -rules.SHINGLE_WORDS < a0 - last[1] <= rules.REUSE_GAP
                and -rules.SHINGLE_WORDS < b0 - last[3] <= rules.REUSE_GAP
            ):
                last[1] = max(last[1], a1)
                last[3] = max(last[3], b1)
                continue
        out.append([a0, a1, b0, b1])
    return [
        (a0, a1, b0, b1) for a0, a1, b0, b1 in out if min(a1 - a0, b1 - b0) >= rules.REUSE_MIN_WORDS
    ]


class _QuotedWords:
    """Per source, its quotes' word spans sorted, with the farthest any of them reaches so
    far: the quoted words of ``[first, stop)`` (a word inside two nested quotes counts twice)
    from the few quotes a binary search and a walk back find overlapping it."""

    def __init__(self, feats: Sequence[SourceFeatures]) -> None:
        self.feats = feats
        self.cache: dict[int, tuple[list[int], list[int], list[int]]] = {}

    def share(self, doc: int, first: int, stop: int) -> float:
        """The quoted share of words ``[first, stop)`` of source ``doc``."""
        spans = self.cache.get(doc)
        if spans is None:
            quotes = sorted((q.first, q.stop) for q in self.feats[doc].quotes)
            firsts = [f for f, _ in quotes]
            stops = [s for _, s in quotes]
            spans = self.cache[doc] = (firsts, stops, list(itertools.accumulate(stops, max)))
        firsts, stops, reach = spans
        quoted = 0
        k = bisect.bisect_left(firsts, stop) - 1
        while k >= 0 and reach[k] > first:
            if stops[k] > first:
                quoted += min(stops[k], stop) - max(firsts[k], first)
            k -= 1
        return quoted / max(1, stop - first)


def _reused_passages(
    feats: Sequence[SourceFeatures],
    runs: Sequence[tuple[int, int, tuple[int, int, int, int]]],
    texts: _Texts,
) -> list[dict[str, Any]]:
    """Report objects of the shared runs that are not mostly quotes, with coverage: the share
    of each source's words that all its passages with the other source cover."""
    quoted = _QuotedWords(feats)
    kept = [
        (pa, pb, run)
        for pa, pb, run in runs
        if max(quoted.share(pa, run[0], run[1]), quoted.share(pb, run[2], run[3]))
        <= rules.REUSE_MAX_QUOTED
    ]
    spans: dict[tuple[int, int], tuple[list[tuple[int, int]], list[tuple[int, int]]]] = {}
    for pa, pb, (a0, a1, b0, b1) in kept:
        sides = spans.setdefault((pa, pb), ([], []))
        sides[0].append((a0, a1))
        sides[1].append((b0, b1))
    covered = {pair: (_union_size(a), _union_size(b)) for pair, (a, b) in spans.items()}
    out: list[dict[str, Any]] = []
    for pa, pb, (a0, a1, b0, b1) in kept:
        fa, fb = feats[pa], feats[pb]
        words = covered[(pa, pb)]
        out.append(
            {
                "a": _side(fa, a0, a1, texts),
                "b": _side(fb, b0, b1, texts),
                "words": min(a1 - a0, b1 - b0),
                "coverage": {
                    "a": round(words[0] / max(1, fa.words), rules.ROUND),
                    "b": round(words[1] / max(1, fb.words), rules.ROUND),
                },
            }
        )
    out.sort(key=lambda p: (p["a"]["source"], p["a"]["start"], p["b"]["source"], p["b"]["start"]))
    return out


def _union_size(spans: list[tuple[int, int]]) -> int:
    """How many words the spans ``[first, stop)`` cover together."""
    size = 0
    end = -1
    for first, stop in sorted(spans):
        if stop > end:
            size += stop - max(first, end)
            end = stop
    return size


def _side(feat: SourceFeatures, first: int, stop: int, texts: _Texts) -> dict[str, Any]:
    text = texts.text(feat.source)
    start = feat.starts[first]
    end = feat.word_end(text, stop - 1)
    return {"source": feat.source, "start": start, "end": end, "text": text[start:end]}


def _clusters(edges: Sequence[tuple[Node, Node]], texts: _Texts) -> list[dict[str, Any]]:
    """Connected components with two or more sources, as report objects with ids c1, c2, ...
    in the order of their members' places."""
    # Stretches of unquoted text that several quotes found in one source are one occurrence.
    merged = _merge_text_nodes(edges)
    forest = _Forest()
    for x, y in edges:
        forest.union(merged.get(x, x), merged.get(y, y))
    groups: dict[Node, set[Node]] = {}
    for x, y in edges:
        for node in (merged.get(x, x), merged.get(y, y)):
            groups.setdefault(forest.find(node), set()).add(node)
    built = []
    for members in groups.values():
        if len({m[0] for m in members}) >= 2:
            built.append(_cluster([texts.passage(m) for m in sorted(members, key=_order)]))
    built.sort(key=lambda c: [(m["source"], m["start"], m["end"]) for m in c["members"]])
    return [{"id": f"c{n}", **c} for n, c in enumerate(built, 1)]


def _merge_text_nodes(edges: Sequence[tuple[Node, Node]]) -> dict[Node, Node]:
    """Overlapping unquoted stretches of one source, mapped onto their union."""
    spans = sorted({n for edge in edges for n in edge if n[3] is None}, key=_order)
    mapping: dict[Node, Node] = {}
    group: list[Node] = []

    def close() -> None:
        if len(group) > 1:
            union = (group[0][0], group[0][1], max(n[2] for n in group), None)
            for n in group:
                mapping[n] = union

    for node in spans:
        if group and node[0] == group[0][0] and node[1] < max(n[2] for n in group):
            group.append(node)
        else:
            close()
            group = [node]
    close()
    return mapping


def _cluster(passages: Sequence[Passage]) -> dict[str, Any]:
    """One cluster's report object (without its id).

    The canonical member is the one most similar to all the others (the earliest on a tie);
    in clusters over ``CLUSTER_PAIRWISE_MAX`` members, the most common wording (the earliest
    of it), compared with each other member only.
    """
    n = len(passages)
    compared: dict[tuple[int, int], Comparison] = {}
    if n <= rules.CLUSTER_PAIRWISE_MAX:
        sums = [1.0] * n
        for i in range(n):
            for j in range(i + 1, n):
                c = compared[(i, j)] = compare(passages[i], passages[j], link=False)
                sums[i] += c.similarity
                sums[j] += c.similarity
        canonical = max(range(n), key=lambda i: (sums[i], -i))
    else:
        wordings: dict[tuple[str, ...], list[int]] = {}
        for i, p in enumerate(passages):
            wordings.setdefault(p.stems, []).append(i)
        canonical = max(wordings.values(), key=lambda group: (len(group), -group[0]))[0]
        for j in range(n):
            if j != canonical:
                a, b = min(canonical, j), max(canonical, j)
                compared[(a, b)] = compare(passages[a], passages[b], link=False)
    worst_verdict = "exact"
    for c in compared.values():
        if _SEVERITY[c.verdict] > _SEVERITY[worst_verdict]:
            worst_verdict = c.verdict
    (i, j), widest = min(compared.items(), key=lambda kv: (kv[1].similarity, kv[0]))
    members = []
    for k, p in enumerate(passages):
        if k == canonical:
            verdict, similarity = "exact", 1.0
        else:
            c = compared[(min(k, canonical), max(k, canonical))]
            verdict, similarity = c.verdict, c.similarity
        members.append(
            {
                "source": p.source,
                "quote": p.quote,
                "start": p.start,
                "end": p.end,
                "text": p.text,
                "verdict": verdict,
                "similarity": similarity,
            }
        )
    return {
        "verdict": worst_verdict,
        "similarity": widest.similarity,
        "canonical": canonical,
        "members": members,
        "diff_between": [i, j],
        "diff": display_diff(passages[i], passages[j]),
    }
