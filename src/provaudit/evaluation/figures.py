"""Figure checks on BASIL against hand labels (tests/data/figures/basil_pairs.jsonl): whether a
labelled pair is grouped into one check and called a disagreement, overall, by stratum and by
half of the events (:func:`provaudit.evaluation.quotes.held_out`). ``bench/figures.py`` prints
the figures and sweeps thresholds; the floor tests pin them. See that script's docstring.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from provaudit.evaluation.quotes import held_out
from provaudit.figures import (
    Figure,
    check_figure_features,
    extract_figures,
    figure_features,
    relation,
)
from provaudit.normalise import normalise_text


def basil_figures(data: Path) -> dict[str, tuple[str, tuple[Figure, ...]]]:
    """Each BASIL article's id (``EVENT/outlet``), normalised text and figures."""
    out = {}
    for event in sorted(p for p in (data / "basil").iterdir() if p.is_dir()):
        for path in sorted(event.glob("*.txt")):
            doc = normalise_text(path.read_text(encoding="utf-8"))
            out[f"{event.name}/{path.stem.lower()}"] = (doc.text, extract_figures(doc))
    return out


def _at(figures: Sequence[Figure], start: int, end: int) -> Figure | None:
    """The figure overlapping ``[start, end)`` most."""
    best = max(figures, key=lambda f: min(end, f.span.end) - max(start, f.span.start), default=None)
    if best is None or min(end, best.span.end) <= max(start, best.span.start):
        return None
    return best


def evaluate(data: Path, labels: Path) -> dict[str, Any]:
    """Score the checks against the labelled pairs (see the module docstring)."""
    found = basil_figures(data)
    checks = check_figure_features(
        [figure_features(sid, text, figs) for sid, (text, figs) in found.items()]
    )
    check_of: dict[tuple[str, int], str] = {}
    for check in checks:
        for m in check.members:
            check_of[(m["source"], m["start"])] = check.id
    rows = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines() if line]
    scored = []
    for row in rows:
        fa = _at(found[row["a"]][1], row["a_start"], row["a_end"])
        fb = _at(found[row["b"]][1], row["b_start"], row["b_end"])
        ca = check_of.get((row["a"], fa.span.start)) if fa else None
        cb = check_of.get((row["b"], fb.span.start)) if fb else None
        grouped = ca is not None and ca == cb
        called = grouped and fa is not None and fb is not None and relation(fa, fb) == "disagree"
        scored.append({**row, "grouped": grouped, "called_disagree": called})

    def score(selected: list[dict[str, Any]]) -> dict[str, Any]:
        called = [r for r in selected if r["called_disagree"]]
        real = [r for r in selected if r["label"] == "same-disagree"]
        same = [r for r in selected if r["label"] != "different"]
        grouped = [r for r in selected if r["grouped"]]
        return {
            "pairs": len(selected),
            "labelled_disagreements": len(real),
            "called_disagree": len(called),
            "disagree_precision": _share(
                sum(r["label"] == "same-disagree" for r in called), len(called)
            ),
            "disagreements_found": _share(sum(r["called_disagree"] for r in real), len(real)),
            "grouped": len(grouped),
            "grouping_precision": _share(
                sum(r["label"] != "different" for r in grouped), len(grouped)
            ),
            "grouping_recall": _share(sum(r["grouped"] for r in same), len(same)),
        }

    out: dict[str, Any] = {
        "checks": len(checks),
        "disagreeing_checks": sum(1 for c in checks if c.verdict == "disagree"),
        "all": score(scored),
    }
    for stratum in sorted({r["stratum"] for r in scored}):
        out[stratum] = score([r for r in scored if r["stratum"] == stratum])
    out["fit_half"] = score([r for r in scored if not held_out(r["event"])])
    out["held_out_half"] = score([r for r in scored if held_out(r["event"])])
    out["called"] = [_brief(r) for r in scored if r["called_disagree"]]
    out["missed"] = [
        _brief(r) for r in scored if r["label"] == "same-disagree" and not r["called_disagree"]
    ]
    return out


def _share(n: int, d: int) -> float | None:
    return round(n / d, 4) if d else None


def _brief(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("n", "event", "a_text", "b_text", "label", "grouped")}
