"""What every rendering of a report shares: findings as layers over a source's text, per-source
flag counts, anchors, and a word diff for quotes.

Renderers read the JSON report only (the contract: ``schemas/corpus-report.schema.json``), so
they show whatever the detectors put there; optional fields are read with defaults.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..text import text_diff

# Layers drawn over a source's text, in drawing order, with the words a legend uses.
LAYERS: tuple[tuple[str, str, str], ...] = (
    ("lang", "Other-language passage", "text in another language than the source's main one"),
    ("boilerplate", "Boilerplate", "page chrome or extraction residue, flagged, never removed"),
    ("tail", "Off-topic tail", "trailing content about other subjects, to the end of the text"),
    ("quote", "Quotation", "words inside quotation marks"),
    ("figure", "Figure", "a stated quantity"),
    ("attribution", "Attribution", "an outlet named as obtaining, publishing or reporting"),
    ("disclosure", "Disclosure", "what the source declares about how it was made"),
    (
        "shared",
        "Shared text",
        "words another source also has: a reused passage, or a quotation given unquoted",
    ),
)
# A letter a layer's markers carry in the text, so that no layer is told apart by colour alone.
LAYER_LETTERS = {
    "lang": "L",
    "boilerplate": "B",
    "tail": "T",
    "quote": "Q",
    "figure": "F",
    "attribution": "A",
    "disclosure": "D",
    "shared": "S",
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding of one source, located in its text."""

    layer: str
    number: int  # 1-based within its layer and source
    start: int
    end: int
    text: str
    label: str  # a one-line description: "zh fragment", "machine-written", "The Verge (obtained)"
    anchor: str  # the HTML id of its place in the text


# The folder of a paged HTML report's source pages, beside its index page.
PAGES_DIR = "pages"


def source_anchor(index: int) -> str:
    """The HTML id of the ``index``-th source (0-based) of a report."""
    return f"s{index + 1}"


def finding_anchor(index: int, layer: str, number: int) -> str:
    return f"{source_anchor(index)}-{layer}-{number}"


def shared_occurrences(report: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Per source id, its places in reused passages and its unquoted occurrences of
    clustered quotations, each with a label (one pass over the report's relations)."""
    shared: dict[str, list[dict[str, Any]]] = {}
    for cluster in report.get("quote_clusters", []):
        for member in cluster.get("members", []):
            if member.get("quote") is None:
                shared.setdefault(member["source"], []).append(
                    {**member, "label": f"unquoted occurrence of {cluster['id']}"}
                )
    for n, passage in enumerate(report.get("reused_passages", []), 1):
        for this, other in (("a", "b"), ("b", "a")):
            shared.setdefault(passage[this]["source"], []).append(
                {
                    **passage[this],
                    "label": f"reused passage {n}, also in {passage[other]['source']}",
                }
            )
    return shared


def findings(
    report: dict[str, Any],
    index: int,
    shared: dict[str, list[dict[str, Any]]] | None = None,
) -> list[Finding]:
    """Every finding of the ``index``-th source of ``report``, layer by layer, each layer in
    text order. Besides the source's own findings: its places in reused passages and its
    unquoted occurrences of clustered quotations (layer ``shared``), from ``shared`` (see
    :func:`shared_occurrences`; computed here when None)."""
    source = report["sources"][index]
    if shared is None:
        shared = shared_occurrences(report)
    return source_findings(source, index, shared.get(source["id"], []))


def source_findings(
    source: dict[str, Any], index: int, shared: Sequence[dict[str, Any]]
) -> list[Finding]:
    """:func:`findings` of one source object, given its ``shared`` occurrences."""
    out: list[Finding] = []

    def add(layer: str, items: Sequence[dict[str, Any]], label: Any) -> None:
        ordered = sorted(items, key=lambda f: (f["start"], f["end"]))
        for n, item in enumerate(ordered, 1):
            out.append(
                Finding(
                    layer,
                    n,
                    item["start"],
                    item["end"],
                    item.get("text", ""),
                    label(item),
                    finding_anchor(index, layer, n),
                )
            )

    add(
        "lang",
        source.get("languages", {}).get("passages", []),
        lambda p: f"{p.get('lang', '?')} {p.get('kind', 'passage')}",
    )
    add("boilerplate", source.get("boilerplate", []), lambda b: b.get("kind", "boilerplate"))
    tail = source.get("offtopic_tail")
    add("tail", [tail] if tail else [], lambda t: t.get("reason", "off-topic tail"))
    add(
        "quote",
        source.get("quotes", []),
        lambda q: q.get("id", "quote") + (f" ({q['speaker']})" if q.get("speaker") else ""),
    )
    add("figure", source.get("figures", []), _figure_label)
    add(
        "attribution",
        source.get("attributions", []),
        lambda a: f"{a.get('outlet', '?')} ({a.get('role', '?')})",
    )
    add("disclosure", source.get("disclosures", []), lambda d: d.get("kind", "disclosure"))
    add("shared", shared, lambda s: s["label"])
    return out


def anchor_index(
    report: dict[str, Any], shared: dict[str, list[dict[str, Any]]] | None = None
) -> dict[tuple[str, str, int, int], str]:
    """``(source id, layer, start, end) -> anchor`` for every finding of every source, so that
    a cluster member, a figure check or an outlet mention links to its place in the text."""
    index: dict[tuple[str, str, int, int], str] = {}
    if shared is None:
        shared = shared_occurrences(report)
    for i, source in enumerate(report.get("sources", [])):
        for f in findings(report, i, shared):
            index.setdefault((source["id"], f.layer, f.start, f.end), f.anchor)
    return index


def find_anchor(
    index: dict[tuple[str, str, int, int], str],
    source_id: str,
    start: int,
    end: int,
    layers: Sequence[str],
) -> str | None:
    """The anchor of the first of ``layers`` with a finding of ``source_id`` at exactly
    ``[start, end)``, else None."""
    for layer in layers:
        anchor = index.get((source_id, layer, start, end))
        if anchor is not None:
            return anchor
    return None


def number(value: float) -> str:
    """A figure's value for people: whole numbers with thousands separators
    ("30,000,000,000"), others as short as they are exact ("0.6")."""
    if isinstance(value, bool):
        return str(value)
    if float(value).is_integer() and abs(value) < 1e18:
        return f"{int(value):,}"
    return f"{value:g}"


_BOUND_SIGNS = {"about": "≈ ", "at_least": "≥ ", "at_most": "≤ "}


def figure_value(figure: dict[str, Any]) -> str:
    """A figure's value in its unit, for people: a date as its ISO date ("2015-11",
    "2015-11-13"), money with its currency ("30,000,000,000 USD"), a percentage with its
    sign ("35.7%"), a count with what it counts; the bound as a sign ("≥ 53") and a range
    as its two ends ("500,000–1,600,000")."""
    if figure.get("kind") == "date" and figure.get("iso"):
        return str(figure["iso"])
    value = figure.get("value")
    if not isinstance(value, (int, float)):
        return str(value)
    shown = number(value)
    high = figure.get("high")
    if figure.get("bound") == "range" and isinstance(high, (int, float)):
        shown = f"{shown}–{number(high)}"
    else:
        shown = _BOUND_SIGNS.get(str(figure.get("bound")), "") + shown
    unit = figure.get("unit")
    if unit == "percent":
        return f"{shown}%"
    if unit == "percentage point":
        return f"{shown} percentage points"
    return f"{shown} {unit}" if unit else shown


def _figure_label(figure: dict[str, Any]) -> str:
    counts = f" ({figure['counts']})" if figure.get("counts") else ""
    return f"{figure.get('kind', 'figure')}: {figure_value(figure)}{counts}"


# --- Per-source flags ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceFlags:
    """The counts a summary line or an overview row shows for one source."""

    id: str
    anchor: str
    name: str  # how people read it (display_name)
    outlet: str | None
    title: str | None
    published: str | None
    main_language: str | None
    characters: int
    languages: int
    boilerplate: int
    tail_start: int | None  # where the off-topic tail starts, or None
    tail_share: float | None  # the share of the text it covers
    quotes: int
    figures: int
    attributions: int
    disclosures: tuple[str, ...]  # kinds, in text order
    cites: tuple[str, ...]  # outlet names, in text order, once each
    clusters: int  # quote clusters with an occurrence in this source
    figure_disagreements: int  # figure checks involving this source that disagree

    @property
    def flagged(self) -> bool:
        return bool(
            self.languages
            or self.boilerplate
            or self.tail_start is not None
            or self.disclosures
            or self.figure_disagreements
        )


# A headline is cut to this many characters where a source is named in running text: long
# enough to tell sources of one story apart, short enough for a table cell or a list item.
NAME_TITLE_CHARS = 70


def display_name(source: dict[str, Any]) -> str:
    """How people read a source's name: "Outlet — Title", the outlet or the title alone, and
    its id only when neither is known (the id itself goes on hover or in brackets)."""
    outlet = source.get("outlet")
    title = source.get("title")
    if isinstance(title, str) and len(title) > NAME_TITLE_CHARS:
        title = title[: NAME_TITLE_CHARS - 1].rstrip() + "…"
    parts = [p for p in (outlet, title) if isinstance(p, str) and p]
    return " — ".join(parts) if parts else str(source["id"])


def source_names(report: dict[str, Any]) -> dict[str, str]:
    """Each source id of ``report`` and its display name."""
    return {s["id"]: display_name(s) for s in report.get("sources", [])}


def _members(item: dict[str, Any]) -> set[str]:
    found = {m["source"] for m in item.get("members", []) if isinstance(m, dict) and "source" in m}
    found.update(item[k]["source"] for k in ("a", "b") if isinstance(item.get(k), dict))
    return found


def source_flags(report: dict[str, Any]) -> list[SourceFlags]:
    """One SourceFlags a source, in report order."""
    counts = flag_counts(report)
    return [source_flag(s, i, counts) for i, s in enumerate(report.get("sources", []))]


@dataclass(frozen=True, slots=True)
class FlagCounts:
    """What a source's flags take from the report's relations: per source id, the quote
    clusters it is in and the disagreeing figure checks it is in."""

    clusters: Counter[str]
    disagreements: Counter[str]


def flag_counts(report: dict[str, Any]) -> FlagCounts:
    """The :class:`FlagCounts` of ``report`` (its sources are not read)."""
    clusters: Counter[str] = Counter()
    for cluster in report.get("quote_clusters", []):
        clusters.update(_members(cluster))
    disagreements: Counter[str] = Counter()
    for check in report.get("figure_checks", []):
        if not check.get("agree", True):
            disagreements.update(_members(check))
    return FlagCounts(clusters, disagreements)


def source_flag(source: dict[str, Any], index: int, counts: FlagCounts) -> SourceFlags:
    """The flags of one source object, the ``index``-th of its report."""
    sid = source["id"]
    chars = source.get("stats", {}).get("characters") or len(source.get("text", "")) or 0
    tail = source.get("offtopic_tail")
    cites: list[str] = []
    for attribution in sorted(source.get("attributions", []), key=lambda a: a["start"]):
        if attribution["outlet"] not in cites:
            cites.append(attribution["outlet"])
    return SourceFlags(
        id=sid,
        anchor=source_anchor(index),
        name=display_name(source),
        outlet=source.get("outlet"),
        title=source.get("title"),
        published=source.get("published"),
        main_language=source.get("main_language"),
        characters=chars,
        languages=len(source.get("languages", {}).get("passages", [])),
        boilerplate=len(source.get("boilerplate", [])),
        tail_start=tail["start"] if tail else None,
        tail_share=(chars - tail["start"]) / chars if tail and chars else None,
        quotes=len(source.get("quotes", [])),
        figures=len(source.get("figures", [])),
        attributions=len(source.get("attributions", [])),
        disclosures=tuple(
            d["kind"] for d in sorted(source.get("disclosures", []), key=lambda d: d["start"])
        ),
        cites=tuple(cites),
        clusters=counts.clusters[sid],
        figure_disagreements=counts.disagreements[sid],
    )


def flag_phrases(flags: SourceFlags) -> list[str]:
    """The flags of one source as short phrases, only those present ("3 other-language
    passages", "off-topic tail from 62%", "machine-written"), in a fixed order."""
    phrases = []
    if flags.languages:
        phrases.append(plural(flags.languages, "other-language passage"))
    if flags.boilerplate:
        phrases.append(plural(flags.boilerplate, "boilerplate span"))
    if flags.tail_start is not None:
        share = f" ({flags.tail_share:.0%} of the text)" if flags.tail_share is not None else ""
        phrases.append(f"off-topic tail from character {flags.tail_start}{share}")
    for kind in dict.fromkeys(flags.disclosures):
        count = flags.disclosures.count(kind)
        phrases.append(f"{kind} disclosure" + (f" ×{count}" if count > 1 else ""))
    if flags.figure_disagreements:
        phrases.append(plural(flags.figure_disagreements, "disagreeing figure check"))
    return phrases


def named_by_phrase(report: dict[str, Any], outlet: dict[str, Any]) -> str:
    """How many sources name ``outlet`` (a provenance.outlets item): "2 of 5 sources"; with
    ``audit --corpus``, also the corpus sources outside the report that name it."""
    ids = {s["id"] for s in report.get("sources", [])}
    named = outlet.get("named_by", [])
    here = sum(1 for s in named if s in ids)
    phrase = f"{here} of {plural(len(ids), 'source')}"
    others = len(named) - here
    if others:
        phrase += f" and {plural(others, 'other corpus source')}"
    return phrase


def plural(count: int, noun: str) -> str:
    """ "1 quote", "2 quotes"."""
    if count == 1:
        return f"1 {noun}"
    if noun.endswith(("s", "sh", "ch", "x")):
        return f"{count} {noun}es"
    return f"{count} {noun}s"


# --- Spans ----------------------------------------------------------------------------------------


def iter_spans(report: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``(source id, where, span object)`` for every span in ``report``: each source's
    findings, cluster members, reused passages and outlet mentions (which name their source)."""
    for source in report.get("sources", []):
        sid = source["id"]
        for i, p in enumerate(source.get("languages", {}).get("passages", [])):
            yield sid, f"languages.passages[{i}]", p
        for key in ("boilerplate", "quotes", "figures", "attributions", "disclosures"):
            for i, item in enumerate(source.get(key, [])):
                yield sid, f"{key}[{i}]", item
        if source.get("offtopic_tail"):
            yield sid, "offtopic_tail", source["offtopic_tail"]
        for i, para in enumerate(source.get("paragraphs", [])):
            yield sid, f"paragraphs[{i}]", para
    for c in report.get("quote_clusters", []):
        for i, m in enumerate(c.get("members", [])):
            yield m["source"], f"quote_clusters[{c['id']}].members[{i}]", m
    for n, passage in enumerate(report.get("reused_passages", [])):
        for k in ("a", "b"):
            if isinstance(passage.get(k), dict):
                yield passage[k]["source"], f"reused_passages[{n}].{k}", passage[k]
    for outlet in (report.get("provenance") or {}).get("outlets", []):
        for i, m in enumerate(outlet.get("mentions", [])):
            yield m["source"], f"provenance.outlets[{outlet['id']}].mentions[{i}]", m


def span_covers(text: str, span: dict[str, Any]) -> bool:
    """Whether a report span names ``text[start:end]``: whole, or cut to a prefix (past
    model.SPAN_TEXT_CHARS) with ``text_length`` its length."""
    start, end = span["start"], span["end"]
    if not 0 <= start <= end <= len(text):
        return False
    length = span.get("text_length")
    if length is None:
        return bool(text[start:end] == span["text"])
    shown = span["text"]
    return bool(length == end - start and len(shown) < length and text.startswith(shown, start))


def span_problems(report: dict[str, Any]) -> list[str]:
    """One line per span whose text is not its source's ``text[start:end]`` (only sources
    carrying their text can be checked)."""
    texts = {s["id"]: s["text"] for s in report.get("sources", []) if "text" in s}
    problems = []
    for sid, where, span in iter_spans(report):
        text = texts.get(sid)
        if text is None:
            continue
        if not span_covers(text, span):
            problems.append(
                f"{sid} {where}: [{span['start']}:{span['end']}] is not the text it names"
            )
    return problems


# --- Layers over a text ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text under one set of layers; ``opens`` are the findings starting here."""

    start: int
    end: int
    layers: frozenset[str]
    opens: tuple[Finding, ...]


def segments(text: str, found: Sequence[Finding]) -> list[Segment]:
    """``text`` cut at every finding's start and end, each piece with the layers covering it.

    Overlapping and nested findings are handled by cutting, not nesting: every piece knows all
    the layers over it, so a fragment inside boilerplate inside the off-topic tail is all three.
    Empty findings still open at their position (with no text of their own).
    """
    cuts = {0, len(text)}
    for f in found:
        cuts.add(f.start)
        cuts.add(f.end)
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    opening: dict[int, list[Finding]] = {}
    closing: dict[int, list[Finding]] = {}
    for f in sorted(found, key=lambda f: (f.start, -f.end, f.layer, f.number)):
        opening.setdefault(f.start, []).append(f)
        closing.setdefault(f.end, []).append(f)
    # Sweep the cuts in order, counting the open findings of each layer.
    open_layers: Counter[str] = Counter()
    out = []
    for a, b in itertools.pairwise(bounds):
        for f in closing.get(a, ()):
            if f.start < f.end:
                open_layers[f.layer] -= 1
        for f in opening.get(a, ()):
            if f.start < f.end:
                open_layers[f.layer] += 1
        layers = frozenset(layer for layer, n in open_layers.items() if n > 0)
        out.append(Segment(a, b, layers, tuple(opening.get(a, ()))))
    if opening.get(len(text)):
        out.append(Segment(len(text), len(text), frozenset(), tuple(opening[len(text)])))
    return out


# --- Word diffs ------------------------------------------------------------------------------------


def diff_sides(diff: Sequence[Sequence[Any]]) -> tuple[str, str]:
    """The two texts a diff runs between: (equal + deleted, equal + inserted)."""
    left = "".join(str(t) for op, t in diff if op in (0, -1))
    right = "".join(str(t) for op, t in diff if op in (0, 1))
    return left, right


def cluster_columns(cluster: dict[str, Any]) -> list[tuple[dict[str, Any], list[tuple[int, str]]]]:
    """Each member of a quote cluster with the diff to show for it: the first member against
    nothing (all equal), every other member against the first. The cluster's own diff is used
    for the member it was computed for; the others are diffed here the same way (by words)."""
    members = cluster.get("members", [])
    if not members:
        return []
    first = members[0]["text"]
    report_left, report_right = diff_sides(cluster.get("diff", []))
    out: list[tuple[dict[str, Any], list[tuple[int, str]]]] = [(members[0], [(0, first)])]
    for member in members[1:]:
        if cluster.get("diff") and report_left == first and report_right == member["text"]:
            diff = [(int(op), str(t)) for op, t in cluster["diff"]]
        else:
            diff = text_diff(first, member["text"])
        out.append((member, diff))
    return out
