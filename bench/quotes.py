"""Quotes, cross-outlet alignment and figures on real data.

    python bench/quotes.py [--data PATH] [--sizes 300,1000,3000,10000] [--rounds 3] [--sweep [NAMES]]

Measures, on ../shared/data:

- BASIL (100 events x NYT/Fox/HuffPost, gold quote spans in annotations.jsonl): quote recall,
  a gold ``is_quote`` span counting when one extracted quote covers >= 90% of it. Quote spans
  exclude their marks (the report contract); BASIL's annotators sometimes included them, so
  the gold span is compared with its surrounding quote marks trimmed (``recall``) and also as
  annotated (``recall_as_annotated``).
- BASIL: the number of events where a quote shared across outlets is found (a cluster with
  members from two or more of the event's outlets), aligning all 300 articles as one corpus;
  and the clusters joining different events (mostly chance, a precision proxy).
- Scaling: the whole-corpus alignment (features, index join, alignment; then figure checks)
  at each size, growing the corpus with real documents: news-12k's articles in file order (a
  seeded random sample of 37,554 US news articles; many stories covered by several outlets),
  so every size is a prefix of the next. Each size runs in a fresh process so that its peak
  memory is its own; the sizes run in turn, three rounds by default, and the ratio of 10,000
  to 1,000 documents is of the median times (each round's is printed and saved too).
- ``--sweep [NAMES]``: the sweeps behind the thresholds in rules/quotes.py, rules/align.py
  and rules/figures.py (all, or those named).

Prints the figures and saves them to bench/results/quotes.json (sweeps: quotes-sweeps.json).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import multiprocessing
import os
import queue as queue_module
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from provaudit import align, ruleset  # noqa: E402
from provaudit.align import join as align_join  # noqa: E402
from provaudit.evaluation import shared_data_path  # noqa: E402
from provaudit.evaluation.quotes import (  # noqa: E402
    BANDS,
    basil_corpus,
    news_texts,
    pair_recall,
    quote_recall,
    shared_quote_events,
)
from provaudit.figures import (  # noqa: E402
    check_figure_features,
    check_figures,
    extract_figures,
    figure_features,
)
from provaudit.model import Document  # noqa: E402
from provaudit.normalise import normalise_text  # noqa: E402
from provaudit.quotes import extract_quotes  # noqa: E402
from provaudit.rules import align as align_rules  # noqa: E402
from provaudit.rules import figures as figure_rules  # noqa: E402
from provaudit.rules import quotes as quote_rules  # noqa: E402

DEFAULT_DATA = shared_data_path()
RESULTS = ROOT / "bench" / "results"
SIZES = (300, 1000, 3000, 10000)
# Rounds of the scaling run: the machine is shared and one run's times move between runs
# (every round is saved, under "every_run"); the median of three moves less.
ROUNDS = 3


def _rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as f:
        pages = int(f.read().split()[1])
    return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


def _peak_mb() -> float:
    """This process's peak resident memory. VmHWM belongs to the process's own memory map;
    ru_maxrss would carry over the peak of the process it was spawned from (Linux keeps it
    across exec), which bench/throughput.py's parent, having audited pages, makes large."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


class _CollectorClock:
    """The time the cyclic garbage collector takes, and its full collections (gc.callbacks)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.full = 0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started
            self.full += info["generation"] == 2

    def take(self) -> tuple[float, int]:
        """Seconds and full collections since the last take."""
        taken = (round(self.seconds, 2), self.full)
        self.seconds, self.full = 0.0, 0
        return taken


def scaling_run(data: Path, size: int) -> dict[str, Any]:
    """One size, timed in this process: the per-source map (normalise, quotes, figures and
    their context features), then the alignment (quote and shingle features, index join,
    alignment) and the figure checks. Only texts, quotes and features are kept between."""
    started = time.perf_counter()
    texts: dict[str, str] = {}
    quotes: dict[str, Any] = {}
    figure_feats = []
    items = list(news_texts(data, size))
    if len(items) < size:
        raise SystemExit(f"only {len(items)} documents available, asked for {size}")
    for sid, raw in items:
        doc = normalise_text(raw)
        texts[sid] = doc.text
        quotes[sid] = extract_quotes(doc)
        figure_feats.append(figure_features(sid, doc.text, extract_figures(doc)))
    del items
    per_source = time.perf_counter() - started
    baseline = _rss_mb()

    clock = _CollectorClock()
    gc.callbacks.append(clock)
    t0 = time.perf_counter()
    features = [align.source_features(sid, texts[sid], quotes[sid]) for sid in texts]
    t1 = time.perf_counter()
    features_collector = clock.take()
    relations = align.relate_features(features, texts.__getitem__)
    t2 = time.perf_counter()
    join_collector = clock.take()
    gc.callbacks.remove(clock)
    checks = check_figure_features(figure_feats)
    t3 = time.perf_counter()
    peak = _peak_mb()
    # What the join finds, counted after the timing and the peak: shingle occurrences two sources share,
    # and the source pairs sharing enough of them to be aligned.
    least = -(-align_rules.TEXT_MIN_WORDS // align_rules.SHINGLE_WORDS)
    ordered = sorted(features, key=lambda f: f.source)
    hits = align.candidate_runs(ordered).hits
    shared, pairs = int(hits.sum()), int((hits >= least).sum())
    wanted = align_join._SoughtQuotes(ordered).worth_aligning
    aligned = len(align.candidate_runs(ordered, map, least, wanted).a)
    # A digest of what was found: equal across commits when a change keeps the output.
    found = json.dumps([relations.quote_clusters, relations.reused_passages], sort_keys=True)
    return {
        "documents": size,
        "words": sum(f.words for f in features),
        "per_source_seconds": round(per_source, 2),
        "features_seconds": round(t1 - t0, 2),
        "join_and_align_seconds": round(t2 - t1, 2),
        "alignment_seconds": round(t2 - t0, 2),
        "figure_checks_seconds": round(t3 - t2, 2),
        "rss_before_alignment_mb": baseline,
        "peak_rss_mb": peak,
        "shared_shingles": shared,
        "candidate_pairs": pairs,
        "aligned_pairs": aligned,  # those the join's pair filter keeps
        "features_collector_seconds": features_collector[0],
        "features_full_collections": features_collector[1],
        "join_collector_seconds": join_collector[0],
        "quote_clusters": len(relations.quote_clusters),
        "reused_passages": len(relations.reused_passages),
        "figure_checks": len(checks),
        "relations_sha256": hashlib.sha256(found.encode("utf-8")).hexdigest(),
    }


def in_fresh_process(func: Callable[..., Any], *args: Any) -> Any:
    """``func(*args)`` in a spawned process (nothing inherited: its time and peak memory are
    its own). Its error, or its death, ends the benchmark with a message instead of a wait."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_fresh_child, args=(func, args, queue))
    proc.start()
    while True:
        try:
            ok, value = queue.get(timeout=5)
            break
        except queue_module.Empty:
            if not proc.is_alive():
                raise SystemExit(
                    f"bench: {func.__name__} died in its process (exit {proc.exitcode})"
                ) from None
    proc.join()
    if not ok:
        raise SystemExit(f"bench: {func.__name__} failed in its process: {value}")
    return value


def _fresh_child(func: Callable[..., Any], args: tuple[Any, ...], queue: Any) -> None:
    try:
        queue.put((True, func(*args)))
    except BaseException as exc:  # the parent waits on the queue: tell it, then fail
        queue.put((False, f"{type(exc).__name__}: {exc}"))
        raise


def scaling(data: Path, sizes: Sequence[int], rounds: int = ROUNDS) -> dict[str, Any]:
    """Each size in a fresh process, the sizes in turn, ``rounds`` times: the machine is
    shared, and a slow moment then falls on every size alike. Per size, the run of median
    alignment time is reported and the ratios are of medians (each stage's own median);
    every run is kept. The relations must come out the same in every round."""
    runs: dict[int, list[dict[str, Any]]] = {size: [] for size in sizes}
    for n in range(rounds):
        for size in sizes:
            row = in_fresh_process(scaling_run, data, size)
            runs[size].append(row)
            tag = f" [round {n + 1}/{rounds}]" if rounds > 1 else ""
            print(_scaling_line(row) + tag, flush=True)
    for size, rows in runs.items():
        if len({r["relations_sha256"] for r in rows}) > 1:
            raise SystemExit(f"bench: the relations of {size} documents differ between rounds")
    out: dict[str, Any] = {
        "rounds": rounds,
        "runs": [
            sorted(rows, key=lambda r: r["alignment_seconds"])[(len(rows) - 1) // 2]
            for rows in runs.values()
        ],
        "every_run": {str(size): rows for size, rows in runs.items()},
    }
    if 1000 in runs and 10000 in runs:
        for key in ("alignment_seconds", "join_and_align_seconds", "features_seconds"):
            small = statistics.median(r[key] for r in runs[1000])
            large = statistics.median(r[key] for r in runs[10000])
            out[f"ratio_10000_to_1000_{key.removesuffix('_seconds')}"] = round(
                large / max(1e-9, small), 2
            )
        out["ratio_10000_to_1000_alignment_by_round"] = [
            round(b["alignment_seconds"] / max(1e-9, a["alignment_seconds"]), 2)
            for a, b in zip(runs[1000], runs[10000], strict=True)
        ]
    return out


def _scaling_line(row: dict[str, Any]) -> str:
    return (
        f"  {row['documents']:>6} docs {row['words']:>9} words: alignment "
        f"{row['alignment_seconds']:7.2f} s (features {row['features_seconds']:.2f}, join+align "
        f"{row['join_and_align_seconds']:.2f}), figure checks {row['figure_checks_seconds']:.2f} s, "
        f"per-source {row['per_source_seconds']:.1f} s; peak RSS {row['peak_rss_mb']:.0f} MB "
        f"({row['rss_before_alignment_mb']:.0f} MB before alignment); "
        f"{row['shared_shingles']} shared shingles, {row['candidate_pairs']} candidate pairs "
        f"({row['aligned_pairs']} aligned), {row['quote_clusters']} clusters, "
        f"{row['reused_passages']} reused, {row['figure_checks']} figure checks; garbage "
        f"collector {row['features_collector_seconds']:.2f} s in the features "
        f"({row['features_full_collections']} full), {row['join_collector_seconds']:.2f} s in the join"
    )


# --- Sweeps --------------------------------------------------------------------------------------


@contextmanager
def _setting(module: Any, name: str, value: Any) -> Iterator[None]:
    """The rules of ``module`` (provaudit.rules.SECTION) with ``name`` at ``value``."""
    section = module.__name__.rsplit(".", 1)[-1]
    with ruleset.using(ruleset.overridden(section, **{name: value})):
        yield


def _sweep(
    module: Any, name: str, values: Sequence[Any], measure: Callable[[], dict[str, Any]]
) -> list[dict[str, Any]]:
    rows = []
    for value in values:
        with _setting(module, name, value):
            row = {name: value, **measure()}
        print(f"  {row}", flush=True)
        rows.append(row)
    return rows


# Each sweep: the rules module, the threshold, the values tried, and what is measured on.
BASIL_LINK_SWEEPS: tuple[tuple[str, list[Any]], ...] = (
    ("LINK_MIN_SIMILARITY", [0.3, 0.4, 0.5, 0.6, 0.7]),
    ("LINK_MIN_CONTENT", [2, 3, 4, 5]),
    ("LINK_MIN_RUN", [2, 3, 4, 5]),
    ("LINK_LONG_RUN", [5, 6, 7, 8, 10, 1000]),
    ("LINK_MIN_OVERLAP", [0.3, 0.5, 0.7, 0.9]),
    ("FRAGMENT_MIN_WORDS", [3, 4, 5, 6, 8]),
    ("CLUSTER_MIN_WORDS", [2, 3, 4, 5]),
    ("QUOTE_MIN_SHARED_BIGRAMS", [1, 2, 3]),
    ("TEXT_MIN_WORDS", [6, 8, 10, 12]),
    ("TEXT_FRAGMENT_MIN_WORDS", [8, 10, 12, 16]),
    ("TEXT_MIN_SIMILARITY", [0.5, 0.6, 0.7, 0.8]),
    ("WINDOW_SLACK", [0, 2, 4, 8]),
    ("SHINGLE_WORDS", [4, 5, 6, 7]),
    ("SHORT_CONTEXT_WORDS", [12, 25, 40, 60]),
    ("SHORT_CONTEXT_MIN", [1, 2, 3, 4, 5, 6]),
    ("SHORT_FRAGMENT_CONTENT", [1, 2, 3]),
)


def sweeps(data: Path, only: set[str] | None = None) -> dict[str, Any]:
    """The sweeps the thresholds' comments cite (``only``: those named)."""
    out: dict[str, Any] = {}

    def wanted(name: str) -> bool:
        return only is None or name in only

    if wanted("QUOTE_CARRY_PARAGRAPHS"):
        print("QUOTE_CARRY_PARAGRAPHS (BASIL recall, quotes extracted):")
        out["QUOTE_CARRY_PARAGRAPHS"] = _sweep(
            quote_rules, "QUOTE_CARRY_PARAGRAPHS", [0, 1, 2, 3, 4, 6], lambda: quote_recall(data)
        )
    corpus = basil_corpus(data)

    def events() -> dict[str, Any]:
        found = shared_quote_events(data, corpus)
        pairs = pair_recall(corpus[0], corpus[1], align.relate_sources(corpus[0]).quote_clusters)
        return {
            **{
                k: found[k]
                for k in ("events_with_shared_quote", "clusters", "clusters_across_events")
            },
            **{
                f"{half}_{band}": pairs[half][band]["recall"]
                for half in ("fit_half", "held_out_half")
                for band, _, _ in BANDS
            },
        }

    for name, values in BASIL_LINK_SWEEPS:
        if wanted(name):
            print(f"{name} (BASIL, 300 articles as one corpus):")
            out[name] = _sweep(align_rules, name, values, events)
    if wanted("REUSE_MIN_WORDS") or wanted("REUSE_GAP"):
        news_1000 = _news_corpus(data, 1000)

        def reused() -> dict[str, Any]:
            return {
                "basil": shared_quote_events(data, corpus)["reused_passages"],
                "news_1000": len(align.relate_sources(news_1000).reused_passages),
            }

        for name, values in (
            ("REUSE_MIN_WORDS", [10, 12, 15, 20, 30, 40]),
            ("REUSE_GAP", [0, 1, 3, 6]),
        ):
            if wanted(name):
                print(f"{name} (reused passages: BASIL, written independently; news-12k, 1,000):")
                out[name] = _sweep(align_rules, name, values, reused)
    if wanted("DOCUMENT_FREQUENCY_CAP"):
        news_3000 = _news_corpus(data, 3000)
        print("DOCUMENT_FREQUENCY_CAP (news-12k, 3,000 documents):")
        out["DOCUMENT_FREQUENCY_CAP"] = _sweep(
            align_rules,
            "DOCUMENT_FREQUENCY_CAP",
            [4, 8, 12, 24, 48],
            lambda: _timed_relate(news_3000),
        )
    for name, values in (
        ("FIGURE_MIN_SHARED", [1, 2, 3, 4]),
        ("FIGURE_MIN_SHARED_DISAGREE", [2, 3, 4]),
        ("CONTEXT_WORDS", [4, 6, 8, 12]),
    ):
        if wanted(name):
            print(f"{name} (BASIL, 300 articles):")
            out[name] = _sweep(
                figure_rules, name, values, lambda: _figure_run(corpus[0], corpus[1])
            )
    return out


def _news_corpus(data: Path, size: int) -> list[tuple[str, Document, Any]]:
    out = []
    for sid, raw in news_texts(data, size):
        doc = normalise_text(raw)
        out.append((sid, doc, extract_quotes(doc)))
    return out


def _timed_relate(sources: Sequence[tuple[str, Document, Any]]) -> dict[str, Any]:
    started = time.perf_counter()
    relations = align.relate_sources(sources)
    return {
        "alignment_seconds": round(time.perf_counter() - started, 2),
        "quote_clusters": len(relations.quote_clusters),
        "reused_passages": len(relations.reused_passages),
    }


def _figure_run(
    sources: Sequence[tuple[str, Document, Any]], events: dict[str, str]
) -> dict[str, Any]:
    checks = check_figures([(sid, doc, extract_figures(doc)) for sid, doc, _ in sources])
    within = [c for c in checks if len({events[m["source"]] for m in c.members}) == 1]
    return {
        "checks": len(checks),
        "checks_within_one_event": len(within),
        "disagreements_within_one_event": sum(1 for c in within if not c.agree),
        "checks_across_events": len(checks) - len(within),
        "disagreements_across_events": sum(1 for c in checks if not c.agree and c not in within),
    }


# --- Main ----------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data directory")
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, SIZES)),
        help="corpus sizes for the scaling run, comma-separated ('' to skip)",
    )
    parser.add_argument(
        "--rounds", type=int, default=ROUNDS, help="rounds of the scaling run (sizes in turn)"
    )
    parser.add_argument(
        "--sweep",
        nargs="?",
        const="all",
        metavar="NAMES",
        help="also run the threshold sweeps (all, or the comma-separated names given)",
    )
    args = parser.parse_args(argv)
    if not (args.data / "basil").is_dir():
        print(f"bench/quotes.py: no evaluation data at {args.data} (pass --data PATH)")
        return 2
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if any(s > 300 for s in sizes) and not (args.data / "news-12k" / "articles.jsonl.gz").is_file():
        print(
            f"bench/quotes.py: no news-12k/articles.jsonl.gz under {args.data} for the scaling run"
        )
        return 2

    results: dict[str, Any] = {
        "command": "python bench/quotes.py " + " ".join(argv or sys.argv[1:])
    }
    recall = quote_recall(args.data)
    print(
        f"BASIL quote recall: {recall['recall']:.4f} of {recall['gold_spans']} gold spans "
        f"(marks trimmed); {recall['recall_as_annotated']:.4f} as annotated; "
        f"{recall['quotes_extracted']} quotes extracted"
    )
    results["basil_recall"] = recall
    corpus = basil_corpus(args.data)
    events = shared_quote_events(args.data, corpus)
    pairs = pair_recall(corpus[0], corpus[1], align.relate_sources(corpus[0]).quote_clusters)
    for half in ("all", "fit_half", "held_out_half"):
        r = pairs[half]
        bands = ", ".join(f"{b} {r[b]['recall']:.3f} ({r[b]['pairs']})" for b, _, _ in BANDS)
        print(
            f"BASIL cross-outlet quote pairs, {half}: recall {r['recall']:.3f} of {r['pairs']} "
            f"({bands}); near pairs called exact: {r['near_pairs_called_exact']}"
        )
    print(f"  quotations in two clusters: {pairs['quotations_in_two_clusters']}")
    results["basil_quote_pairs"] = pairs
    print(
        f"BASIL shared quotes: {events['events_with_shared_quote']} of {events['events']} events; "
        f"{events['clusters']} clusters ({events['clusters_across_events']} joining different "
        f"events), verdicts {events['verdicts']}, {events['reused_passages']} reused passages"
    )
    results["basil_shared_quotes"] = events
    if sizes:
        print("Scaling (news-12k documents; each size in a fresh process):")
        found = scaling(args.data, sizes, max(1, args.rounds))
        results["scaling"] = found["runs"]
        results["scaling_rounds"] = {k: v for k, v in found.items() if k != "runs"}
        if "ratio_10000_to_1000_alignment" in found:
            ratio = found["ratio_10000_to_1000_alignment"]
            results["alignment_ratio_10000_to_1000"] = ratio
            print(
                f"Alignment time 10,000 / 1,000 documents: {ratio:.2f}x, medians of "
                f"{found['rounds']} rounds (by round: {found['ratio_10000_to_1000_alignment_by_round']}; "
                "target <= 12x)"
            )
    RESULTS.mkdir(parents=True, exist_ok=True)
    # A run without the scaling sizes keeps the last scaling figures (and says whose).
    path = RESULTS / "quotes.json"
    previous = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    if not sizes and "scaling" in previous:
        kept = {k: v for k, v in previous.items() if k.startswith(("scaling", "alignment"))}
        results = {**results, **kept, "scaling_command": previous.get("command")}
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if args.sweep:
        only = None if args.sweep == "all" else set(args.sweep.split(","))
        found = sweeps(args.data, only)
        path = RESULTS / "quotes-sweeps.json"
        previous = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        path.write_text(json.dumps({**previous, **found}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
