"""Memory and time of `provaudit report` as whole processes, at growing corpus sizes.

    python bench/memory.py [--data PATH] [--sizes 1000,3000,11999] [--jobs 2] [--label NAME]
                           [--validate]

For each size, a corpus of that many distinct news-12k articles (bench/throughput.py's
``write_news_corpus``) is reported on by ``provaudit report CORPUS -o OUT -q --jobs N`` run as
a command (``nice -n 10``: the machine is shared). While it runs, every process of its tree is
sampled from /proc every SAMPLE_SECONDS; each one's peak resident memory is its last VmHWM
(the kernel's high-water mark, so a peak between samples is not missed unless the process
ends between them). The command's own process is the parent; every other one (forkserver,
workers) is a worker. Also: wall time, time per article, the size of the largest file the
command wrote (and of each kind), and of the largest page (.html: the 20 MB target is on pages;
corpus.json and sources.jsonl are data files that grow with the corpus). With ``--validate``,
``provaudit validate CORPUS --reports OUT`` runs after each report, sampled the same way (it
writes a fresh set beside and compares; its peaks are recorded under ``validate``).

Prints the figures and saves them to bench/results/memory.json (one entry per label, so a
before/after pair sits side by side in one file).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from provaudit.evaluation.harness import descendants  # noqa: E402
from throughput import DEFAULT_DATA, RESULTS, write_news_corpus  # noqa: E402

# news-12k holds 11,999 distinct articles (one is there twice): the largest size is all of them.
SIZES = (1000, 3000, 11999)
TARGET_PEAK_MB = 600.0  # issue 19: parent and each worker at most 600 MB at every size
TARGET_LARGEST_PAGE_MB = 20.0  # issue 19: the largest report page at 12,000 articles (all)
TARGET_PER_ARTICLE_RISE = 1.20  # issue 19: time per article rises by at most 20%
# Often enough to see every worker (they live for the whole map); VmHWM keeps the peak.
SAMPLE_SECONDS = 0.25


def _hwm_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _sampled(args: list[str]) -> tuple[float, float, list[float]]:
    """Run ``provaudit ARGS`` as a command, its processes' peaks sampled from /proc: its wall
    seconds, the parent's peak and each other process's (MB)."""
    command = ["nice", "-n", "10", sys.executable, "-m", "provaudit", *args]
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    peaks: dict[int, float] = {}
    while proc.poll() is None:
        for pid in [proc.pid, *descendants(proc.pid)]:
            hwm = _hwm_mb(pid)
            if hwm is not None:
                peaks[pid] = max(peaks.get(pid, 0.0), hwm)
        time.sleep(SAMPLE_SECONDS)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"bench/memory.py: provaudit {args[0]} exited {proc.returncode}")
    parent = peaks.pop(proc.pid, 0.0)
    return seconds, parent, sorted((round(v, 1) for v in peaks.values()), reverse=True)


def run_validate(corpus: Path, out: Path, jobs: int) -> dict[str, Any]:
    """`provaudit validate CORPUS --reports OUT` as a command (it writes a fresh set and
    compares it with OUT, listing findings from it): its time and peaks."""
    seconds, parent, workers = _sampled(
        ["validate", str(corpus), "--reports", str(out), "-q", "--jobs", str(jobs)]
    )
    return {
        "seconds": round(seconds, 1),
        "peak_rss_mb_parent": round(parent, 1),
        "peak_rss_mb_workers": workers,
    }


def run_report(corpus: Path, out: Path, jobs: int) -> dict[str, Any]:
    """One `provaudit report` run as a command, its processes' peaks sampled from /proc."""
    seconds, parent, workers = _sampled(
        ["report", str(corpus), "-o", str(out), "-q", "--jobs", str(jobs)]
    )
    files = [p for p in out.rglob("*") if p.is_file()]
    by_kind: dict[str, float] = {}
    for path in files:
        kind = path.suffix or path.name
        by_kind[kind] = max(by_kind.get(kind, 0.0), path.stat().st_size / 2**20)
    largest = max(files, key=lambda p: p.stat().st_size)
    # The target is on pages (what a browser opens); corpus.json and sources.jsonl are data.
    page = max((p for p in files if p.suffix == ".html"), key=lambda p: p.stat().st_size)
    return {
        "jobs": jobs,
        "seconds": round(seconds, 1),
        "peak_rss_mb_parent": round(parent, 1),
        "peak_rss_mb_workers": workers,
        "files": len(files),
        "largest_file": str(largest.relative_to(out)),
        "largest_file_mb": round(largest.stat().st_size / 2**20, 2),
        "largest_page": str(page.relative_to(out)),
        "largest_page_mb": round(page.stat().st_size / 2**20, 2),
        "index_mb": round((out / "index.html").stat().st_size / 2**20, 2),
        "largest_mb_by_kind": {k: round(v, 2) for k, v in sorted(by_kind.items())},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data", type=Path, default=Path(os.environ.get("PROVAUDIT_SHARED_DATA", DEFAULT_DATA))
    )
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--label", default="current", help="the entry's name in the results")
    parser.add_argument(
        "--validate",
        action="store_true",
        help="also run `provaudit validate CORPUS --reports OUT` after each report",
    )
    args = parser.parse_args(argv)
    if not (args.data / "news-12k" / "articles.jsonl.gz").is_file():
        print(f"bench/memory.py: no news-12k/articles.jsonl.gz under {args.data}")
        return 0
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            corpus = write_news_corpus(args.data, size, Path(tmp) / "corpus")
            row = {"articles": size, **run_report(corpus, Path(tmp) / "reports", args.jobs)}
            if args.validate:
                row["validate"] = run_validate(corpus, Path(tmp) / "reports", args.jobs)
        row["ms_per_article"] = round(1000 * row["seconds"] / size, 1)
        rows.append(row)
        workers = row["peak_rss_mb_workers"]
        print(
            f"{size:,} articles, --jobs {args.jobs}: {row['seconds']:.1f} s "
            f"({row['ms_per_article']} ms/article), parent peak {row['peak_rss_mb_parent']:.0f} MB, "
            f"workers {', '.join(f'{w:.0f}' for w in workers)} MB; largest file "
            f"{row['largest_file']} {row['largest_file_mb']:.1f} MB, largest page "
            f"{row['largest_page']} {row['largest_page_mb']:.1f} MB, index.html "
            f"{row['index_mb']:.2f} MB",
            flush=True,
        )
        if "validate" in row:
            checked = row["validate"]
            print(
                f"  validate --reports: {checked['seconds']:.1f} s, parent peak "
                f"{checked['peak_rss_mb_parent']:.0f} MB, workers "
                f"{', '.join(f'{w:.0f}' for w in checked['peak_rss_mb_workers'])} MB",
                flush=True,
            )
    first = rows[0]
    entry: dict[str, Any] = {
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "rows": rows,
        "per_article_rise": {
            str(r["articles"]): round(r["ms_per_article"] / first["ms_per_article"], 3)
            for r in rows
        },
        "targets": {
            "peak_mb": TARGET_PEAK_MB,
            "largest_page_mb_at_12000": TARGET_LARGEST_PAGE_MB,
            "per_article_rise": TARGET_PER_ARTICLE_RISE,
        },
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "memory.json"
    saved = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    saved[args.label] = entry
    path.write_text(json.dumps(saved, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"saved {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
