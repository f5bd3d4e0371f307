"""Publication dates of HTML pages: the date search provaudit runs against trafilatura's.

trafilatura's metadata runs htmldate's extensive search on every page; provaudit runs the
fast search first and the extensive one only when it finds nothing (normalise._html_metadata).
This prints, on the 181 pages of ../shared/data/extraction-benchmark, on how many pages the
two give different dates (and which), how many need the extensive search, and the time of
each over all pages, in a fresh process each (the extensive search's first use of dateparser
loads its locales and patterns, so a fresh process is where the two differ most), then once
warm. Writes bench/results/dates.json.

    python bench/dates.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from provaudit.evaluation import shared_data_path  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "dates.json"


def _pages(data: Path) -> list[tuple[str, Any, str | None]]:
    """``(name, tree, url)`` of each page: decoded and parsed as the audit does, with the URL
    its metadata finds (the date search is given it); no date is searched here, so that
    htmldate's caches are as cold as an audit finds them."""
    from provaudit.normalise import _described
    from throughput import parsed_pages

    return [(name, tree, _described(tree).url) for name, tree in parsed_pages(data)]


def _extensive(tree: Any, url: str | None) -> str | None:
    """The date as trafilatura's extract_metadata searches it: the extensive search."""
    from htmldate import find_date
    from trafilatura.settings import set_date_params

    result: str | None = find_date(tree, **set_date_params(True), url=url)
    return result


def _fast_first(tree: Any, url: str | None) -> str | None:
    from provaudit.normalise import _publication_date

    return _publication_date(tree, url)


SEARCHES = {"extensive": _extensive, "fast_first": _fast_first}


def _timed(data: Path, search: str) -> dict[str, Any]:
    """Run in a fresh process: the pages parsed and their URLs found first (whether that
    loaded dateparser is reported), then the search over all of them twice (fresh, then
    warm)."""
    pages = _pages(data)
    loaded_before = "dateparser" in sys.modules
    find = SEARCHES[search]
    times = []
    for _ in range(2):
        started = time.perf_counter()
        for _, tree, url in pages:
            find(tree, url)
        times.append(round(time.perf_counter() - started, 3))
    return {
        "fresh_seconds": times[0],
        "warm_seconds": times[1],
        "dateparser_loaded_before": loaded_before,
        "dateparser_loaded_after": "dateparser" in sys.modules,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=shared_data_path())
    parser.add_argument("--time", choices=sorted(SEARCHES), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not (args.data / "extraction-benchmark" / "html").is_dir():
        print(f"bench/dates.py: no evaluation data at {args.data} (pass --data PATH)")
        return 2
    if args.time:  # the child process of a timing run
        print(json.dumps(_timed(args.data, args.time)))
        return 0

    from htmldate import find_date
    from trafilatura.settings import set_date_params

    pages = _pages(args.data)
    differ = []
    needed = 0
    for name, tree, url in pages:
        ours, theirs = _fast_first(tree, url), _extensive(tree, url)
        if ours != theirs:
            differ.append({"page": name, "fast_first": ours, "extensive": theirs})
        if find_date(tree, **set_date_params(False), url=url) is None:
            needed += 1
    timing = {}
    for search in SEARCHES:
        out = subprocess.run(
            [sys.executable, __file__, "--data", str(args.data), "--time", search],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        timing[search] = json.loads(out)
    figures = {
        "command": "python bench/dates.py " + " ".join(argv or sys.argv[1:]),
        "pages": len(pages),
        "pages_with_another_date": len(differ),
        "differences": differ,
        "pages_needing_the_extensive_search": needed,
        "seconds_over_all_pages": timing,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
