"""Plain-text renderings for a terminal (``provaudit quotes``)."""

from __future__ import annotations

from typing import Any


def quote_clusters(report: dict[str, Any]) -> str:
    """Each quote cluster: verdict, similarity, members, and the word diff marked [-old-]{+new+}."""
    clusters = report.get("quote_clusters", [])
    if not clusters:
        return "No quotation is shared between sources.\n"
    lines: list[str] = []
    for cluster in clusters:
        lines.append(
            f"{cluster['id']}  {cluster['verdict']}  similarity {cluster['similarity']:.2f}"
            f"  ({len(cluster['members'])} occurrences)"
        )
        for member in cluster["members"]:
            quote = member.get("quote") or "unquoted"
            lines.append(
                f"  {member['source']} [{member['start']}:{member['end']}] ({quote}): {member['text']}"
            )
        marked = "".join(
            text if op == 0 else f"[-{text}-]" if op == -1 else f"{{+{text}+}}"
            for op, text in cluster["diff"]
        )
        lines.append(f"  diff: {marked}")
        lines.append("")
    return "\n".join(lines)
