"""Where the time of one `provaudit audit` call over the 181 benchmark pages goes (issue 19).

    python bench/batch_profile.py [--data PATH] [--save-as batch-profile.json]

Section (e) of bench/throughput.py measures that call as a whole process against one
trafilatura process extracting the same pages in a loop. This says where provaudit's share
goes, in one fresh process as the command runs it (first use of every table included):

1. **Stages:** CPU seconds (``time.process_time``) of the imports and of each stage where the
   pipeline calls it (bench/throughput.py's STAGES), normalisation split into trafilatura's
   parse (``load_html``) and extraction (``bare_extraction``), the metadata (title, author,
   date: htmldate), the page's block structure (pagestructure.page_blocks) and the rest; each
   as a share of the call.
2. **Trafilatura as provaudit calls it** against the baseline loop's ``trafilatura.extract``
   of the page's bytes: provaudit decodes, parses once and extracts once with its own options
   (``favor_precision``, no comments); CPU seconds over the pages, alternating page by page,
   after one warm-up pass, so that the two are compared under the same load.

Prints the figures and saves them under bench/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from provaudit.evaluation import benchmark_pages, shared_data_path  # noqa: E402
from throughput import RESULTS, STAGES, timed_stages, write_pages  # noqa: E402

# Parts of normalisation, timed where normalise_html calls them.
NORMALISE_PARTS: tuple[tuple[str, str, str], ...] = (
    ("provaudit.normalise", "_html_metadata", "normalise: metadata (incl. htmldate)"),
    ("provaudit.normalise", "page_blocks", "normalise: page blocks (pagestructure)"),
    ("provaudit.normalise", "page_words_to_judge", "normalise: page words"),
    ("provaudit.normalise", "normalise_text", "normalise: text"),
)


def stage_shares(paths: list[Path]) -> dict[str, Any]:
    """Section 1: the call's CPU time by stage (see the module's docstring)."""
    started = time.process_time()
    import trafilatura

    import provaudit.analyse  # what the command imports before it reads a page
    import provaudit.normalise  # noqa: F401
    from provaudit.audit import Options, audit
    from provaudit.report import dumps

    imports = time.process_time() - started
    totals: dict[str, float] = {}
    originals = {name: getattr(trafilatura, name) for name in ("load_html", "bare_extraction")}

    def timed(name: str) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            t = time.process_time()
            try:
                return originals[name](*args, **kwargs)
            finally:
                key = f"normalise: trafilatura {name}"
                totals[key] = totals.get(key, 0.0) + time.process_time() - t

        return call

    for name in originals:
        setattr(trafilatura, name, timed(name))
    clock = time.perf_counter
    try:
        time.perf_counter = time.process_time  # the stage wrappers count CPU time
        with timed_stages(totals, STAGES + NORMALISE_PARTS):
            t = time.process_time()
            dumps(audit([str(p) for p in paths], Options(jobs=1), keep_going=True))
            call = time.process_time() - t
    finally:
        time.perf_counter = clock
        for name, original in originals.items():
            setattr(trafilatura, name, original)
    whole = imports + call
    return {
        "pages": len(paths),
        "cpu_seconds": round(whole, 2),
        "imports_seconds": round(imports, 2),
        "stages": {
            k: {"seconds": round(v, 2), "share": round(v / whole, 3)}
            for k, v in sorted(totals.items(), key=lambda kv: -kv[1])
        },
    }


def trafilatura_as_called(paths: list[Path]) -> dict[str, Any]:
    """Section 2: trafilatura as provaudit calls it against the baseline's ``extract``."""
    import trafilatura

    from provaudit.corpus import decode_bytes

    raws = [p.read_bytes() for p in paths]

    def baseline(raw: bytes) -> None:
        trafilatura.extract(raw)

    def provaudit_call(raw: bytes) -> None:
        # As normalise.normalise_html: decode, parse once, extract once with its options.
        tree = trafilatura.load_html(decode_bytes(raw, "page").text)
        if tree is not None:
            trafilatura.bare_extraction(
                tree,
                favor_precision=True,
                include_comments=False,
                include_tables=True,
                with_metadata=False,
                deduplicate=False,
            )

    calls = {"baseline extract": baseline, "as provaudit calls it": provaudit_call}
    for raw in raws:  # warm-up: the first use of each code path
        for f in calls.values():
            f(raw)
    totals = dict.fromkeys(calls, 0.0)
    for raw in raws:
        for name, f in calls.items():
            t = time.process_time()
            f(raw)
            totals[name] += time.process_time() - t
    base = totals["baseline extract"]
    return {
        "cpu_seconds": {k: round(v, 2) for k, v in totals.items()},
        "ratio": round(totals["as provaudit calls it"] / base, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=shared_data_path())
    parser.add_argument("--save-as", default="batch-profile.json")
    args = parser.parse_args(argv)
    pages = benchmark_pages(args.data)
    if not pages:
        print(f"bench/batch_profile.py: no extraction-benchmark pages under {args.data}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_pages(pages, Path(tmp))
        result = {
            "python": sys.version.split()[0],
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "stages": stage_shares(paths),
            "trafilatura": trafilatura_as_called(paths),
        }
    stages = result["stages"]
    print(
        f"one audit call over {stages['pages']} pages: {stages['cpu_seconds']:.2f} s CPU "
        f"(imports {stages['imports_seconds']:.2f} s)"
    )
    for name, row in stages["stages"].items():
        print(f"  {name:45s} {row['seconds']:6.2f} s  {100 * row['share']:5.1f}%")
    traf = result["trafilatura"]
    print(
        "trafilatura as provaudit calls it / the baseline's extract(): "
        f"{traf['ratio']:.3f} ({traf['cpu_seconds']})"
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / args.save_as
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"saved {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
