"""The Markdown report (``reports/corpus.md``): readable in a terminal and on a code-hosting site.

Per source a summary line of flags, then the primary source, quote clusters with their
verdicts and word diffs (``~~deleted~~ **inserted**``), figure checks, reused passages and
attribution. Every piece of text that comes from a source, a manifest or a detector is escaped,
so no Markdown or raw HTML in a source can change the page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .. import invisible
from . import common

# Characters that start Markdown (CommonMark + GFM) inline syntax or raw HTML anywhere in a
# line: emphasis, code, links and images, autolinks and HTML, table cells, strikethrough.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
# An entity reference would be decoded ("&lt;" shown as "<"): escape its ampersand.
_ENTITY = re.compile(r"&(?=#?\w+;)")
# Text quoted from a source is cut to this many characters in lists; the HTML report and the
# JSON carry it whole.
EXCERPT_CHARS = 160


def escape(text: str) -> str:
    """``text`` as literal Markdown inline text on one line: every run of white space (line
    breaks included) becomes one space."""
    text = re.sub(r"\s+", " ", text)
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    return _ENTITY.sub(r"\\&", text)


def code(text: str) -> str:
    """``text`` in a code span, or escaped where it contains a backtick."""
    if "`" in text or not text.strip() or "\n" in text:
        return escape(text)
    return f"`{text}`"


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """A quoted, escaped excerpt of ``text``, cut at a word to ``limit`` characters."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        cut = flat[:limit].rsplit(" ", 1)[0] if " " in flat[:limit] else flat[:limit]
        flat = cut + " …"
    return f"“{escape(flat)}”"


def _marked(text: str, marker: str) -> str:
    """``text`` escaped and wrapped in ``marker`` (``~~`` or ``**``), with any white space at
    its ends kept outside the markers, where Markdown needs it."""
    core = text.strip()
    if not core:
        return " " if text else ""
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    return f"{lead}{marker}{escape(core)}{marker}{trail}"


def diff_markdown(diff: Sequence[Sequence[Any]]) -> str:
    """A word diff as one line: equal text plain, ``~~deleted~~``, ``**inserted**``."""
    parts = []
    for op, text in diff:
        text = str(text)
        if op == 0:
            parts.append(escape(text))
        else:
            parts.append(_marked(text, "~~" if op == -1 else "**"))
    return re.sub(r" {2,}", " ", "".join(parts)).strip()


def _span(item: dict[str, Any]) -> str:
    return f"[{item['start']}:{item['end']}]"


def _or(value: Any, default: str = "unknown") -> str:
    return escape(str(value)) if value not in (None, "") else default


def who(names: dict[str, str], source_id: str) -> str:
    """A source as people read it, its id in brackets: "Outlet — Title (`id`)"."""
    name = names.get(source_id)
    return f"{escape(name)} ({code(source_id)})" if name and name != source_id else code(source_id)


def summary_line(flags: common.SourceFlags) -> str:
    """A source's flags in one line (what is present, or "none"), then the outlets it cites."""
    phrases = common.flag_phrases(flags)
    line = "Flags: " + (escape("; ".join(phrases)) if phrases else "none")
    if flags.cites:
        line += " · cites " + escape(", ".join(flags.cites))
    return line


def _overview(flags: Sequence[common.SourceFlags]) -> list[str]:
    lines = [
        "| # | Source | Outlet | Other-language | Boilerplate | Off-topic tail | Quotes | Figures "
        "| Attributions | Disclosures |",
        "|---:|---|---|---:|---:|---|---:|---:|---:|---|",
    ]
    for n, f in enumerate(flags, 1):
        tail = (
            "—"
            if f.tail_start is None
            else f"{f.tail_share:.0%} of text"
            if f.tail_share is not None
            else f"from {f.tail_start}"
        )
        disclosures = escape(", ".join(dict.fromkeys(f.disclosures))) or "—"
        lines.append(
            f"| {n} | {who({f.id: f.name}, f.id)} | {_or(f.outlet, '—')} | {f.languages} "
            f"| {f.boilerplate} "
            f"| {tail} | {f.quotes} | {f.figures} | {f.attributions} | {disclosures} |"
        )
    return lines


def _primary(report: dict[str, Any]) -> list[str]:
    provenance = report.get("provenance") or {}
    names = common.source_names(report)
    outlets = [o for o in provenance.get("outlets", []) if o.get("primary")]
    document = provenance.get("primary_document") or "document"
    lines = ["## Primary source", ""]
    if not outlets:
        lines.append(
            "No source names an outlet as having obtained or first published the document."
        )
        return [*lines, ""]
    for outlet in outlets:
        lines.append(
            f"**{escape(outlet['name'])}**: named as having obtained or first published the "
            f"{escape(document)} by {common.named_by_phrase(report, outlet)}."
        )
        lines.append("")
        for mention in outlet.get("mentions", []):
            if mention["role"] not in ("obtained", "first-published"):
                continue
            lines.append(
                f"- {who(names, mention['source'])} ({escape(mention['role'])}) {_span(mention)}: "
                f"{excerpt(mention['text'])}"
            )
        lines.append("")
    return lines


def _cites(source: dict[str, Any]) -> str:
    """The outlets a source's attributions name, each with its roles, in order of first mention."""
    roles: dict[str, list[str]] = {}
    for a in sorted(source.get("attributions", []), key=lambda a: a["start"]):
        if a["role"] not in roles.setdefault(a["outlet"], []):
            roles[a["outlet"]].append(a["role"])
    return ", ".join(f"{outlet} ({', '.join(r)})" for outlet, r in roles.items())


def _facts(source: dict[str, Any], flags: common.SourceFlags) -> str:
    """A source's outlet, date, main language and counts, and the outlets it cites: one line."""
    cites = _cites(source)
    return (
        f"Outlet: {_or(source.get('outlet'))} · published: {_or(source.get('published'))} · "
        f"main language: {_or(source.get('main_language'))} · "
        f"{flags.characters:,} characters · {common.plural(flags.quotes, 'quote')} · "
        f"{common.plural(flags.figures, 'figure')} · cites: {escape(cites) if cites else 'no outlet'}"
    )


def _disclosure(d: dict[str, Any]) -> str:
    party = f"; party: {escape(d['party'])}" if d.get("party") else ""
    return (
        f"- {escape(d['kind'])} {_span(d)}: {excerpt(d['text'])}"
        f" (evidence: {escape(d['evidence'])}{party})"
    )


def _attribution(a: dict[str, Any]) -> str:
    basis = f"; basis: {escape(a['basis'])}" if a.get("basis") else ""
    document = f"; document: {escape(a['document'])}" if a.get("document") else ""
    return (
        f"- {escape(a['outlet'])}, {escape(a['role'])} {_span(a)}: {excerpt(a['text'])}"
        f" (cue: {escape(a['evidence'])}{basis}{document})"
    )


def _passage(p: dict[str, Any]) -> str:
    return (
        f"- {escape(p['lang'])} {escape(p.get('kind', ''))} {_span(p)}"
        f" (confidence {p.get('confidence', 0):.2f}): {excerpt(p['text'])}"
    )


def _boilerplate(b: dict[str, Any]) -> str:
    return f"- {escape(b['kind'])} {_span(b)}: {excerpt(b['text'])}"


def _offtopic_tail(tail: dict[str, Any] | None, flags: common.SourceFlags) -> list[str]:
    """Where the off-topic tail starts (and its share of the text), and how it starts."""
    if not tail:
        return []
    share = f" ({flags.tail_share:.0%} of the text)" if flags.tail_share is not None else ""
    return [
        f"- from character {tail['start']}{share}: {escape(tail.get('reason', ''))}",
        f"- starts: {excerpt(tail['text'])}",
    ]


def _titled(heading: str, items: list[str]) -> list[str]:
    """A bold heading over its items; nothing where there are none."""
    return [f"**{heading}**", "", *items, ""] if items else []


def _source_section(source: dict[str, Any], index: int, flags: common.SourceFlags) -> list[str]:
    heading = f"{index + 1}. {who({flags.id: flags.name}, flags.id)}"
    lines = [f"### {heading}", "", summary_line(flags), "", _facts(source, flags), ""]
    if source.get("warnings"):
        lines += [f"Warnings: {escape('; '.join(source['warnings']))}", ""]
    passages = source.get("languages", {}).get("passages", [])
    lines += _titled("Disclosures", [_disclosure(d) for d in source.get("disclosures", [])])
    lines += _titled("Attributions", [_attribution(a) for a in source.get("attributions", [])])
    lines += _titled("Other-language passages", [_passage(p) for p in passages])
    lines += _titled("Boilerplate", [_boilerplate(b) for b in source.get("boilerplate", [])])
    lines += _titled("Off-topic tail", _offtopic_tail(source.get("offtopic_tail"), flags))
    return lines


def _clusters(report: dict[str, Any]) -> list[str]:
    clusters = report.get("quote_clusters", [])
    names = common.source_names(report)
    lines = [f"## Quote clusters ({len(clusters)})", ""]
    if not clusters:
        return [*lines, "No quotation is shared between sources.", ""]
    for cluster in clusters:
        members = cluster.get("members", [])
        lines.append(
            f"### {code(cluster['id'])}: {escape(cluster['verdict'])}, similarity "
            f"{cluster['similarity']:.2f}, {common.plural(len(members), 'occurrence')}"
        )
        lines.append("")
        for member in members:
            quote = member.get("quote") or "unquoted"
            lines.append(
                f"- {who(names, member['source'])} {escape(quote)} {_span(member)}: "
                f"{excerpt(member['text'], 400)}"
            )
        lines.append("")
        if cluster.get("diff"):
            lines += [f"Diff: {diff_markdown(cluster['diff'])}", ""]
    return lines


def _figure_member(member: dict[str, Any], names: dict[str, str]) -> str:
    where = who(names, str(member["source"])) if "source" in member else "?"
    span = f" {_span(member)}" if "start" in member and "end" in member else ""
    text = f": {excerpt(str(member['text']))}" if "text" in member else ""
    shown = f" = {escape(common.figure_value(member))}" if "value" in member else ""
    return f"- {where}{span}{text}{shown}"


def _figure_checks(report: dict[str, Any]) -> list[str]:
    checks = report.get("figure_checks", [])
    names = common.source_names(report)
    lines = [f"## Figure checks ({len(checks)})", ""]
    if not checks:
        return [*lines, "No figure is stated by more than one source.", ""]
    for check in checks:
        verdict = str(check.get("verdict") or ("agree" if check.get("agree") else "disagree"))
        verdict = verdict.upper() if verdict == "disagree" else verdict
        subject = f" {escape(str(check['subject']))}" if check.get("subject") else ""
        about = f" ({escape(str(check['about']))})" if check.get("about") else ""
        lines += [f"### {code(check['id'])}: {verdict}:{subject}{about}", ""]
        lines += [_figure_member(m, names) for m in check.get("members", []) if isinstance(m, dict)]
        lines.append("")
    return lines


def _reused(report: dict[str, Any]) -> list[str]:
    passages = report.get("reused_passages", [])
    names = common.source_names(report)
    lines = [f"## Reused passages ({len(passages)})", ""]
    if not passages:
        return [*lines, "No unquoted passage is shared between sources.", ""]
    for n, p in enumerate(passages, 1):
        a, b = p["a"], p["b"]
        lines.append(
            f"{n}. {who(names, a['source'])} {_span(a)} and {who(names, b['source'])} "
            f"{_span(b)}: "
            f"{excerpt(a['text'])}"
        )
    return [*lines, ""]


def _outlets(report: dict[str, Any]) -> list[str]:
    outlets = (report.get("provenance") or {}).get("outlets", [])
    lines = [f"## Outlets named ({len(outlets)})", ""]
    if not outlets:
        return [*lines, "No source names another outlet.", ""]
    lines += ["| Outlet | Roles | Named by |", "|---|---|---|"]
    for outlet in outlets:
        lines.append(
            f"| {escape(outlet['name'])}{' (primary source)' if outlet.get('primary') else ''} "
            f"| {escape(', '.join(outlet.get('roles', [])))} "
            f"| {', '.join(code(s) for s in outlet.get('named_by', []))} |"
        )
    return [*lines, ""]


def render(report: dict[str, Any]) -> str:
    """The Markdown report for ``report`` (a corpus or an audit report)."""
    flags = common.source_flags(report)
    sections = (
        source_section(source, index, f)
        for index, (source, f) in enumerate(zip(report.get("sources", []), flags, strict=True))
    )
    return head(report, flags) + "".join(sections) + tail(report)


def head(report: dict[str, Any], flags: Sequence[common.SourceFlags]) -> str:
    """The report's opening: the heading, the primary source, and the list and table of
    sources (from their ``flags``: sources' own objects are not read beyond their ids)."""
    corpus = report.get("corpus")
    heading = "# provaudit report: corpus" if corpus else "# provaudit report"
    tool = report.get("tool", {})
    meta = [
        common.plural(len(flags), "source"),
        f"provaudit {escape(str(tool.get('version', '?')))}",
        f"report schema {escape(str(report.get('schema_version', '?')))}",
    ]
    if corpus:
        meta.append(f"manifest sha256 {code(corpus['manifest_sha256'][:12])}")
    lines = [heading, "", " · ".join(meta), ""]
    lines += _primary(report)
    lines += ["## Sources", ""]
    for n, f in enumerate(flags, 1):
        lines.append(f"{n}. {code(f.id)}: {summary_line(f)}")
    lines.append("")
    lines += _overview(flags)
    lines.append("")
    return _lines(lines)


def source_section(source: dict[str, Any], index: int, flags: common.SourceFlags) -> str:
    """One source's section (the ``index``-th source of its report)."""
    return _lines(_source_section(source, index, flags))


def tail(report: dict[str, Any]) -> str:
    """The report's end: quote clusters, figure checks, reused passages, outlets named."""
    lines = _clusters(report) + _figure_checks(report) + _reused(report) + _outlets(report)
    while lines and lines[-1] == "":
        lines.pop()
    # Bidi controls and invisible characters from any source or manifest text, made visible.
    return invisible.neutralise("\n".join(lines) + "\n")


def _lines(lines: list[str]) -> str:
    return invisible.neutralise("".join(line + "\n" for line in lines))
