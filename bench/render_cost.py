"""What rendering a page in a browser would cost, beside what the whole audit costs.

Rendering (where a block sits on the screen, its size, whether it is visible) is evidence a
person uses and the page's tree does not hold; it needs a browser at run time. This times a
headless Chromium printing each page's rendered DOM (``--dump-dom``: parse, style, layout,
scripts; a fresh browser process a page, network requests refused) against provaudit's
whole in-process audit (``analyse_source``) of the same pages: the first N pages of each real
set, the pages ``bench/boilerplate_real.py --timing-only`` times (no labels are read). Prints
both per page and saves them to bench/results/render_cost.json. Needs a Chromium on PATH
(``chromium``, ``chromium-browser`` or ``google-chrome``); exit 2 without one.

    python bench/render_cost.py [--pages 5] [--data PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from provaudit.analyse import analyse_source
from provaudit.errors import ProvauditError
from provaudit.evaluation import shared_data
from provaudit.evaluation.boilerplate import DATASETS, iter_pages, source_of

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "render_cost.json"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
# A page whose browser has not finished by then is counted at this time (the figure is a
# lower bound for it).
RENDER_TIMEOUT_S = 30.0


def render_seconds(browser: str, page: Path) -> float:
    """Wall time of one headless browser process printing the rendered DOM of ``page``."""
    command = [
        browser,
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--host-resolver-rules=MAP * ~NOTFOUND",  # no request leaves the machine
        "--dump-dom",
        page.as_uri(),
    ]
    started = time.perf_counter()
    try:
        subprocess.run(command, capture_output=True, timeout=RENDER_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        return RENDER_TIMEOUT_S
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=5, help="pages of each set")
    parser.add_argument("--data")
    args = parser.parse_args(argv)
    browser = next((b for b in BROWSERS if shutil.which(b)), None)
    if browser is None:
        print("render_cost: no Chromium on PATH (" + ", ".join(BROWSERS) + ")", file=sys.stderr)
        return 2
    data = shared_data(args.data)
    if data is None:
        print("render_cost: no evaluation data (../shared/data or --data)", file=sys.stderr)
        return 2
    renders: list[float] = []
    audits: list[float] = []
    with tempfile.TemporaryDirectory() as scratch:
        for dataset in DATASETS:
            for page in iter_pages(data, dataset, args.pages):
                source = source_of(page)
                started = time.perf_counter()
                try:
                    analyse_source(source)
                except ProvauditError:
                    continue
                audits.append(time.perf_counter() - started)
                path = Path(scratch) / f"{page.id}.html"
                path.write_text(source.decoded.text, encoding="utf-8")
                renders.append(render_seconds(browser, path))
    figures = {
        "command": "python bench/render_cost.py --pages " + str(args.pages),
        "browser": browser,
        "pages": len(renders),
        "render_seconds": {
            "median": round(statistics.median(renders), 3),
            "min": round(min(renders), 3),
            "max": round(max(renders), 3),
        },
        "audit_seconds": {
            "median": round(statistics.median(audits), 4),
            "min": round(min(audits), 4),
            "max": round(max(audits), 4),
        },
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(figures, indent=2))
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"saved {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
