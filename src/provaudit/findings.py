"""Findings for CI: every flag a report raises, and every integrity problem, as one flat list
with the file and line it is about, and a policy saying which of them fail the gate.

Integrity problems (the corpus or its reports are wrong) always fail. What a report finds in
the sources (a machine-written disclosure, an off-topic tail, ...) fails only when the policy
names its kind (``--fail-on machine-written,offtopic-tail``); otherwise it is shown as a
warning or a note.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

Level = Literal["error", "warning", "note"]

INTEGRITY = "integrity"
STALE_REPORT = "stale-report"
SOURCE_ERROR = "source-error"

# Each kind of finding, what it is (the rule's description in SARIF and the help), and how
# loud it is when the policy does not fail on it.
KINDS: Mapping[str, tuple[str, Level]] = {
    INTEGRITY: ("The corpus is not what its manifest says (schema, files, hashes).", "error"),
    STALE_REPORT: ("A report is missing, invalid, or differs from a fresh one.", "error"),
    SOURCE_ERROR: ("A source could not be audited (audit --keep-going).", "error"),
    "source-warning": (
        "Reading the source needed care (replaced bytes, short extraction).",
        "warning",
    ),
    "machine-written": ("The source says it was written or assembled by a model.", "warning"),
    "machine-translated": ("The source says it was machine-translated.", "warning"),
    "generated-forecast": ("The source labels a forecast as generated or hedged.", "warning"),
    "sponsored": ("The source declares sponsored content.", "warning"),
    "affiliate": ("The source declares affiliate commissions.", "warning"),
    "self-promotion": ("The publisher promotes itself in the first person.", "warning"),
    "offtopic-tail": ("Content about other subjects follows the article.", "warning"),
    "quote-variant": ("Another outlet quotes the same words differently.", "warning"),
    "figure-disagreement": ("Sources state different values for the same thing.", "warning"),
    "foreign-language": ("A passage in another language than the source's main one.", "note"),
    "boilerplate": ("Page chrome or extraction residue inside the text.", "note"),
}
# Kinds that fail whatever the policy says: the gate exists for them.
ALWAYS_FAIL = frozenset({INTEGRITY, STALE_REPORT, SOURCE_ERROR})
# How many characters of a span a message quotes.
EXCERPT_CHARS = 80


def parse_fail_on(value: str | Iterable[str] | None) -> frozenset[str]:
    """The kinds a comma-separated policy (or a list) names; ValueError for an unknown one."""
    if value is None:
        return frozenset()
    items = value.split(",") if isinstance(value, str) else list(value)
    kinds = {item.strip() for item in items if item.strip()}
    if "all" in kinds:
        return frozenset(KINDS)
    unknown = sorted(kinds - set(KINDS))
    if unknown:
        raise ValueError(
            f"unknown finding kind {unknown[0]!r} (one of: all, {', '.join(sorted(KINDS))})"
        )
    return frozenset(kinds)


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing CI should show: its ``kind`` (a key of KINDS), a one-line ``message``, the
    ``file`` it is about (as a path a CI run can open; None for a URL), the 1-based ``line``
    there where known, the ``source`` id, the span's offsets, and whether it ``fails`` the
    gate under the policy in force."""

    kind: str
    message: str
    file: str | None = None
    line: int | None = None
    source: str | None = None
    start: int | None = None
    end: int | None = None
    fails: bool = True

    @property
    def level(self) -> Level:
        return "error" if self.fails else KINDS.get(self.kind, ("", "warning"))[1]

    @property
    def title(self) -> str:
        return f"provaudit {self.kind}"

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "level": self.level,
            "fails": self.fails,
            "file": self.file,
            "line": self.line,
            "source": self.source,
            "start": self.start,
            "end": self.end,
            "message": self.message,
        }

    def sort_key(self) -> tuple[int, str, int, int, str, str]:
        return (
            0 if self.kind in ALWAYS_FAIL else 1,
            self.file or "",
            self.line or 0,
            self.start or 0,
            self.kind,
            self.message,
        )


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT_CHARS else flat[: EXCERPT_CHARS - 1] + "…"


def own_findings(source: Mapping[str, Any]) -> list[tuple[str, str, dict[str, Any] | None]]:
    """The findings of one source's own flags, each as (kind, source id, span or None), with
    its message built later (:func:`finding`)."""
    sid = source["id"]
    found: list[tuple[str, str, dict[str, Any] | None]] = [
        ("source-warning", sid, {"message": w}) for w in source.get("warnings", [])
    ]
    for disclosure in source.get("disclosures", []):
        found.append((disclosure["kind"], sid, disclosure))
    if source.get("offtopic_tail"):
        found.append(("offtopic-tail", sid, source["offtopic_tail"]))
    for passage in source.get("languages", {}).get("passages", []):
        found.append(("foreign-language", sid, passage))
    for chrome in source.get("boilerplate", []):
        found.append(("boilerplate", sid, chrome))
    return found


def relation_findings(header: Mapping[str, Any]) -> list[tuple[str, str, dict[str, Any] | None]]:
    """The findings of the cross-source sections of a report (or of its header: they need
    no source's object), each as (kind, the member's source id, the member)."""
    found: list[tuple[str, str, dict[str, Any] | None]] = []
    for cluster in header.get("quote_clusters", []):
        for member in cluster.get("members", []):
            if member.get("verdict") == "variant":
                found.append(("quote-variant", member["source"], member))
    for check in header.get("figure_checks", []):
        if not check.get("agree", True):
            for member in check.get("members", []):
                found.append(("figure-disagreement", member["source"], member))
    return found


def _message(kind: str, item: dict[str, Any] | None) -> str:
    if item is None:
        return KINDS[kind][0]
    if kind == "source-warning":
        return str(item["message"])
    quoted = f'"{_excerpt(item["text"])}"' if "text" in item else ""
    if kind == "foreign-language":
        return f"{item.get('lang', '?')} {item.get('kind', 'passage')}: {quoted}"
    if kind == "boilerplate":
        return f"{item.get('kind', 'boilerplate')}: {quoted}"
    if kind == "offtopic-tail":
        return f"off-topic tail ({item.get('reason', '?')}) from {quoted}"
    if kind == "quote-variant":
        return f"quoted differently elsewhere: {quoted}"
    if kind == "figure-disagreement":
        return f"a figure other sources state differently: {quoted}"
    evidence = item.get("evidence")
    return quoted + (f" (cue: {_excerpt(str(evidence))})" if evidence else "")


LineOf = Callable[[int], "int | None"]


def finding(
    kind: str,
    sid: str,
    item: dict[str, Any] | None,
    fail_on: frozenset[str],
    file: str | None,
    line_of: LineOf | None,
) -> Finding:
    """The finding ``kind`` of source ``sid`` about ``item`` (a span or None), in ``file``
    (None: none to point at), its line found by ``line_of`` (offset -> line) where known."""
    start = item.get("start") if item else None
    end = item.get("end") if item else None
    line = line_of(start) if line_of is not None and isinstance(start, int) else None
    return Finding(
        kind,
        _message(kind, item),
        file,
        line,
        sid,
        start,
        end,
        fails=kind in fail_on or kind in ALWAYS_FAIL,
    )


def error_findings(header: Mapping[str, Any]) -> list[Finding]:
    """A finding for each source a report could not audit (its ``errors``)."""
    return [
        Finding(SOURCE_ERROR, f"{error['kind']}: {error['message']}", error["source"])
        for error in header.get("errors", [])
    ]


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Integrity problems first, then by file, line and offset (a stable, readable order)."""
    return sorted(findings, key=Finding.sort_key)


# --- lines in the source file ----------------------------------------------------------------


def line_starts(raw: str) -> list[int]:
    """Offsets where each line of ``raw`` starts."""
    return [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", raw))]


def line_at(starts: Sequence[int], offset: int) -> int:
    """The 1-based line holding raw ``offset``."""
    return bisect.bisect_right(starts, offset)


# A span of extracted HTML text is found in the page by its first words, with anything
# (tags, entities, white space) allowed between them; this many words is enough to be
# unambiguous on news pages and few enough to stay inside one element's text.
HTML_ANCHOR_WORDS = 4


def html_line_finder(raw: str, text: str) -> LineOf:
    """Offset in the text extracted from the HTML page ``raw`` -> its line in the page: the
    first place the span's first words occur (None where they do not)."""
    starts = line_starts(raw)

    def line_of(offset: int) -> int | None:
        words = re.findall(r"\w+", text[offset : offset + 200])[:HTML_ANCHOR_WORDS]
        if not words:
            return None
        pattern = r"\W+(?:<[^>]*>\W*)*".join(re.escape(w) for w in words)
        found = re.search(pattern, raw)
        return line_at(starts, found.start()) if found else None

    return line_of


def text_line_finder(raw: str, to_raw: Callable[[int], int]) -> LineOf:
    """Offset in the normalised text of plain-text ``raw`` -> its line in the file, through
    normalisation's offset map ``to_raw``."""
    starts = line_starts(raw)
    return lambda offset: line_at(starts, to_raw(offset))


# --- what changed in a stale report ----------------------------------------------------------

# Source fields that are not findings: a change there is named as "metadata".
_SOURCE_METADATA = (
    "path",
    "sha256",
    "media_type",
    "encoding",
    "outlet",
    "url",
    "title",
    "author",
    "published",
    "main_language",
    "stats",
)
# How many changed sources a message names before it counts the rest.
CHANGES_NAMED = 5


def _rules_digest(report: Mapping[str, Any]) -> str | None:
    tool = report.get("tool")
    digest = tool.get("rules") if isinstance(tool, dict) else None
    return digest if isinstance(digest, str) else None


def _short(digest: str | None) -> str:
    return "rules digest unknown" if digest is None else f"rules {digest[:12]}"


def report_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    """Which sources (and which of their sections) and which cross-source sections differ
    between an old report and a fresh one, in one line ("" when the bodies are equal)."""
    old_sources = {s.get("id"): s for s in old.get("sources", []) if isinstance(s, dict)}
    new_sources = {s["id"]: s for s in new.get("sources", [])}
    parts = []
    added = [sid for sid in new_sources if sid not in old_sources]
    removed = [sid for sid in old_sources if sid not in new_sources]
    changed = []
    for sid, source in new_sources.items():
        before = old_sources.get(sid)
        if before is None or before == source:
            continue
        keys = sorted(k for k in {*before, *source} if before.get(k) != source.get(k))
        sections = sorted({"metadata" if k in _SOURCE_METADATA else k for k in keys})
        changed.append(f"{sid} ({', '.join(sections)})")
    for label, ids in (
        ("sources added", added),
        ("sources removed", removed),
        ("sources changed", changed),
    ):
        if ids:
            named = ", ".join(str(i) for i in ids[:CHANGES_NAMED])
            more = f" and {len(ids) - CHANGES_NAMED} more" if len(ids) > CHANGES_NAMED else ""
            parts.append(f"{label}: {named}{more}")
    old_rules, new_rules = (_rules_digest(r) for r in (old, new))
    if old_rules != new_rules:
        # Said first: other rules explain every other change.
        parts.insert(0, f"made with other rules ({_short(old_rules)}, now {_short(new_rules)})")
    sections = sorted(k for k in {*old, *new} if k != "sources" and old.get(k) != new.get(k))
    if sections:
        parts.append(f"sections changed: {', '.join(sections)}")
    return "; ".join(parts)
