"""Quality floors: figures measured on real data, pinned in tests/floors/<detector>.json.

Each file maps a metric to ``{"floor": x, "direction": "min"|"max", "measured": y,
"on": "...", "command": "..."}``. A gate test measures the metric again and fails when it is
worse than its floor. ``pytest --update-floors`` records the new measurement and raises a
floor to it (less ``margin``) but never lowers one: lowering a floor is a hand edit to the JSON,
made visible in review, with the reason in the commit message.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FLOORS_DIR = Path(__file__).resolve().parent / "floors"


def load(detector: str) -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = json.loads(
        (FLOORS_DIR / f"{detector}.json").read_text(encoding="utf-8")
    )
    return data


def check(detector: str, measured: dict[str, float], *, update: bool = False) -> list[str]:
    """Failures (one line each) of ``measured`` against the pinned floors of ``detector``.

    With ``update``, records the measurements and raises floors that were beaten.
    """
    floors = load(detector)
    failures = []
    for metric, spec in floors.items():
        if metric not in measured:
            failures.append(f"{detector}.{metric}: not measured")
            continue
        value = measured[metric]
        floor = spec["floor"]
        worse = value < floor if spec["direction"] == "min" else value > floor
        if worse:
            failures.append(
                f"{detector}.{metric} = {value:.4f}, worse than its floor {floor:.4f} "
                f"({'at least' if spec['direction'] == 'min' else 'at most'})"
            )
        elif update:
            margin = spec.get("margin", 0.0)
            spec["measured"] = round(value, 4)
            candidate = value - margin if spec["direction"] == "min" else value + margin
            if (spec["direction"] == "min" and candidate > floor) or (
                spec["direction"] == "max" and candidate < floor
            ):
                spec["floor"] = round(candidate, 4)
    if update and not failures:
        (FLOORS_DIR / f"{detector}.json").write_text(
            json.dumps(floors, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return failures
