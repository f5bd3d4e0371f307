"""Matched occurrences into clusters: connected components, each with a canonical member,
a verdict per member and the word diff of its two least similar members."""

from __future__ import annotations

from collections.abc import Callable, Sequence, Set
from typing import Any

from ..model import span_json
from ..rules import align as align_rules
from .compare import Comparison, Passage, compare, display_diff

VERDICTS = ("exact", "minor", "fragment", "variant")  # in rising order of difference
_SEVERITY = {v: i for i, v in enumerate(VERDICTS)}


# An occurrence: (source, start, end, quote id or None for unquoted text).
Node = tuple[str, int, int, "str | None"]


def node_order(node: Node) -> tuple[str, int, int, str]:
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
            if node_order(ry) < node_order(rx):
                rx, ry = ry, rx
            self.parent[ry] = rx


def build_clusters(
    edges: Sequence[tuple[Node, Node]],
    passage_of: Callable[[Node], Passage],
    short_edges: Sequence[tuple[Node, Node]] = (),
    short_nodes: Set[Node] = frozenset(),
) -> list[dict[str, Any]]:
    """Connected components with two or more sources, as report objects with ids c1, c2, ...
    in the order of their members' places.

    ``short_edges`` (links of short quotes, ``short_nodes``) join after the others, in the
    order of their places, and only where they do not join two components that each hold a
    longer quote: a short phrase ("deeply troubling") inside two different statements joins
    the first, and the two statements stay apart. No quotation is in two clusters."""
    # Stretches of unquoted text that several quotes found in one source are one occurrence.
    merged = _merge_text_nodes(edges)
    forest = _Forest()
    for x, y in edges:
        forest.union(merged.get(x, x), merged.get(y, y))
    kept = list(edges)
    nodes = {n for edge in edges for n in edge}
    holds_long = {forest.find(merged.get(n, n)) for n in nodes if n not in short_nodes}
    for x, y in sorted(short_edges, key=lambda e: (node_order(e[0]), node_order(e[1]))):
        rx, ry = forest.find(x), forest.find(y)
        if rx == ry:
            kept.append((x, y))
            continue
        long_x = rx in holds_long or x not in short_nodes
        long_y = ry in holds_long or y not in short_nodes
        if long_x and long_y:
            continue
        forest.union(x, y)
        if long_x or long_y:
            holds_long.add(forest.find(x))
        kept.append((x, y))
    groups: dict[Node, set[Node]] = {}
    for x, y in kept:
        for node in (merged.get(x, x), merged.get(y, y)):
            groups.setdefault(forest.find(node), set()).add(node)
    built = []
    for members in groups.values():
        if len({m[0] for m in members}) >= 2:
            built.append(_cluster([passage_of(m) for m in sorted(members, key=node_order)]))
    built.sort(key=lambda c: [(m["source"], m["start"], m["end"]) for m in c["members"]])
    return [{"id": f"c{n}", **c} for n, c in enumerate(built, 1)]


def _merge_text_nodes(edges: Sequence[tuple[Node, Node]]) -> dict[Node, Node]:
    """Overlapping unquoted stretches of one source, mapped onto their union."""
    spans = sorted({n for edge in edges for n in edge if n[3] is None}, key=node_order)
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
    rules = align_rules.current()
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
                **span_json(p.start, p.end, p.text),
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
