"""Figure checks on real data, against hand labels.

    python bench/figures.py [--data PATH] [--show]

BASIL's 300 articles (../shared/data/basil) are related as one corpus (as `provaudit report`
would); each hand-labelled pair of figures in tests/data/figures/basil_pairs.jsonl (two
outlets' figures about one event; the labels and the rule are in that folder's README) is
then looked up in the checks: the pair is *grouped* when one check holds both figures
(figures found by overlapping the labelled spans), and *called a disagreement* when it is
grouped and the two figures' values disagree (:func:`provaudit.figures.relation`).

Reported, overall, by stratum (``random``: a seeded draw from every candidate pair;
``shared-2+``: the rest of the pairs whose surroundings share two or more words) and by half
of the events (``held_out`` is bench/quotes.py's split: the events whose folder name's SHA-256
starts with an odd hex digit; thresholds were fitted on the other half):

- precision of ``disagree``: pairs called a disagreement that are labelled ``same-disagree``;
- disagreements found: ``same-disagree`` pairs called a disagreement;
- grouping precision and recall: grouped pairs labelled as the same thing, and pairs
  labelled as the same thing that are grouped.

``--show`` prints every pair called a disagreement and every labelled disagreement missed.
Prints the figures and saves them to bench/results/figures.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from provaudit.figures import (  # noqa: E402
    Figure,
    check_figure_features,
    extract_figures,
    figure_features,
    relation,
)
from provaudit.normalise import normalise_text  # noqa: E402
from provaudit.rules import figures as figure_rules  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data"
LABELS = ROOT / "tests" / "data" / "figures" / "basil_pairs.jsonl"
RESULTS = ROOT / "bench" / "results"


def held_out(event: str) -> bool:
    """bench/quotes.py's split by event: the events whose name's SHA-256 starts odd."""
    return int(hashlib.sha256(event.encode("utf-8")).hexdigest()[0], 16) % 2 == 1


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


def evaluate(data: Path, labels: Path = LABELS) -> dict[str, Any]:
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


# The sweeps behind rules/figures.py's disagreement thresholds, read on the fit half.
SWEEPS = (
    ("FIGURE_MIN_SHARED_DISAGREE", (2, 3, 4)),
    ("DISAGREE_MAX_RATIO", (1.1, 1.25, 1.5, 2.0, 1000.0)),
)


def sweep(data: Path) -> list[dict[str, Any]]:
    """Every combination of SWEEPS' settings, scored on both halves."""
    rows = []
    (name_a, values_a), (name_b, values_b) = SWEEPS
    old = getattr(figure_rules, name_a), getattr(figure_rules, name_b)
    for value_a in values_a:
        for value_b in values_b:
            setattr(figure_rules, name_a, value_a)
            setattr(figure_rules, name_b, value_b)
            try:
                found = evaluate(data)
            finally:
                setattr(figure_rules, name_a, old[0])
                setattr(figure_rules, name_b, old[1])
            row = {
                name_a: value_a,
                name_b: value_b,
                **{
                    f"{half}_{k}": found[half][k]
                    for half in ("fit_half", "held_out_half")
                    for k in ("called_disagree", "disagree_precision", "disagreements_found")
                },
                "disagreeing_checks": found["disagreeing_checks"],
            }
            print(f"  {row}", flush=True)
            rows.append(row)
    return rows


def _share(n: int, d: int) -> float | None:
    return round(n / d, 4) if d else None


def _brief(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("n", "event", "a_text", "b_text", "label", "grouped")}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data directory")
    parser.add_argument("--show", action="store_true", help="print the pairs called and missed")
    parser.add_argument(
        "--sweep", action="store_true", help="also sweep the disagreement thresholds"
    )
    args = parser.parse_args(argv)
    if not (args.data / "basil").is_dir():
        print(f"bench/figures.py: no evaluation data at {args.data} (pass --data PATH)")
        return 2
    result = evaluate(args.data)
    print(f"BASIL figure checks: {result['checks']} ({result['disagreeing_checks']} disagree)")
    for name in ("all", "random", "shared-2+", "fit_half", "held_out_half"):
        if name not in result:
            continue
        r = result[name]
        print(
            f"  {name:>13}: {r['pairs']} pairs; disagree precision {r['disagree_precision']} "
            f"({r['called_disagree']} called), disagreements found {r['disagreements_found']} "
            f"(of {r['labelled_disagreements']}); grouping precision {r['grouping_precision']}, "
            f"recall {r['grouping_recall']} ({r['grouped']} grouped)"
        )
    if args.show:
        for key in ("called", "missed"):
            print(f"{key}:")
            for row in result[key]:
                print(f"  {row}")
    if args.sweep:
        result["sweep"] = sweep(args.data)
    RESULTS.mkdir(parents=True, exist_ok=True)
    saved = {"command": "python bench/figures.py " + " ".join(argv or sys.argv[1:]), **result}
    (RESULTS / "figures.json").write_text(
        json.dumps(saved, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
