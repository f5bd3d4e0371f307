"""Mixed-language passages: span precision / recall / F1, control false alarms, throughput.

Builds mixed documents with gold spans from real sentences, word pairs and single words in
24 languages (``../shared/data/multilingual``, see its README): English paragraphs carrying a
foreign sentence, an inline foreign fragment (bare, quoted or bracketed) or a foreign chrome
line, plus pure-English controls with short English headings. Every pool file is split in two
halves by a fixed seed; thresholds are tuned on the ``tune`` half and the figures reported here
are measured on the held-out ``test`` half.

Scoring: a gold span is found when at least half of its letters are covered by passages with its
language; a passage is correct when at least half of its letters lie in gold spans of its
language (passages in controls count against precision too). A control raises a false alarm when
anything at all is flagged in it.

A second set of controls is real English news: NEWS_CONTROLS articles of
``../shared/data/news-12k`` a half (split by article id), title and opening paragraphs, none
reused. The built controls draw on only 150 English sentences a half, about 24 times each, so
one odd sentence moves their rate by several points; the news controls measure the same thing
on text this tool audits. They are not built by us and may hold real foreign words, so what is
flagged in them is listed in the results; they count in no precision figure.

Throughput is measured side by side in the same run on one core: the detector versus calling
langdetect (seeded) on every sentence, over the same documents, best of a few repeats, both
with their language profiles already loaded and the detector's caches cleared before each repeat.

    python bench/languages.py [--data PATH] [--news PATH] [--half tune|test] [--per-cell N] [--quiet]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from provaudit.evaluation import shared_data_path  # noqa: E402
from provaudit.evaluation.languages import (  # noqa: E402
    CONTROLS,
    PER_CELL,
    SEED,
    VARIANTS,
    BenchDoc,
    DataMissing,
    build_dataset,
    build_news_controls,
    evaluate,
    langdetect_ready,
    per_sentence_langdetect,
    provaudit_detector,
)
from provaudit.languages import clear_caches  # noqa: E402

DEFAULT_DATA = shared_data_path() / "multilingual"
DEFAULT_NEWS = shared_data_path() / "news-12k" / "articles.jsonl.gz"
RESULTS = ROOT / "bench" / "results" / "languages.json"

THROUGHPUT_DOCS = 300  # documents timed for both detectors
THROUGHPUT_REPEATS = 3


def _pin_one_core() -> None:
    """Run on one core where the OS allows it, so the figure is a one-core figure."""
    if hasattr(os, "sched_setaffinity") and hasattr(os, "sched_getaffinity"):
        cores = sorted(os.sched_getaffinity(0))
        if cores:
            os.sched_setaffinity(0, {cores[0]})


def throughput(docs: Sequence[BenchDoc], repeats: int = THROUGHPUT_REPEATS) -> dict[str, float]:
    """Characters per second of the detector and of per-sentence langdetect on the same docs."""
    _pin_one_core()
    chars = sum(len(d.doc.text) for d in docs)
    langdetect_ready()
    provaudit_detector(docs[0].doc)  # load profiles once, outside the timing, as for langdetect
    best = {"provaudit": float("inf"), "langdetect": float("inf")}
    for _ in range(repeats):
        clear_caches()
        t0 = time.perf_counter()
        for d in docs:
            provaudit_detector(d.doc)
        best["provaudit"] = min(best["provaudit"], time.perf_counter() - t0)
        t0 = time.perf_counter()
        for d in docs:
            per_sentence_langdetect(d.doc)
        best["langdetect"] = min(best["langdetect"], time.perf_counter() - t0)
    ours = chars / best["provaudit"]
    theirs = chars / best["langdetect"]
    return {
        "characters": chars,
        "documents": len(docs),
        "provaudit_chars_per_s": round(ours),
        "langdetect_per_sentence_chars_per_s": round(theirs),
        "speedup": round(ours / theirs, 2),
    }


# ----------------------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the multilingual data")
    parser.add_argument(
        "--news", type=Path, default=DEFAULT_NEWS, help="news-12k articles (skipped if absent)"
    )
    parser.add_argument("--half", choices=("tune", "test"), default="test")
    parser.add_argument("--per-cell", type=int, default=PER_CELL)
    parser.add_argument("--controls", type=int, default=CONTROLS)
    parser.add_argument("--no-baseline", action="store_true", help="skip langdetect per sentence")
    parser.add_argument("--no-save", action="store_true", help="do not write bench/results")
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(
            f"languages bench: no evaluation data at {args.data} (pass --data PATH)",
            file=sys.stderr,
        )
        return 2
    try:
        docs = build_dataset(args.data, args.half, per_cell=args.per_cell, controls=args.controls)
    except DataMissing as exc:
        print(f"languages bench: {exc}", file=sys.stderr)
        return 2
    if args.news.is_file():
        docs += build_news_controls(args.news, args.half)
    else:
        print(f"languages bench: no news controls ({args.news} is absent)", file=sys.stderr)
    figures = evaluate(docs)
    out: dict[str, Any] = {
        "half": args.half,
        "data": "shared/data/multilingual",
        "seed": SEED,
        "per_cell": args.per_cell,
        "documents": len(docs),
        "wordfreq": _version("wordfreq"),
        "langdetect": _version("langdetect"),
        "provaudit": figures,
    }
    if not args.no_baseline:
        sample = random.Random(f"{SEED}:throughput").sample(docs, min(THROUGHPUT_DOCS, len(docs)))
        out["langdetect_per_sentence"] = evaluate(docs, per_sentence_langdetect)
        out["throughput"] = throughput(sample)
    _print(out, quiet=args.quiet)
    if not args.no_save:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def _version(package: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return None


def _print(out: dict[str, Any], *, quiet: bool) -> None:
    f = out["provaudit"]
    print(
        f"{out['half']} half, {out['documents']} documents: span F1 {f['span_f1']:.4f} "
        f"(P {f['span_precision']:.4f}, R {f['span_recall']:.4f}), inline fragments "
        f"{f['inline_fragment_recall']:.4f}, control false alarms {f['control_false_alarm_rate']:.4f}"
    )
    if f["news_controls"]:
        print(
            f"  news controls ({f['news_controls']} real English articles): "
            f"{f['news_control_false_alarm_rate']:.4f} with anything flagged: "
            + ", ".join(f["news_control_flagged"][:12])
        )
    rb = f["recall_by"]
    print("  recall by variant: " + ", ".join(f"{v} {rb.get(v, 0):.4f}" for v in VARIANTS))
    print(
        "  recall by script:  "
        + ", ".join(f"{k.split(':')[1]} {v:.4f}" for k, v in rb.items() if k.startswith("script:"))
    )
    if not quiet:
        print(
            "  recall by language: "
            + ", ".join(f"{k[5:]} {v:.2f}" for k, v in rb.items() if k.startswith("lang:"))
        )
        for k in (
            "inline_fragment:latin",
            "inline_fragment:non_latin",
            "line:latin",
            "sentence:latin",
        ):
            print(f"  {k}: {rb.get(k, 0):.4f}")
        print(
            "  kind agreement: " + ", ".join(f"{k} {v:.4f}" for k, v in f["kind_agreement"].items())
        )
        print(
            f"  control alarms come from {len(f['control_alarm_distinct_texts'])} distinct texts: {f['control_alarm_distinct_texts'][:10]}"
        )
    if "langdetect_per_sentence" in out:
        b = out["langdetect_per_sentence"]
        print(
            f"  baseline langdetect per sentence: F1 {b['span_f1']:.4f} (P {b['span_precision']:.4f}, "
            f"R {b['span_recall']:.4f}), control false alarms {b['control_false_alarm_rate']:.4f}"
        )
    if "throughput" in out:
        t = out["throughput"]
        print(
            f"  throughput (one core, {t['documents']} documents, {t['characters']} characters): "
            f"{t['provaudit_chars_per_s']} chars/s vs langdetect per sentence "
            f"{t['langdetect_per_sentence_chars_per_s']} chars/s = {t['speedup']}x"
        )


if __name__ == "__main__":
    raise SystemExit(main())
