"""The HTML report (``reports/index.html``): one self-contained page for a fact-checker.

First the key facts (primary source, disclosures, shared quotes) and an overview table of
sources and flags; then quote clusters side by side with their word diffs, figure checks,
reused passages and the outlets named; then each source's text with every finding drawn over
it and linked both ways (finding list <-> place in the text).

Safety: the page is rendered by Jinja2 with autoescaping, so text from a source, a manifest or
a detector is always text; only http(s) URLs become links; a Content-Security-Policy forbids
scripts, and the page loads nothing (inline CSS, system fonts).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from .. import invisible
from ..engine import SerialEngine
from . import common

if TYPE_CHECKING:
    from ..engine import Engine


@dataclass(frozen=True, slots=True)
class Mark:
    """A finding's marker in the text: its anchor, letter and number, and what it is."""

    anchor: str
    layer: str
    letter: str
    number: int
    label: str


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a source's text with the layers over it and the markers opening there."""

    text: str
    classes: str
    marks: tuple[Mark, ...]


@dataclass(frozen=True, slots=True)
class LayerGroup:
    """One layer's findings in one source, for the finding lists."""

    key: str
    name: str
    letter: str
    items: tuple[common.Finding, ...]


@dataclass(frozen=True, slots=True)
class SourceBase:
    """A source as the page shows it anywhere: its place, report object and flags."""

    index: int
    source: dict[str, Any]
    flags: common.SourceFlags
    phrases: tuple[str, ...]
    first: dict[str, str]  # layer -> anchor of its first finding


@dataclass(frozen=True, slots=True)
class SourceView(SourceBase):
    """What a source's article shows: its link, its findings by layer, its text in pieces."""

    url: str | None
    groups: tuple[LayerGroup, ...]
    pieces: tuple[Piece, ...] | None  # None when the report does not carry the text


@dataclass(frozen=True, slots=True)
class SourceRow(SourceBase):
    """What the page's overview and summary need of a source, and its rendered article."""

    article: Markup


def safe_url(url: Any) -> str | None:
    """``url`` when it is an http(s) URL, else None: only those become links."""
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        stripped = url.strip()
        if stripped == url and not any(c.isspace() or ord(c) < 32 for c in url):
            return url
    return None


def _pieces(text: str, found: list[common.Finding]) -> tuple[Piece, ...]:
    out = []
    for seg in common.segments(text, found):
        classes = " ".join(f"l-{layer}" for layer in sorted(seg.layers))
        marks = tuple(
            Mark(f.anchor, f.layer, common.LAYER_LETTERS[f.layer], f.number, f.label)
            for f in seg.opens
        )
        out.append(Piece(text[seg.start : seg.end], classes, marks))
    return tuple(out)


SourceItem = tuple[int, dict[str, Any], common.SourceFlags, list[dict[str, Any]]]
"""One source for :func:`source_article`: its index, its report object, its flags and its
shared occurrences (see :func:`common.shared_occurrences`)."""

AnchorRow = tuple[str, int, int, str]
"""A finding's place and anchor: ``(layer, start, end, anchor)``."""


# Articles rendered per task on an engine: one article takes about a millisecond, less than
# a task's round trip to a worker process.
ARTICLES_PER_TASK = 64


@dataclass(frozen=True, slots=True)
class Article:
    """One source's rendered ``<article>``, the anchor of the first finding of each layer, and
    every finding's place and anchor ``(layer, start, end, anchor)``, in finding order."""

    html: str
    first: dict[str, str]
    anchors: list[AnchorRow]


def source_articles(items: Sequence[SourceItem]) -> list[Article]:
    """:func:`source_article` of each item (one task's worth)."""
    return [source_article(item) for item in items]


def source_article(item: SourceItem) -> Article:
    """One source's article: its findings listed and its text with them drawn over it. Pure:
    runs in any process, so that the articles of a large corpus render in parallel."""
    view, found = _source_view(*item)
    html = environment().get_template("source.html.j2").render(s=view)
    return Article(html.removesuffix("\n"), view.first, _anchor_rows(found))


def _source_view(
    index: int,
    source: dict[str, Any],
    flags: common.SourceFlags,
    shared: list[dict[str, Any]],
) -> tuple[SourceView, list[common.Finding]]:
    found = common.source_findings(source, index, shared)
    groups = []
    for key, name, _ in common.LAYERS:
        items = tuple(f for f in found if f.layer == key)
        if items:
            groups.append(LayerGroup(key, name, common.LAYER_LETTERS[key], items))
    first = _first_anchors(found)
    text = source.get("text")
    view = SourceView(
        index=index,
        source=source,
        flags=flags,
        phrases=tuple(common.flag_phrases(flags)),
        url=safe_url(source.get("url")),
        groups=tuple(groups),
        pieces=_pieces(text, found) if isinstance(text, str) else None,
        first=first,
    )
    return view, found


@dataclass(frozen=True, slots=True)
class Column:
    """One member of a quote cluster, with its diff against the first member."""

    member: dict[str, Any]
    anchor: str | None
    diff: tuple[tuple[int, str], ...]
    first: bool


def _clusters(
    clusters: Sequence[dict[str, Any]], anchors: dict[tuple[str, str, int, int], str]
) -> list[tuple[dict[str, Any], list[Column]]]:
    out = []
    for cluster in clusters:
        columns = []
        for n, (member, diff) in enumerate(common.cluster_columns(cluster)):
            anchor = common.find_anchor(
                anchors, member["source"], member["start"], member["end"], ("quote", "shared")
            )
            columns.append(Column(member, anchor, tuple(diff), n == 0))
        out.append((cluster, columns))
    return out


def _figure_checks(
    checks: Sequence[dict[str, Any]], anchors: dict[tuple[str, str, int, int], str]
) -> list[tuple[dict[str, Any], list[tuple[dict[str, Any], str | None]]]]:
    out = []
    for check in checks:
        members = []
        for member in check.get("members", []):
            if not isinstance(member, dict):
                continue
            anchor = None
            if {"source", "start", "end"} <= member.keys():
                anchor = common.find_anchor(
                    anchors, str(member["source"]), member["start"], member["end"], ("figure",)
                )
            members.append((member, anchor))
        out.append((check, members))
    return out


def _mentions(
    report: dict[str, Any], anchors: dict[tuple[str, str, int, int], str]
) -> dict[tuple[str, int, int], str]:
    """Outlet mentions' anchors (their attributions' places), by (source, start, end)."""
    out = {}
    for outlet in (report.get("provenance") or {}).get("outlets", []):
        for m in outlet.get("mentions", []):
            anchor = common.find_anchor(
                anchors, m["source"], m["start"], m["end"], ("attribution",)
            )
            if anchor is not None:
                out[(m["source"], m["start"], m["end"])] = anchor
    return out


def _shown(value: Any) -> Any:
    """Every value a template prints, with bidi controls and invisible characters shown as
    visible escapes (see invisible.py); an escape holds no markup, so Markup stays Markup."""
    if isinstance(value, Markup):
        return Markup(invisible.neutralise(str(value)))
    if isinstance(value, str):
        return invisible.neutralise(value)
    return value


@functools.cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment: packaged templates, autoescaping on, undefined names an error."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("provaudit.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_shown,
    )
    env.filters["plural"] = common.plural
    env.filters["pct"] = lambda x: f"{x:.0%}"
    env.filters["num"] = lambda x: f"{x:,}"
    env.filters["number"] = common.number
    env.filters["figure_value"] = common.figure_value
    return env


def render(report: dict[str, Any], engine: Engine | None = None) -> str:
    """The HTML page for ``report`` (a corpus or an audit report). Sources without ``text``
    are shown with their findings but no text. With ``engine``, the sources' articles are
    rendered on it (in worker processes) while this process renders the rest of the page;
    the page is the same byte for byte."""
    engine = engine or SerialEngine()
    flags = common.source_flags(report)
    shared = common.shared_occurrences(report)
    items = [
        (i, source, flags[i], shared.get(source["id"], []))
        for i, source in enumerate(report.get("sources", []))
    ]
    batches = [items[i : i + ARTICLES_PER_TASK] for i in range(0, len(items), ARTICLES_PER_TASK)]

    def articles() -> list[Article]:
        done = engine.map(source_articles, batches, count=len(batches))
        return [article for batch in done for article in batch]

    if not engine.concurrent(len(batches)):
        rendered = articles()
        return _page(
            report, items, [(a.first, a.anchors) for a in rendered], [a.html for a in rendered]
        )
    # The articles render elsewhere, collected by a thread, while this process renders the
    # rest of the page around placeholders; the findings the page links to are listed here
    # as the articles list them.
    with ThreadPoolExecutor(max_workers=1) as collector:
        pending = collector.submit(articles)
        found = [common.source_findings(source, i, sh) for i, source, _, sh in items]
        links = [(_first_anchors(f), _anchor_rows(f)) for f in found]
        page = _page(report, items, links, [_PLACEHOLDER] * len(items))
        rendered = pending.result()
    parts = page.split(_PLACEHOLDER)
    if len(parts) != len(rendered) + 1:  # the template shows each article once, in order
        raise RuntimeError(f"{len(parts) - 1} article places for {len(rendered)} articles")
    out = [parts[0]]
    for article, part in zip(rendered, parts[1:], strict=True):
        out += (article.html, part)
    return "".join(out)


# Where an article goes in a page rendered before its articles: autoescaping turns every "<"
# from a report into "&lt;", and the template has no NUL, so nothing else in a page is this.
_PLACEHOLDER = "<\x00article\x00>"


def _first_anchors(found: Sequence[common.Finding]) -> dict[str, str]:
    """Layer -> the anchor of its first finding, in the order of common.LAYERS."""
    first: dict[str, str] = {}
    for f in found:
        first.setdefault(f.layer, f.anchor)
    return {key: first[key] for key, _, _ in common.LAYERS if key in first}


def _anchor_rows(found: Sequence[common.Finding]) -> list[AnchorRow]:
    return [(f.layer, f.start, f.end, f.anchor) for f in found]


def _page(
    report: dict[str, Any],
    items: Sequence[SourceItem],
    links: Sequence[tuple[dict[str, str], Sequence[AnchorRow]]],
    articles: Sequence[str],
    paged: bool = False,
    table_pages: Sequence[TablePage] = (),
    rows_per_page: int = 0,
    section_rows: int = 0,
) -> str:
    """The page: each source's first anchors and finding places from ``links``, and its
    article's HTML from ``articles`` (or a placeholder). ``paged``: the index of a paged
    report, whose articles are pages of their own (``articles`` unused); ``table_pages``:
    the pages its overview table is on (none: the table is on the page); ``section_rows``:
    the entries of a cross-source section on the index at most (0: all), the rest of a longer
    section on pages of its own (:func:`render_section_pages`)."""
    sources = _rows(items, links, articles)
    flags = [f for _, _, f, _ in items]
    anchors = _anchors(items, links)
    provenance = report.get("provenance") or {}
    verdicts = Counter(c["verdict"] for c in report.get("quote_clusters", []))
    entries = _section_entries(report)
    section_pages = {s: _section_pages(s, len(e), section_rows) for s, e in entries.items()}
    # A section on pages of its own is shown there only: its view (the quote clusters' word
    # diffs) is made for those pages, not here too.
    shown = {
        s: [] if section_pages[s] else _section_view(s, e, anchors) for s, e in entries.items()
    }
    template = environment().get_template("index.html.j2")
    return template.render(
        report=report,
        corpus=report.get("corpus"),
        tool=report.get("tool", {}),
        sources=sources,
        rows=sources,
        first=0,
        table_pages=table_pages,
        rows_per_page=rows_per_page,
        totals=_totals(flags),
        flagged=sum(1 for f in flags if f.flagged),
        provenance=provenance,
        primary=[o for o in provenance.get("outlets", []) if o.get("primary")],
        source_index={f.id: f for f in flags},
        mention_anchors=_mentions(report, anchors),
        shown=shown,
        counts={s: len(e) for s, e in entries.items()},
        verdicts=sorted(verdicts.items()),
        disagreeing=sum(1 for c in entries["figures"] if not c.get("agree", True)),
        layers=_layers(),
        named_by_phrase=common.named_by_phrase,
        paged=paged,
        href=paged_href if paged else _local_href,
        mentions_shown=MENTIONS_SHOWN,
        section_pages=section_pages,
        section_titles=SECTIONS,
    )


def _anchors(
    items: Sequence[SourceItem], links: Sequence[tuple[dict[str, str], Sequence[AnchorRow]]]
) -> dict[tuple[str, str, int, int], str]:
    """Every finding's anchor by (source id, layer, start, end), so that a cluster member, a
    figure check or an outlet mention links to its place in the text (as
    common.anchor_index, from the articles' findings)."""
    anchors: dict[tuple[str, str, int, int], str] = {}
    for (_, source, _, _), (_, rows) in zip(items, links, strict=True):
        for layer, start, end, anchor in rows:
            anchors.setdefault((source["id"], layer, start, end), anchor)
    return anchors


def _rows(
    items: Sequence[SourceItem],
    links: Sequence[tuple[dict[str, str], Sequence[AnchorRow]]],
    articles: Sequence[str],
) -> list[SourceRow]:
    return [
        SourceRow(i, source, f, tuple(common.flag_phrases(f)), first, Markup(article))
        for (i, source, f, _), (first, _), article in zip(items, links, articles, strict=True)
    ]


def _layers() -> list[tuple[str, str, str, str]]:
    """The legend's rows: each layer's key, name, description and marker letter."""
    return [(k, n, d, common.LAYER_LETTERS[k]) for k, n, d in common.LAYERS]


def _totals(flags: Sequence[common.SourceFlags]) -> dict[str, int]:
    """The overview table's column totals over ``flags``."""
    return {
        "languages": sum(f.languages for f in flags),
        "boilerplate": sum(f.boilerplate for f in flags),
        "tails": sum(1 for f in flags if f.tail_start is not None),
        "quotes": sum(f.quotes for f in flags),
        "figures": sum(f.figures for f in flags),
        "attributions": sum(f.attributions for f in flags),
        "disclosures": sum(len(f.disclosures) for f in flags),
    }


# --- The paged report: an index page, and a page a source -------------------------------------

# Rows of the index page's overview table, at most: a corpus with more sources has its table on
# pages of this many rows (pages/sources-N.html), so that no page grows with the corpus. A row
# is some 1.6 KB on news-12k: 1,000 rows make a page of under 2 MB that a browser opens at
# once, and keep corpora of up to 1,000 sources (the seed corpus, most audits) on one page.
OVERVIEW_ROWS = 1000

# Entries of a cross-source section (quote clusters, figure checks, reused passages, outlets
# named) on the index page, at most: a longer section is on pages of this many entries
# (pages/quotes-N.html ...), which the index lists, so that no page grows with the corpus. A
# quote cluster is some 1.4 KB and an outlet some 2.5 KB on news-12k (3,000 articles): 250 make
# a page of well under 1 MB, and keep the seed corpus and most corpora's sections whole.
SECTION_ROWS = 250


@dataclass(frozen=True, slots=True)
class TablePage:
    """One page of a paged overview table: its file (relative to the index), the numbers of
    its first and last source (1-based), and its sources flagged and column totals."""

    name: str
    first: int
    last: int
    flagged: int
    totals: dict[str, int]


def table_page_name(number: int) -> str:
    """The file name of the ``number``-th page (1-based) of the overview table, inside
    common.PAGES_DIR."""
    return f"sources-{number}.html"


def table_page_of(index: int, rows_per_page: int = OVERVIEW_ROWS) -> int:
    """The number of the table page listing the ``index``-th source (0-based)."""
    return index // rows_per_page + 1


def _page_spans(count: int, rows: int) -> list[tuple[int, int]]:
    """The first and last entry (1-based) of each page of ``count`` entries, ``rows`` a page;
    none when they fit on one (the index shows them)."""
    if count <= rows:
        return []
    return [(start + 1, min(start + rows, count)) for start in range(0, count, rows)]


def _page_links(name: Callable[[int], str], number: int, pages: int) -> dict[str, Any]:
    """What a page of a paged table or section links to: the pages before and after it (by
    their ``name``), and the sources' pages beside it."""
    return {
        "previous": name(number - 1) if number > 1 else None,
        "next": name(number + 1) if number < pages else None,
        "href": _sibling_href,
    }


def _table_pages(items: Sequence[SourceItem], rows_per_page: int) -> list[TablePage]:
    pages = []
    for n, (first, last) in enumerate(_page_spans(len(items), rows_per_page), start=1):
        flags = [f for _, _, f, _ in items[first - 1 : last]]
        pages.append(
            TablePage(
                f"{common.PAGES_DIR}/{table_page_name(n)}",
                first,
                last,
                sum(1 for f in flags if f.flagged),
                _totals(flags),
            )
        )
    return pages


def page_name(index: int) -> str:
    """The file name of the ``index``-th source's page (0-based), inside common.PAGES_DIR."""
    return f"{common.source_anchor(index)}.html"


def paged_href(anchor: str) -> str:
    """A link from the index page to a source's or a finding's anchor on its source's page."""
    return f"{common.PAGES_DIR}/{_sibling_href(anchor)}"


def _local_href(anchor: str) -> str:
    return f"#{anchor}"


def render_index(
    report: dict[str, Any],
    items: Sequence[SourceItem],
    links: Sequence[tuple[dict[str, str], Sequence[AnchorRow]]],
    rows_per_page: int = OVERVIEW_ROWS,
    section_rows: int = SECTION_ROWS,
) -> str:
    """The index page of a paged report: summary, overview of sources, quote clusters, figure
    checks, reused passages and outlets, linking into the sources' pages. Of each source it
    needs the flags, the first anchor of each layer and the places of the findings the page
    links to (``links``; rows of other findings may be left out), not its findings or text.
    With more than ``rows_per_page`` sources, the overview table is on pages of its own
    (:func:`render_table_pages`) and the index lists them; so is a cross-source section of
    more than ``section_rows`` entries (:func:`render_section_pages`)."""
    return _page(
        report,
        items,
        links,
        [""] * len(items),
        paged=True,
        table_pages=_table_pages(items, rows_per_page),
        rows_per_page=rows_per_page,
        section_rows=section_rows,
    )


def render_table_pages(
    header: dict[str, Any],
    items: Sequence[SourceItem],
    links: Sequence[tuple[dict[str, str], Sequence[AnchorRow]]],
    rows_per_page: int = OVERVIEW_ROWS,
) -> Iterator[tuple[str, str]]:
    """The pages of the index's overview table, ``(name inside common.PAGES_DIR, HTML)``, when
    there are more than ``rows_per_page`` sources (else none: the table is on the index)."""
    pages = _table_pages(items, rows_per_page)
    template = environment().get_template("sources.html.j2")
    for number, page in enumerate(pages, start=1):
        start = page.first - 1
        rows = _rows(items[start : page.last], links[start : page.last], [""] * (page.last - start))
        yield (
            table_page_name(number),
            template.render(
                rows=rows,
                first=start,
                total=len(items),
                totals=page.totals,
                **_page_links(table_page_name, number, len(pages)),
                layers=_layers(),
                tool=header.get("tool", {}),
                schema_version=header.get("schema_version", ""),
            ),
        )


# Mentions of one outlet listed where it is named (its row of "Outlets named", the primary
# source on the index), at most: a wire agency is named by a good share of any news corpus
# (a row grew to ~6 KB an outlet at 11,999 news-12k articles, some far more), and every
# mention is also marked on its source's page. Fifty show what naming it looks like.
MENTIONS_SHOWN = 50

# The index's cross-source sections, by their ids there, with each one's title.
SECTIONS = {
    "quotes": "Quote clusters",
    "figures": "Figure checks",
    "reused": "Reused passages",
    "outlets": "Outlets named",
}


@dataclass(frozen=True, slots=True)
class SectionPage:
    """One page of a paged cross-source section: its file (relative to the index) and the
    numbers of its first and last entry (1-based)."""

    name: str
    first: int
    last: int


def section_page_name(section: str, number: int) -> str:
    """The file name of the ``number``-th page (1-based) of ``section`` (a key of SECTIONS),
    inside common.PAGES_DIR."""
    return f"{section}-{number}.html"


def _section_entries(report: dict[str, Any]) -> dict[str, Sequence[Any]]:
    """Each cross-source section's entries as the report holds them, by section id (the keys
    of SECTIONS, in their order)."""
    return {
        "quotes": report.get("quote_clusters", []),
        "figures": report.get("figure_checks", []),
        "reused": report.get("reused_passages", []),
        "outlets": (report.get("provenance") or {}).get("outlets", []),
    }


def _section_view(
    section: str, entries: Sequence[Any], anchors: dict[tuple[str, str, int, int], str]
) -> Sequence[Any]:
    """``entries`` of ``section`` as its template shows them: quote clusters with their word
    diffs and figure checks with their members' anchors; the others as the report holds them.
    Built for the entries of one page at a time (word diffs are the bulk of a section)."""
    if section == "quotes":
        return _clusters(entries, anchors)
    if section == "figures":
        return _figure_checks(entries, anchors)
    return entries


def _section_pages(section: str, count: int, rows: int) -> list[SectionPage]:
    """The pages of ``section``'s ``count`` entries, ``rows`` a page (none when they fit on the
    index)."""
    if not rows:
        return []
    return [
        SectionPage(f"{common.PAGES_DIR}/{section_page_name(section, n)}", first, last)
        for n, (first, last) in enumerate(_page_spans(count, rows), start=1)
    ]


def render_section_pages(
    header: dict[str, Any],
    items: Sequence[SourceItem],
    links: Sequence[tuple[dict[str, str], Sequence[AnchorRow]]],
    section_rows: int = SECTION_ROWS,
) -> Iterator[tuple[str, str]]:
    """The pages of the index's cross-source sections that are longer than ``section_rows``
    entries, ``(name inside common.PAGES_DIR, HTML)``: each entry as the index would show it,
    numbered on from the page before, linking into the sources' pages."""
    anchors = _anchors(items, links)
    template = environment().get_template("section.html.j2")
    source_index = {f.id: f for _, _, f, _ in items}
    mention_anchors = _mentions(header, anchors)
    for section, entries in _section_entries(header).items():
        pages = _section_pages(section, len(entries), section_rows)
        if not pages:
            continue
        title = SECTIONS[section]
        for number, page in enumerate(pages, start=1):
            yield (
                section_page_name(section, number),
                template.render(
                    section=section,
                    title=title,
                    entries=_section_view(section, entries[page.first - 1 : page.last], anchors),
                    first=page.first,
                    last=page.last,
                    total=len(entries),
                    **_page_links(
                        functools.partial(section_page_name, section), number, len(pages)
                    ),
                    source_index=source_index,
                    mention_anchors=mention_anchors,
                    mentions_shown=MENTIONS_SHOWN,
                    tool=header.get("tool", {}),
                    schema_version=header.get("schema_version", ""),
                ),
            )


def _sibling_href(anchor: str) -> str:
    """A link from a page in common.PAGES_DIR to a source's or a finding's anchor."""
    return f"{anchor.split('-', 1)[0]}.html#{anchor}"


def source_page(
    item: SourceItem, total: int, header: dict[str, Any], rows_per_page: int = OVERVIEW_ROWS
) -> tuple[str, Article]:
    """The page of one source of a paged report (of ``total`` sources; ``header``: the
    report's top-level fields) and its :class:`Article`. It links back to the overview table:
    on the index, or on the table page listing it (more than ``rows_per_page`` sources)."""
    article = source_article(item)
    overview = (
        table_page_name(table_page_of(item[0], rows_per_page))
        if total > rows_per_page
        else "../index.html#overview"
    )
    page = (
        environment()
        .get_template("page.html.j2")
        .render(
            article=Markup(article.html),
            index=item[0],
            total=total,
            source_id=item[1]["id"],
            source_name=common.display_name(item[1]),
            overview=overview,
            tool=header.get("tool", {}),
            schema_version=header.get("schema_version", ""),
        )
    )
    return page, article
