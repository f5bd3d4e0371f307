"""The plain forms of align's fast algorithms: what the tests hold them to (tests/test_align.py
compares each fast one with its plain form on generated input). Not used at run time."""

from __future__ import annotations

import bisect
from typing import Any

import numpy as np

from ..rules import align as align_rules
from ..text import FUNCTION_WORDS
from .features import QuoteFeature, SourceFeatures
from .index import RunTable
from .join import _sought, _union_size


def hunt_szymanski(a: list[int], b: list[int]) -> list[tuple[int, int]]:
    """The textbook algorithm: each word of ``a`` in turn, its places in ``b`` last to
    first, each pair linked to the best subsequence one shorter ending before it."""
    where: dict[int, list[int]] = {}
    for j in range(len(b) - 1, -1, -1):
        where.setdefault(b[j], []).append(j)
    ends: list[int] = []
    tails: list[Any] = []
    for i, word in enumerate(a):
        for j in where.get(word, []):
            k = bisect.bisect_left(ends, j)
            link: Any = (i, j, tails[k - 1] if k else None)
            if k == len(ends):
                ends.append(j)
                tails.append(link)
            else:
                ends[k] = j
                tails[k] = link
    out = []
    link = tails[-1] if tails else None
    while link is not None:
        out.append((link[0], link[1]))
        link = link[2]
    return out[::-1]


def lcs_length(a: list[int], b: list[int]) -> int:
    row = [0] * (len(b) + 1)
    for x in a:
        diagonal = 0
        for j, y in enumerate(b, 1):
            diagonal, row[j] = row[j], diagonal + 1 if x == y else max(row[j], row[j - 1])
    return row[-1]


def linked_by_the_rules(a: list[str], b: list[str], unquoted: bool) -> bool:
    """The linking rules as the rules module states them, on the textbook subsequence, with
    none of linked()'s shortcuts (length bounds, the shared-run test)."""
    rules = align_rules.current()
    if not a or not b or (unquoted and min(len(a), len(b)) < rules.TEXT_MIN_WORDS):
        return False
    if a == b:
        return True
    bare_a = [w for w in a if w not in rules.ARTICLES]
    if not unquoted and bare_a and bare_a == [w for w in b if w not in rules.ARTICLES]:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1)):
        least = rules.TEXT_FRAGMENT_MIN_WORDS if unquoted else rules.FRAGMENT_MIN_WORDS
        return len(short) >= least
    ids = {w: n for n, w in enumerate(sorted({*a, *b}))}
    pairs = hunt_szymanski([ids[w] for w in a], [ids[w] for w in b])
    matched = sum(1 for i, _ in pairs if a[i] not in FUNCTION_WORDS)
    least = rules.LINK_MIN_CONTENT
    if not unquoted:
        least = max(2, min(least, sum(w not in FUNCTION_WORDS for w in short)))
    if matched < least:
        return False
    run = best = 0
    for n, (i, j) in enumerate(pairs):
        run = run + 1 if n and pairs[n - 1] == (i - 1, j - 1) else 1
        best = max(best, run)
    alike = 2 * len(pairs) / (len(a) + len(b))
    if alike >= (rules.TEXT_MIN_SIMILARITY if unquoted else rules.LINK_MIN_SIMILARITY):
        return best >= rules.LINK_MIN_RUN
    content = min(sum(w not in FUNCTION_WORDS for w in x) for x in (a, b))
    return (
        not unquoted and best >= rules.LINK_LONG_RUN and matched >= rules.LINK_MIN_OVERLAP * content
    )


def touched(feat: SourceFeatures, runs: list[tuple[int, int, int, int]], side: int) -> list[int]:
    """The sought quotes of a source that runs overlap (words ``run[side]:run[side + 1]``)."""
    return [
        qi
        for qi, q in enumerate(feat.quotes)
        if _sought(q) and any(r[side] < q.stop and r[side + 1] > q.first for r in runs)
    ]


def regions_for(
    quote: QuoteFeature, runs: list[tuple[int, int, int, int]], flip: bool
) -> list[tuple[int, int]]:
    """The places runs overlapping ``quote`` point to, one quote and one pair at a time, as
    the join found them before it did so on arrays for all pairs at once."""
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


def places_pair_by_pair(
    feats: list[SourceFeatures], pairs: list[tuple[int, int, list[tuple[int, int, int, int]]]]
) -> tuple[RunTable, list[tuple[int, bool, int, tuple[int, int]]]]:
    """A run table of these pairs ``(a, b, runs)``, and the places of sought quotes
    (:meth:`~provaudit.align.join._SoughtQuotes.places`) the pair-by-pair loops find in it."""
    columns: list[list[int]] = [[] for _ in range(9)]
    expected: list[tuple[int, bool, int, tuple[int, int]]] = []
    for p, (a, b, runs) in enumerate(pairs):
        for column, value in zip(
            columns[:5], (a, b, 0, len(columns[5]), len(columns[5]) + len(runs)), strict=True
        ):
            column.append(value)
        for run in runs:
            for column, value in zip(columns[5:], run, strict=True):
                column.append(value)
        for flip, doc, side in ((False, a, 0), (True, b, 2)):
            for qi in touched(feats[doc], runs, side):
                for region in regions_for(feats[doc].quotes[qi], runs, flip):
                    expected.append((p, flip, qi, region))
    return RunTable(*(np.array(c, dtype=np.int64) for c in columns)), expected
