"""Off-topic tail detection on real data: an injection suite and the extraction benchmark.

(a) **Extraction benchmark** (``extraction-benchmark/``, 181 real pages): extract each page
    as provaudit does (:func:`provaudit.normalise.normalise_html`: trafilatura, precision-
    favouring, comments off) and as plain ``trafilatura.extract`` with the same options, drop
    the flagged tail, and score both against the human-marked article body with the
    benchmark's own metric (precision / recall / F1 over word 4-gram shingles, each page's
    counts normalised, precision and recall averaged over pages). Also counts the pages where
    dropping the tail lost 10 or more gold words.

(b) **Injection suite**: real article bodies (BASIL: NYT, Fox News, HuffPost, with their
    paragraphs) with real other articles' headlines and briefs appended (news-12k titles and
    leads), with a header line and without one, comment-widget chrome, and clean controls;
    also the same with every line break removed (a flat extraction). Prints the exact-start
    rate per variant and the false-cut rate on controls.

Everything is split in two by a fixed seed: BASIL events, news-12k articles, the header and
comment-chrome phrasings all go either to the *tune* half or to the *held-out* half, so the
held-out figures measure cue phrasings and articles the rules were never tuned on.

    python bench/offtopic.py [--data ../shared/data] [--half heldout|tune|both] [--sweep]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from provaudit.errors import ProvauditError
from provaudit.evaluation import shared_data_path
from provaudit.evaluation.offtopic import (
    HALVES,
    SEED,
    Case,
    Page,
    build_suite,
    extraction_benchmark,
    gold_words_lost,
    half_of,
    load_pages,
    prf,
    run_suite,
    tp_fp_fn,
)
from provaudit.model import Document
from provaudit.normalise import normalise_html, normalise_text
from provaudit.offtopic import analyse_offtopic

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "offtopic.json"


def failures(cases: Iterable[Case], variant: str, limit: int = 5) -> Iterator[tuple[Case, Any]]:
    """Cases of one variant the detector got wrong (for inspection while tuning)."""
    shown = 0
    for case in cases:
        if case.variant != variant:
            continue
        tail = analyse_offtopic(normalise_text(case.text)).tail
        ok = (
            (tail is None)
            if case.start is None
            else (tail is not None and tail.span.start == case.start)
        )
        if not ok:
            yield case, tail
            shown += 1
            if shown >= limit:
                return


def sweep(
    cases: list[Case],
    grid: dict[str, list[float]],
    pages: list[tuple[Page, Document]] | None = None,
) -> list[dict[str, Any]]:
    """Run the suite on ``cases`` for every combination of rule thresholds in ``grid``.

    Thresholds are section ``offtopic`` of the rules (:mod:`provaudit.ruleset`): each
    combination runs under the rules in force with those values in its place.
    """
    import itertools

    from provaudit import ruleset
    from provaudit.rules import offtopic as rules

    names = sorted(grid)
    saved = {name: getattr(rules, name) for name in names}
    rows = []
    lost_cache: dict[tuple[str, int], int] = {}
    for values in itertools.product(*(grid[n] for n in names)):
        # Keep each constant's type: a count stays an int.
        trying = {name: type(saved[name])(v) for name, v in zip(names, values, strict=True)}
        with ruleset.using(ruleset.overridden("offtopic", **trying)):
            result = run_suite(cases)
            row: dict[str, Any] = dict(zip(names, values, strict=True))
            for half, variants in result.items():
                for variant, figures in variants.items():
                    key = "false_cut_rate" if variant.endswith("control") else "exact_start"
                    row[f"{half}:{variant}"] = figures[key]
            if pages:
                counts = []
                losing = 0
                for page, doc in pages:
                    tail = analyse_offtopic(doc).tail
                    cut = len(doc.text) if tail is None else tail.span.start
                    after = doc.text[:cut].rstrip()
                    counts.append(tp_fp_fn(page.gold, after))
                    if (page.id, cut) not in lost_cache:
                        lost_cache[page.id, cut] = gold_words_lost(page.gold, doc.text, after)
                    losing += lost_cache[page.id, cut] >= 10
                row["extraction_f1_after"] = prf(counts)["f1"]
                row["pages_losing"] = losing
            rows.append(row)
    return rows


# --- command line -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=shared_data_path())
    parser.add_argument("--half", choices=["heldout", "tune", "both"], default="heldout")
    parser.add_argument(
        "--no-extraction", action="store_true", help="skip the extraction benchmark"
    )
    parser.add_argument("--show", metavar="VARIANT", help="print failing cases of a variant")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--sweep",
        metavar="NAME=V1,V2,...",
        action="append",
        help="sweep a threshold of provaudit.rules.offtopic over values (tune half only)",
    )
    args = parser.parse_args(argv)
    if not (args.data / "basil").is_dir() or not (args.data / "news-12k").is_dir():
        print(f"bench/offtopic.py: evaluation data not found under {args.data}", file=sys.stderr)
        return 2
    halves = HALVES if args.half == "both" else (args.half,)

    if args.sweep:
        grid = {
            k: [float(v) for v in vs.split(",")] for k, vs in (a.split("=") for a in args.sweep)
        }
        tune = [c for c in build_suite(args.data) if c.half == "tune"]
        docs = []
        for page in load_pages(args.data):
            if half_of(page.id) == "tune":
                try:
                    docs.append((page, normalise_html(page.html)))
                except ProvauditError:
                    continue
        for row in sweep(tune, grid, docs):
            print(json.dumps(row))
        return 0

    started = time.perf_counter()
    cases = [c for c in build_suite(args.data) if c.half in halves]
    suite = run_suite(cases)
    results: dict[str, Any] = {"seed": SEED, "injection": suite}
    print(f"injection suite ({len(cases)} cases, {time.perf_counter() - started:.1f} s)")
    for half, variants in suite.items():
        for variant, figures in variants.items():
            print(f"  {half:8} {variant:22} {json.dumps(figures)}")
    if args.show:
        for case, tail in failures(cases, args.show):
            got = None if tail is None else tail.span.start
            print(f"--- {case.id} expected {case.start} got {got}")
            at = case.start if case.start is not None else len(case.text)
            print(case.text[max(0, at - 300) : at + 500])
            if tail is not None:
                print(">>> tail:", tail.span.text[:200].replace("\n", " / "), "|", tail.reason)

    if not args.no_extraction and (args.data / "extraction-benchmark").is_dir():
        bench = extraction_benchmark(args.data, halves)
        results["extraction"] = bench
        print(f"extraction benchmark ({bench['seconds']} s)")
        for name, figures in bench.items():
            if isinstance(figures, dict):
                print(f"  {name:8} {json.dumps(figures)}")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
