"""A page's author: provaudit's one-pass search (byline.author) against trafilatura's own
extract_author, which copies and prunes the whole tree and evaluates XPath with EXSLT regular
expressions.

This prints, on the 181 pages of ../shared/data/extraction-benchmark, on how many pages the
two give different authors (and which), how many pages the audit's metadata asks (those whose
meta tags and JSON-LD name no author), and the time of each over those pages and over all
pages: the median of ROUNDS rounds, the two taking turns to go first. Writes
bench/results/authors.json.

    python bench/authors.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from provaudit.evaluation import shared_data_path  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "authors.json"
ROUNDS = 5


def _asked(pages: Sequence[tuple[str, Any]]) -> list[str]:
    """The pages whose author the audit's metadata searches for."""
    from provaudit import byline, normalise

    asked: list[str] = []
    original = byline.author
    for name, tree in pages:
        normalise.author = lambda t, name=name: asked.append(name) or original(t)  # type: ignore[assignment]
        try:
            normalise._described(tree)
        finally:
            normalise.author = original  # type: ignore[assignment]
    return asked


def _seconds(find: Callable[[Any], Any], trees: Sequence[Any]) -> float:
    started = time.perf_counter()
    for tree in trees:
        find(tree)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=shared_data_path())
    args = parser.parse_args(argv)
    if not (args.data / "extraction-benchmark" / "html").is_dir():
        print(f"bench/authors.py: no evaluation data at {args.data} (pass --data PATH)")
        return 2
    from trafilatura.metadata import extract_author

    from provaudit.byline import _one_pass, _translation_holds, _Unsure, author
    from throughput import parsed_pages

    pages = parsed_pages(args.data)
    differ = []
    trafilatura_found = fell_back = 0
    for name, tree in pages:
        theirs, ours = extract_author(tree), author(tree)
        trafilatura_found += theirs is not None
        if ours != theirs:
            differ.append({"page": name, "provaudit": ours, "trafilatura": theirs})
        try:
            _one_pass(tree)
        except _Unsure:
            fell_back += 1
    asked = set(_asked(pages))
    searches = {"trafilatura": extract_author, "provaudit": author}
    sets = {
        "asked_pages": [tree for name, tree in pages if name in asked],
        "all_pages": [tree for _, tree in pages],
    }
    timing: dict[str, dict[str, list[float]]] = {s: {k: [] for k in searches} for s in sets}
    for n in range(ROUNDS):
        order = list(searches) if n % 2 == 0 else list(searches)[::-1]
        for which, trees in sets.items():
            for label in order:
                timing[which][label].append(round(_seconds(searches[label], trees), 3))
    figures = {
        "command": "python bench/authors.py " + " ".join(argv or sys.argv[1:]),
        "pages": len(pages),
        "translation_holds": _translation_holds(),
        "pages_with_another_author": len(differ),
        "differences": differ,
        "pages_with_an_author": trafilatura_found,
        "pages_the_audit_asks": len(asked),
        "pages_left_to_trafilatura": fell_back,
        "rounds": ROUNDS,
        "median_seconds": {
            which: {label: statistics.median(ts) for label, ts in by.items()}
            for which, by in timing.items()
        },
        "every_round": timing,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in figures.items() if k != "every_round"}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
