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
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from provaudit import ruleset  # noqa: E402
from provaudit.evaluation import shared_data_path  # noqa: E402
from provaudit.evaluation.figures import evaluate  # noqa: E402

DEFAULT_DATA = shared_data_path()
LABELS = ROOT / "tests" / "data" / "figures" / "basil_pairs.jsonl"
RESULTS = ROOT / "bench" / "results"


# The sweeps behind rules/figures.py's disagreement thresholds, read on the fit half.
SWEEPS = (
    ("FIGURE_MIN_SHARED_DISAGREE", (2, 3, 4)),
    ("DISAGREE_MAX_RATIO", (1.1, 1.25, 1.5, 2.0, 1000.0)),
)


def sweep(data: Path) -> list[dict[str, Any]]:
    """Every combination of SWEEPS' settings, scored on both halves."""
    rows = []
    (name_a, values_a), (name_b, values_b) = SWEEPS
    for value_a in values_a:
        for value_b in values_b:
            trying = ruleset.overridden("figures", **{name_a: value_a, name_b: value_b})
            with ruleset.using(trying):
                found = evaluate(data, LABELS)
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
    result = evaluate(args.data, LABELS)
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
