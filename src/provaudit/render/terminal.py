"""Plain-text renderings for a terminal (``provaudit quotes``). No colour, no terminal codes:
the CLI decides how to style what it prints."""

from __future__ import annotations

from typing import Any

from .. import invisible
from . import common

DELETED = ("[-", "-]")
INSERTED = ("{+", "+}")


def marked_diff(diff: list[list[Any]]) -> str:
    """A word diff inline: deleted words as ``[-old-]``, inserted ones as ``{+new+}``."""
    out = []
    for op, text in diff:
        if op == 0:
            out.append(text)
            continue
        open_, close = DELETED if op == -1 else INSERTED
        # Keep the space after the last word outside the marks: "[-idea-] " reads better.
        core = text.rstrip()
        out.append(f"{open_}{core}{close}{text[len(core) :]}")
    return "".join(out)


def _one_line(text: str) -> str:
    # Source text on a terminal line: no line breaks, no controls, no bidi reordering.
    return invisible.one_line(" ".join(text.split()))


def quote_clusters(report: dict[str, Any]) -> str:
    """Each quote cluster: verdict, similarity, its members (the canonical one marked ``=``,
    each with its own verdict against it), and the word diff of its two least similar members
    marked ``[-old-]{+new+}``."""
    clusters = report.get("quote_clusters", [])
    if not clusters:
        return "No quotation is shared between sources.\n"
    names = common.source_names(report)
    lines: list[str] = []
    for cluster in clusters:
        members = cluster["members"]
        sources = len({m["source"] for m in members})
        lines.append(
            f"{cluster['id']}  {cluster['verdict']}  similarity {cluster['similarity']:.2f}"
            f"  ({len(members)} occurrences in {sources} sources)"
        )
        canonical = cluster.get("canonical", 0)
        for n, member in enumerate(members):
            quote = member.get("quote") or "unquoted"
            mark = "=" if n == canonical else " "
            detail = (
                "canonical"
                if n == canonical
                else f"{member.get('verdict', '')} {member.get('similarity', 0):.2f}".strip()
            )
            lines.append(
                f" {mark} {_who(names, member['source'])} [{member['start']}:{member['end']}] "
                f"({quote}, "
                f"{detail}): {_one_line(member['text'])}"
            )
        first, second = cluster.get("diff_between", [0, len(members) - 1])
        lines.append(
            f"   diff {_label(members[first], names)} -> {_label(members[second], names)}: "
            f"{_one_line(marked_diff(cluster['diff']))}"
        )
        lines.append("")
    return "\n".join(lines)


def _who(names: dict[str, str], source_id: str) -> str:
    """A source as people read it, its id in brackets: "Outlet — Title [id]"."""
    name = names.get(source_id)
    shown = f"{name} [{source_id}]" if name and name != source_id else source_id
    return invisible.one_line(shown)  # a headline is the page's text: no bidi tricks


def _label(member: dict[str, Any], names: dict[str, str]) -> str:
    return f"{_who(names, member['source'])} {member.get('quote') or 'unquoted'}"
