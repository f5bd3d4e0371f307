"""Stage 2, the index join: source pairs sharing runs of shingles (a group-by of shingle
hashes, by partitions of the hash space) and quote pairs sharing content-word bigrams."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..rules import align as align_rules
from ..text import FUNCTION_WORDS
from .features import SourceFeatures, StoredInts

_POS_BITS = 32
_POS_MASK = (1 << _POS_BITS) - 1


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


TaskMap = Callable[[Callable[[int], Any], Iterable[int]], Iterable[Any]]
"""How the join's per-partition tasks are run: ``map_tasks(task, partitions)`` returns the results in
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
    parts = align_rules.INDEX_PARTITIONS
    empty = np.zeros(0, dtype=np.int64)
    lengths = np.array([len(f.shingles) for f in features], dtype=np.int64)
    if not lengths.sum():
        return [(empty, empty, empty)] * parts
    hashes = _shingle_column(features, int(lengths.sum()))
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


def _shingle_column(features: Sequence[SourceFeatures], total: int) -> NDArray[np.int64]:
    """Every source's shingle hashes, one after another, in one array (read from the file
    where they are stored, see features.FeatureStore)."""
    hashes = np.empty(total, dtype=np.int64)
    at = 0
    for f in features:
        n = len(f.shingles)
        if isinstance(f.shingles, StoredInts):
            f.shingles.read_into(hashes[at : at + n].data.cast("B"))
        else:
            hashes[at : at + n] = np.frombuffer(f.shingles, dtype=np.int64)
        at += n
    return hashes


def _postings_in(columns: Sequence[Postings], p: int) -> Postings:
    """The shingles of partition ``p`` whose hash two to ``DOCUMENT_FREQUENCY_CAP`` sources
    have, where they are (the join's first round)."""
    rules = align_rules.current()
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
    map_tasks: TaskMap = map,
    least: int = 1,
    wanted: PairFilter | None = None,
) -> RunTable:
    """Source pairs sharing runs of shingles, in ``(a, b)`` order: a group-by over shingle
    hashes, as two rounds of tasks over the partitions of the hash space. The first finds the
    hashes two or more sources have and where they are (one partition's tables in memory per
    task); the second pairs the sources of each. ``map_tasks`` runs each round (see :data:`TaskMap`).

    A shingle pairs its sources when two to ``DOCUMENT_FREQUENCY_CAP`` sources have it and,
    in a source, the shingle before or after it is shared too: every match the join looks
    for (``TEXT_MIN_WORDS`` and more) spans two shingles or more, while an isolated five-word
    match is a stock phrase ("at the end of the") and most pairs of sources share only those.
    Pairs sharing fewer than ``least`` shingles are left out, and with ``wanted``, the pairs
    it does not keep. Returned as columns (:class:`RunTable`): no pair is a Python object yet.
    """
    rules = align_rules.current()
    partitions = range(align_rules.INDEX_PARTITIONS)
    columns = _partitions(features)
    postings = list(map_tasks(functools.partial(_postings_in, columns), partitions))
    del columns
    anchor = rules.TEXT_MIN_WORDS > rules.SHINGLE_WORDS
    marks = _shared_marks(features, postings) if anchor else None
    found = list(map_tasks(functools.partial(_pairs_in, postings, marks), partitions))
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
    rules = align_rules.current()
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


def short_quote_pairs(features: Sequence[SourceFeatures]) -> list[tuple[int, int, int, int]]:
    """Pairs of quotes of different sources, at least one of them short (fewer than
    FRAGMENT_MIN_WORDS words), that may be the same quotation: the short one with every quote
    holding its rarest content word, and with every short quote sharing any of its content
    words. ``(a, qa, b, qb)``, ``a < b``, sorted. A word in more than QUOTE_BIGRAM_CAP sources
    proposes nothing (as a bigram would not)."""
    rules = align_rules.current()
    short: list[tuple[int, int, list[str]]] = []
    for doc, feat in enumerate(features):
        for qi, quote in enumerate(feat.quotes):
            if rules.SHORT_MIN_WORDS <= len(quote.stems) < rules.FRAGMENT_MIN_WORDS:
                content = sorted({w for w in quote.stems if w not in FUNCTION_WORDS})
                if content:
                    short.append((doc, qi, content))
    # Only the short quotes' words are looked up: the other quotes' words are not indexed.
    holding: dict[str, list[tuple[int, int]]] = {w: [] for _, _, c in short for w in c}
    # Wire copies repeat a quote word for word: its words' lists are found once.
    lists_of: dict[tuple[str, ...], list[list[tuple[int, int]]]] = {}
    for doc, feat in enumerate(features):
        for qi, quote in enumerate(feat.quotes):
            lists = lists_of.get(quote.stems)
            if lists is None:
                got = map(holding.get, set(quote.stems))
                lists = lists_of[quote.stems] = [found for found in got if found is not None]
            for found in lists:
                found.append((doc, qi))
    spread = {w: len({d for d, _ in found}) for w, found in holding.items()}
    is_short = {(doc, qi) for doc, qi, _ in short}
    out: set[tuple[int, int, int, int]] = set()

    def add(x: tuple[int, int], y: tuple[int, int]) -> None:
        if x[0] != y[0]:
            a, b = (x, y) if x[0] < y[0] else (y, x)
            out.add((a[0], a[1], b[0], b[1]))

    for doc, qi, content in short:
        usable = [w for w in content if 2 <= spread[w] <= rules.QUOTE_BIGRAM_CAP]
        if not usable:
            continue
        rarest = min(usable, key=lambda w: (spread[w], w))
        for other in holding[rarest]:
            add((doc, qi), other)
        for word in usable:
            for other in holding[word]:
                if other in is_short:
                    add((doc, qi), other)
    return sorted(out)
