"""Ctrl-C on a parallel report, many times: does every run end with one line, exit 130 and no
report set, wherever the signal lands?

    python bench/interrupts.py [--random N] [--max-delay 9] [--start N] [--start-wait 0.3]
                               [--seed 0] [--sources 150] [--src OTHER/src]
                               [--save-as interrupts.json]

A corpus of the seeds plus ``--sources`` generated sources (tests/test_lifecycle.py's: a run of
``provaudit report -j 2`` lasts some 10 s on 2 idle cores, 20 s under load) is reported on
again and again (with ``--src``, by the provaudit of another checkout), each run in a session
of its own with SIGINT at its default (as a terminal's foreground job has it), and
its process group sent SIGINT as a terminal sends Ctrl-C:

(a) ``--random N`` runs, each signalled at a delay drawn uniformly from 0 to ``--max-delay``
    seconds (seeded): across the map, the join and the writing. A run that ended before its
    signal is counted apart, not as good.
(b) ``--start N`` runs, each signalled ``--start-wait`` seconds after its forkserver appears
    (the second process below the run: the resource tracker comes first), while the server
    imports the pipeline and the first workers are being forked.

A run is *bad* when it exits other than 130, prints anything but "Interrupted." on stderr, or
leaves its output directory. Prints each bad run (its exit code and stderr) and the counts;
saves them to bench/results/ (``--save-as``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from provaudit.evaluation.harness import as_foreground_job, descendants, rotated_corpus

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
# The forkserver is the second process below the run (after the resource tracker).
FORKSERVER_BELOW = 2


def one_run(
    corpus: Path,
    out: Path,
    delay: float | None,
    start_wait: float = 0.0,
    env: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Report on ``corpus`` into ``out`` and signal it after ``delay`` seconds (None:
    ``start_wait`` seconds after its forkserver appears); ``env``: the run's environment
    (None: this one's)."""
    shutil.rmtree(out, ignore_errors=True)
    command = ["-m", "provaudit", "report", str(corpus), "-o", str(out), "-j", "2"]
    proc = subprocess.Popen(
        as_foreground_job(command),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env=env,
    )
    started = time.monotonic()
    if delay is None:
        while proc.poll() is None and len(descendants(proc.pid)) < FORKSERVER_BELOW:
            time.sleep(0.002)
        time.sleep(start_wait)
    else:
        time.sleep(delay)
    signalled = proc.poll() is None
    if signalled:
        os.killpg(proc.pid, signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        _, err = proc.communicate()
    lines = err.decode("utf-8", "replace").strip().splitlines()
    good = proc.returncode == 130 and lines == ["Interrupted."] and not out.exists()
    shutil.rmtree(out, ignore_errors=True)
    return {
        "delay": None if delay is None else round(delay, 3),
        "signalled": signalled,
        "seconds": round(time.monotonic() - started, 2),
        "exit": proc.returncode,
        "good": signalled and good,
        "stderr": lines[-12:],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--random", type=int, default=10, help="runs signalled at random")
    parser.add_argument("--max-delay", type=float, default=9.0)
    parser.add_argument("--start", type=int, default=5, help="runs signalled at start-up")
    parser.add_argument("--start-wait", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sources", type=int, default=150)
    parser.add_argument("--src", type=Path, help="run the provaudit of this src directory")
    parser.add_argument("--save-as", default="interrupts.json")
    args = parser.parse_args(argv)
    env = None if args.src is None else {**os.environ, "PYTHONPATH": str(args.src.resolve())}
    # Started in the background by a shell, this process ignores SIGINT; its runs do not
    # inherit that (see harness.as_foreground_job), but its own waits should stay interruptible.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    rng = random.Random(args.seed)
    delays: list[float | None] = [rng.uniform(0, args.max_delay) for _ in range(args.random)]
    delays += [None] * args.start
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = rotated_corpus(ROOT / "corpus", Path(tmp) / "corpus", args.sources)
        for delay in delays:
            run = one_run(corpus, Path(tmp) / "out", delay, args.start_wait, env)
            runs.append(run)
            if run["signalled"] and not run["good"]:
                print(json.dumps(run, ensure_ascii=False), flush=True)
    summary: dict[str, Any] = {}
    for mode, chosen in (
        ("random", [r for r in runs if r["delay"] is not None]),
        ("start", [r for r in runs if r["delay"] is None]),
    ):
        signalled = [r for r in chosen if r["signalled"]]
        bad = sum(1 for r in signalled if not r["good"])
        summary[mode] = {"runs": len(chosen), "signalled": len(signalled), "bad": bad}
        print(f"{mode}: {bad} bad of {len(signalled)} signalled ({len(chosen)} runs)")
    entry = {
        "command": " ".join(["python", "bench/interrupts.py", *(argv or sys.argv[1:])]),
        "python": sys.version.split()[0],
        "load_average": list(os.getloadavg()),
        "summary": summary,
        "runs": runs,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / args.save_as
    path.write_text(json.dumps(entry, indent=2) + "\n", encoding="utf-8")
    print(f"saved {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
