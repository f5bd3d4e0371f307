"""The whole relation: features to index join to alignment to clusters and reused passages."""

from __future__ import annotations

import bisect
import contextlib
import functools
import gc
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..model import Document, span_json
from ..quotes import Quote
from ..rules import align as align_rules
from ..rules import quotes as quote_rules
from .clusters import Node, build_clusters, node_order
from .compare import Passage, linked, locate, short_linked
from .features import QuoteFeature, SourceFeatures, source_features
from .index import RunTable, TaskMap, candidate_runs, quote_pairs, short_quote_pairs
from .words import STOPWORD_IDS, stem, word_id


@dataclass(frozen=True, slots=True)
class QuoteRelations:
    """Quote clusters and reused passages, as report objects (sorted, with stable ids)."""

    quote_clusters: tuple[dict[str, Any], ...]
    reused_passages: tuple[dict[str, Any], ...]


def relate_sources(sources: Sequence[tuple[str, Document, Sequence[Quote]]]) -> QuoteRelations:
    """Cluster the same quotation across sources and find passages reused between them.

    Convenience over :func:`source_features` and :func:`relate_features` for sources already
    in memory; the result does not depend on the order of ``sources``.
    """
    texts = {source: doc.text for source, doc, _ in sources}
    features = [source_features(source, doc.text, quotes) for source, doc, quotes in sources]
    return relate_features(features, texts.__getitem__)


def relate_features(
    features: Iterable[SourceFeatures], text_of: Callable[[str], str], map_tasks: TaskMap = map
) -> QuoteRelations:
    """Relate sources from their features; ``text_of(source)`` gives a source's text, asked
    only for sources that turn out to share something (a few are cached at a time);
    ``map_tasks``
    runs the index join's tasks (see :func:`candidate_runs`).

    Memory: the features, one index partition, the candidate pairs' shared shingles, and the
    matches found (as offsets; passages are rebuilt from the text for the report).

    The cyclic garbage collector is paused meanwhile (see :func:`_collector_paused`).
    """
    feats = sorted(features, key=lambda f: f.source)
    if len(feats) < 2:
        return QuoteRelations((), ())  # nothing to relate a single source to (`audit PAGE`)
    with _collector_paused():
        return _relate(feats, text_of, map_tasks)


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


def _relate(
    feats: Sequence[SourceFeatures], text_of: Callable[[str], str], map_tasks: TaskMap
) -> QuoteRelations:
    """:func:`relate_features` on features sorted by source."""
    rules = align_rules.current()
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
        if node_order(y) < node_order(x):
            x, xs, y, ys = y, ys, x, xs
        if same(xs, ys, x[3] is None or y[3] is None):
            edges.append((x, y))

    # Quotes sharing content bigrams: ``da < db``, so the first node is the earlier (sources
    # are in id order), as link() would order them; the nodes are built for links only.
    for da, qa, db, qb in quote_pairs(feats):
        if same(feats[da].quotes[qa].stems, feats[db].quotes[qb].stems, False):
            edges.append((quote_node(da, qa), quote_node(db, qb)))
    # Short quotations, quoted on both sides: their own guards (compare.short_linked), and
    # joined to clusters after every other link (build_clusters), never bridging two.
    short_edges: list[tuple[Node, Node]] = []
    short_nodes: set[Node] = set()
    for da, qa, db, qb in short_quote_pairs(feats):
        x, y = feats[da].quotes[qa], feats[db].quotes[qb]
        if short_linked(
            x.stems,
            y.stems,
            (x.kind, y.kind),
            (x.speaker, y.speaker),
            _contexts(feats, da, db, x, y),
        ):
            nx, ny = quote_node(da, qa), quote_node(db, qb)
            short_edges.append((nx, ny))
            short_nodes.update(
                n for n, q in ((nx, x), (ny, y)) if len(q.stems) < rules.FRAGMENT_MIN_WORDS
            )

    # Sources sharing shingles: quotes found in the other's text, and reused passages. A quote
    # needs TEXT_MIN_WORDS of its words in shared shingles, so a pair sharing fewer shingles
    # than that takes can hold neither.
    least = -(-rules.TEXT_MIN_WORDS // rules.SHINGLE_WORDS)
    sought = _SoughtQuotes(feats)
    # Where a quote's words align in another source's region: the same for every source
    # quoting the same words (wire copies), so looked for once.
    located: dict[tuple[int, tuple[int, int], tuple[str, ...]], Located | None] = {}
    table = candidate_runs(feats, map_tasks, least, sought.worth_aligning)
    pair_a, pair_b = table.a.tolist(), table.b.tolist()
    for p, flip, qi, region in sought.places(table):
        doc, other = (pair_b[p], pair_a[p]) if flip else (pair_a[p], pair_b[p])
        quote = feats[doc].quotes[qi]
        key = (other, region, quote.stems)
        if key in located:
            found = located[key]
        else:
            ids = tuple(map(word_id, quote.stems))
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

    clusters = build_clusters(edges, texts.passage, short_edges, short_nodes)
    reused = _reused_passages(feats, runs_kept, texts)
    return QuoteRelations(tuple(clusters), tuple(reused))


def _contexts(
    feats: Sequence[SourceFeatures], da: int, db: int, x: QuoteFeature, y: QuoteFeature
) -> tuple[set[int], set[int]]:
    """The content words (stem ids) within SHORT_CONTEXT_WORDS words either side of where
    the shorter wording of two quotes stands in each source: the short quote's own place,
    and in the longer quote the place it is found (else the longer quote's whole span)."""
    rules = align_rules.current()
    verbs = _speech_verb_ids(quote_rules.current())
    if len(x.stems) > len(y.stems):
        (da, x), (db, y) = (db, y), (da, x)
    spans = [(da, x.first, x.stop)]
    at = _find_run(x.stems, y.stems)
    spans.append(
        (db, y.first + at, y.first + at + len(x.stems)) if at >= 0 else (db, y.first, y.stop)
    )
    n = rules.SHORT_CONTEXT_WORDS
    out = []
    for doc, first, stop in spans:
        ids = feats[doc].ids
        around = itertools.chain(ids[max(0, first - n) : first], ids[stop : stop + n])
        out.append({i for i in around if i not in STOPWORD_IDS and i not in verbs})
    return out[0], out[1]


@functools.cache
def _speech_verb_ids(rules: quote_rules.QuoteRules) -> frozenset[int]:
    """Speech verbs ("said", "told") stand around every quote and say nothing of which
    statement: their word ids, once per rules in force."""
    return frozenset(word_id(stem(v)) for v in rules.SPEECH_VERBS)


def _find_run(short: Sequence[str], long: Sequence[str]) -> int:
    """Where ``short`` stands in ``long`` as a run of words, or -1."""
    n = len(short)
    for i in range(len(long) - n + 1):
        if long[i] == short[0] and tuple(long[i : i + n]) == tuple(short):
            return i
    return -1


def _sought(quote: QuoteFeature) -> bool:
    """Whether a quote is looked for in other sources' unquoted text: not a title, and long
    enough for a match there to mean something."""
    rules = align_rules.current()
    return quote.kind != "title" and quote.stop - quote.first >= rules.TEXT_MIN_WORDS


class _SoughtQuotes:
    """The quotes looked for in other sources' text (:func:`_sought`). For the pair filter,
    their word spans numbered across sources, sorted, with the farthest any of them reaches
    so far, so that whether a run touches one is a binary search, with numpy, for all the
    candidate runs at once; the pairs kept are then looked at one at a time."""

    def __init__(self, feats: Sequence[SourceFeatures]) -> None:
        self.feats = feats
        base = [0, *itertools.accumulate(feat.words for feat in feats)]
        spans = sorted(
            (base[doc] + quote.first, base[doc] + quote.stop)
            for doc, feat in enumerate(feats)
            for quote in feat.quotes
            if _sought(quote)
        )
        columns = np.array(spans, dtype=np.int64).reshape(-1, 2).T
        self.base = np.array(base, dtype=np.int64)
        self.firsts, self.stops = columns
        # A run overlaps a quote iff one starting before the run's end reaches past its start;
        # sources do not overlap in these numbers, so no quote reaches into the next source.
        self.reach = np.maximum.accumulate(self.stops)

    def worth_aligning(self, table: RunTable) -> NDArray[np.bool_]:
        """The :data:`PairFilter` of the join: a pair is worth aligning when one of its runs
        touches a sought quote on either side, or when its runs reach ``REUSE_MIN_WORDS`` on
        both sides (no shorter pair can hold a reused passage). On 10,000 news-12k articles
        26,642 of the 84,708 candidate pairs are."""
        rules = align_rules.current()
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
        sorted by pair, then side, quote and region (``(first, stop)`` words): one pair at a
        time, each side's sought quotes that its runs overlap (:func:`_touched`) and where
        those runs point (:func:`_regions_for`)."""
        out: list[tuple[int, bool, int, tuple[int, int]]] = []
        for p, pair in enumerate(table.pairs()):
            for flip, doc, side in ((False, pair.a, 0), (True, pair.b, 2)):
                feat = self.feats[doc]
                for qi in _touched(feat, pair.runs, side):
                    regions = _regions_for(feat.quotes[qi], pair.runs, flip)
                    out.extend((p, flip, qi, region) for region in regions)
        return out

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


def _touched(feat: SourceFeatures, runs: list[tuple[int, int, int, int]], side: int) -> list[int]:
    """The sought quotes of a source that runs overlap (words ``run[side]:run[side + 1]``)."""
    return [
        qi
        for qi, q in enumerate(feat.quotes)
        if _sought(q) and any(r[side] < q.stop and r[side + 1] > q.first for r in runs)
    ]


def _regions_for(
    quote: QuoteFeature, runs: list[tuple[int, int, int, int]], flip: bool
) -> list[tuple[int, int]]:
    """The places runs overlapping ``quote`` point to. The quote's words are carried along each
    run overlapping it (a run is one diagonal), so a run covering part of the quote still
    points at all of it, and a run reaching beyond the quote (a copied paragraph) points at
    the quote's place in it, not at the whole run. Places overlapping one another are one
    region; a region whose runs cover fewer than ``TEXT_MIN_WORDS`` of the quote's words
    cannot match it, and is left out; a region is widened by ``WINDOW_SLACK`` words."""
    rules = align_rules.current()
    spans = []
    for a0, a1, b0, b1 in runs:
        if flip:
            a0, a1, b0, b1 = b0, b1, a0, a1
        if a1 <= quote.first or a0 >= quote.stop:
            continue
        shift = b0 - a0
        covered = (max(a0, quote.first), min(a1, quote.stop))
        spans.append((max(0, quote.first + shift), quote.stop + shift, covered))
    spans.sort()
    regions: list[tuple[int, int, list[tuple[int, int]]]] = []
    for start, stop, covered in spans:
        if regions and start <= regions[-1][1]:
            lo, hi, words = regions[-1]
            words.append(covered)
            regions[-1] = (lo, max(hi, stop), words)
        else:
            regions.append((start, stop, [covered]))
    return [
        (max(0, lo - rules.WINDOW_SLACK), hi + rules.WINDOW_SLACK)
        for lo, hi, words in regions
        if _union_size(words) >= rules.TEXT_MIN_WORDS
    ]


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
    found = locate(quote, other.ids[first:stop], other.starts[first:stop], text)
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
    rules = align_rules.current()
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
    rules = align_rules.current()
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
                    "a": round(words[0] / max(1, fa.words), align_rules.ROUND),
                    "b": round(words[1] / max(1, fb.words), align_rules.ROUND),
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
    return {"source": feat.source, **span_json(start, end, text[start:end])}
