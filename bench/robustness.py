"""Robustness: the hostile cases of issue 20, each run as a whole ``provaudit`` process.

    python bench/robustness.py [--only hostile|cost] [--sizes 1,4,16] [--shapes NAME,...]
                               [--save-as robustness.json]

Prints each case's exit code, wall time and peak memory (the process's maximum resident set,
from wait4) and saves them to bench/results/robustness.json. Servers listen on 127.0.0.1 only;
generated files live in a temporary directory. Nothing here needs ../shared/data.

(a) **Hostile** cases (quick; the test suite holds the same ones as tests): a server sending
    its headers and then a byte a second, one trickling its headers, redirects to ftp:, file:
    and data:, a body shorter than its Content-Length; a FIFO as a source of audit, ingest and
    report; manifests nested 100,000 deep, with a duplicate key, a lone surrogate, a date that
    is not a day; 20 concurrent ingests into one corpus (entries kept, files orphaned); an
    output directory under a regular file; a source with a U+202E rendered as HTML.
(b) **Cost** of auditing hostile shapes at 1, 4 and 16 MB (issue 20 target: at most 10 s and
    500 MB per MB of input, or refused with one line): random Unicode (printable BMP code
    points), one giant token (letters, no space), one giant line (common English words, no
    line break or full stop), tiny sentences ("Go. Stop." style, 4-10 bytes each: 800k at
    about 4 MB). ``audit FILE -o report.json`` in a fresh process, one case at a time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from provaudit.evaluation.harness import EN, HostileHandler, local_server

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
CORPUS = ROOT / "corpus"
MB = 1024 * 1024
# Issue 20's cost bound, per MB of input.
TARGET_SECONDS_PER_MB = 10.0
TARGET_MB_PER_MB = 500.0
# A case is stopped (and counted as over the bound) past this many times its time budget.
KILL_FACTOR = 3.0


# --- running one process ---------------------------------------------------------------------


def run(args: list[str], timeout: float, cwd: Path | None = None) -> dict[str, Any]:
    """Run ``provaudit ARGS`` to the end (or kill it at ``timeout``): exit code, seconds, peak
    MB, and the last line of standard error."""
    with tempfile.TemporaryFile() as err:
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "provaudit", *args],
            stdout=subprocess.DEVNULL,
            stderr=err,
            cwd=cwd,
        )
        killed = threading.Timer(timeout, proc.kill)
        killed.start()
        _, status, usage = os.wait4(proc.pid, 0)
        killed.cancel()
        seconds = time.monotonic() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").strip().splitlines()
    return {
        "exit": proc.returncode,
        "seconds": round(seconds, 2),
        "peak_mb": round(usage.ru_maxrss / 1024, 1),
        "killed": seconds >= timeout,
        "stderr_lines": len(lines),
        "message": lines[-1][:200] if lines else "",
    }


# --- hostile cases -------------------------------------------------------------------------------


class _Hostile(HostileHandler):
    # Trickles for minutes (600 body bytes a second apart; 200 header lines, a byte a second):
    # only the command's overall deadline ends the request.
    DRIP_BYTES = 600
    HEADER_LINES = 200
    HEADER_PAUSE = 1.0


def _manifest_corpus(tmp: Path, name: str, manifest: bytes) -> Path:
    root = tmp / name
    root.mkdir()
    (root / "manifest.json").write_bytes(manifest)
    return root


def _seed_corpus(tmp: Path, name: str, edit: Callable[[dict[str, Any]], None]) -> Path:
    import shutil

    root = tmp / name
    shutil.copytree(CORPUS, root)
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    edit(manifest)
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="ascii")
    return root


def hostile_cases(tmp: Path) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def case(name: str, expect: str, result: dict[str, Any], **extra: Any) -> None:
        row = {"case": name, "expect": expect, **result, **extra}
        out.append(row)
        print(
            f"  {name:<34} exit {row['exit']:>3}  {row['seconds']:>6.2f} s  "
            f"{row['peak_mb']:>6.1f} MB  {row['message'][:90]}",
            flush=True,
        )

    with local_server(_Hostile) as base:
        for path in ("/drip", "/drip-headers"):
            case(
                f"url {path} --timeout 2",
                "exit 2 in ~2 s",
                run(["audit", base + path, "--timeout", "2"], 60),
            )
        for scheme in ("ftp", "file", "data"):
            case(f"redirect to {scheme}:", "exit 2", run(["audit", f"{base}/to/{scheme}"], 60))
        case("short body", "exit 2", run(["audit", base + "/short"], 60))
    fifo = tmp / "pipe.txt"
    os.mkfifo(fifo)
    fifo_corpus = _seed_corpus(tmp, "fifo-corpus", lambda m: None)
    victim = (
        fifo_corpus / "sources" / sorted(p.name for p in (fifo_corpus / "sources").iterdir())[0]
    )
    victim.unlink()
    os.mkfifo(victim)
    case("FIFO: audit", "exit 2", run(["audit", str(fifo)], 30))
    case("FIFO: ingest", "exit 2", run(["ingest", str(fifo), "--corpus", str(tmp / "c1")], 30))
    case(
        "FIFO: report",
        "exit 2",
        run(["report", str(fifo_corpus), "-o", str(tmp / "r1"), "-q", "-j", "1"], 60),
    )
    deep = _manifest_corpus(tmp, "deep", b"[" * 100_000 + b"]" * 100_000)
    case(
        "manifest 100,000 deep: report",
        "exit 2",
        run(["report", str(deep), "-o", str(tmp / "r2")], 60),
    )
    dup = _manifest_corpus(
        tmp, "dup", b'{"schema_version": "1.0", "schema_version": "1.0", "sources": []}'
    )
    case("manifest duplicate key: validate", "exit 2", run(["validate", str(dup)], 60))
    lone = _seed_corpus(tmp, "lone", lambda m: m["sources"][1].update(title="a \ud800 b"))
    case("manifest lone surrogate: validate", "exit 2", run(["validate", str(lone)], 60))
    new = tmp / "new.txt"
    new.write_text(EN, encoding="utf-8")
    before = len(list((lone / "sources").iterdir()))
    row = run(["ingest", str(new), "--corpus", str(lone)], 60)
    case(
        "manifest lone surrogate: ingest",
        "exit 2, no orphan",
        row,
        orphans=len(list((lone / "sources").iterdir())) - before,
    )
    bad_date = _seed_corpus(tmp, "date", lambda m: m["sources"][0].update(published="2026-13-45"))
    case("published 2026-13-45: validate", "exit 1", run(["validate", str(bad_date)], 120))
    case(
        "-o under a regular file", "exit 2", run(["audit", str(new), "-o", str(new / "x.json")], 60)
    )
    bidi = tmp / "bidi.txt"
    bidi.write_text(
        "He said: \u201cwe will \u202ebuild it\u202c soon.\u201d " + EN, encoding="utf-8"
    )
    page = tmp / "bidi.html"
    row = run(["audit", str(bidi), "--format", "html", "-o", str(page)], 60)
    raw = page.read_text(encoding="utf-8").count("\u202e") if page.exists() else None
    case("U+202E in HTML output", "exit 0, none raw", row, raw_bidi_in_page=raw)
    out.append(_concurrent_ingests(tmp))
    return out


def _concurrent_ingests(tmp: Path, n: int = 20) -> dict[str, Any]:
    root = tmp / "concurrent"
    files = []
    for i in range(n):
        path = tmp / f"in{i:02d}.txt"
        path.write_text(f"Source number {i}. {EN}", encoding="utf-8")
        files.append(path)
    started = time.monotonic()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "provaudit", "ingest", str(p), "--corpus", str(root)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for p in files
    ]
    codes = [proc.wait(timeout=600) for proc in procs]
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    listed = {e["path"] for e in manifest["sources"]}
    stored = {f"sources/{p.name}" for p in (root / "sources").iterdir()}
    row = {
        "case": f"{n} concurrent ingests",
        "expect": f"{n} kept, 0 orphaned",
        "exit": max(codes),
        "seconds": round(time.monotonic() - started, 2),
        "kept": len(manifest["sources"]),
        "orphaned": len(stored - listed),
    }
    print(
        f"  {row['case']:<34} exit {row['exit']:>3}  {row['seconds']:>6.2f} s  kept {row['kept']}, orphaned {row['orphaned']}"
    )
    return row


# --- cost of hostile shapes ---------------------------------------------------------------------


def random_unicode(size: int, rng: random.Random) -> str:
    out: list[str] = []
    n = 0
    while n < size:
        ch = chr(rng.randrange(0x20, 0xD7FF))
        if ch.isprintable():
            out.append(ch)
            n += len(ch.encode())
    return "".join(out)


def giant_token(size: int, rng: random.Random) -> str:
    return "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=size))


_WORDS = [
    "the",
    "council",
    "voted",
    "on",
    "tuesday",
    "to",
    "build",
    "a",
    "tidal",
    "barrier",
    "across",
    "estuary",
    "mouth",
    "said",
    "minister",
    "harbour",
    "fleet",
    "open",
    "will",
    "stay",
    "report",
    "funding",
    "plan",
    "water",
    "city",
]


def giant_line(size: int, rng: random.Random) -> str:
    words = rng.choices(_WORDS, k=size // 6 + 1)
    return " ".join(words)[:size]


def tiny_sentences(size: int, rng: random.Random) -> str:
    # 1-2 short words and a full stop: 4-10 bytes a sentence, 800k of them in about 4 MB.
    out: list[str] = []
    n = 0
    while n < size:
        words = rng.choices(
            ["Go", "Stop", "Yes", "No", "Wait", "Run", "Sit", "Eat"], k=rng.choice((1, 2))
        )
        s = " ".join(words) + ". "
        out.append(s)
        n += len(s)
    return "".join(out)


SHAPES: dict[str, Callable[[int, random.Random], str]] = {
    "random-unicode": random_unicode,
    "giant-token": giant_token,
    "giant-line": giant_line,
    "tiny-sentences": tiny_sentences,
}


def cost_cases(tmp: Path, sizes: list[float], shapes: list[str]) -> list[dict[str, Any]]:
    out = []
    for shape in shapes:
        for mb in sizes:
            text = SHAPES[shape](int(mb * MB), random.Random(20))
            path = tmp / f"{shape}-{mb:g}mb.txt"
            path.write_text(text, encoding="utf-8")
            size_mb = path.stat().st_size / MB
            del text
            budget = TARGET_SECONDS_PER_MB * size_mb
            report = tmp / f"{shape}-{mb:g}mb.json"
            row = run(
                ["audit", str(path), "-o", str(report)], timeout=max(60.0, KILL_FACTOR * budget)
            )
            row.update(
                case=f"{shape} {mb:g} MB",
                input_mb=round(size_mb, 2),
                report_mb=round(report.stat().st_size / MB, 2) if report.exists() else None,
                seconds_per_mb=round(row["seconds"] / size_mb, 2),
                peak_mb_per_mb=round(row["peak_mb"] / size_mb, 1),
            )
            row["within_bound"] = row["exit"] == 2 or (
                row["exit"] == 0
                and row["seconds_per_mb"] <= TARGET_SECONDS_PER_MB
                and row["peak_mb_per_mb"] <= TARGET_MB_PER_MB
            )
            out.append(row)
            print(
                f"  {row['case']:<22} exit {row['exit']:>3}  {row['seconds']:>7.2f} s "
                f"({row['seconds_per_mb']:>5.2f} s/MB)  {row['peak_mb']:>7.1f} MB "
                f"({row['peak_mb_per_mb']:>6.1f} MB/MB)  report {row['report_mb']} MB"
                f"{'' if row['within_bound'] else '  OVER'}  {row['message'][:60] if row['exit'] else ''}",
                flush=True,
            )
            path.unlink()
            report.unlink(missing_ok=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=("hostile", "cost"))
    parser.add_argument("--sizes", default="1,4,16", help="MB of input for the cost cases")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="cost shapes to run")
    parser.add_argument("--save-as", default="robustness.json", help="file name in bench/results")
    args = parser.parse_args(argv)
    sizes = [float(x) for x in args.sizes.split(",")]
    shapes = [s for s in args.shapes.split(",") if s]
    results: dict[str, Any] = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "targets": {"seconds_per_mb": TARGET_SECONDS_PER_MB, "peak_mb_per_mb": TARGET_MB_PER_MB},
    }
    with tempfile.TemporaryDirectory(prefix="provaudit-robustness-") as tmp:
        if args.only in (None, "hostile"):
            print("hostile cases (whole processes):", flush=True)
            results["hostile"] = hostile_cases(Path(tmp))
        if args.only in (None, "cost"):
            print(
                f"cost of hostile shapes (target <= {TARGET_SECONDS_PER_MB:g} s and <= {TARGET_MB_PER_MB:g} MB per MB):",
                flush=True,
            )
            results["cost"] = cost_cases(Path(tmp), sizes, shapes)
    results["load_average_after"] = os.getloadavg()
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = args.save_as
    (RESULTS / name).write_text(
        json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"saved {RESULTS / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
