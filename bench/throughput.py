"""Throughput: whole audits against bare trafilatura, corpus alignment at scale, stage times.

    python bench/throughput.py [--data PATH] [--sizes 1000,3000,10000] [--rounds 3] [--pages N]
                               [--repeats N] [--only pages|alignment|engine|startup]
                               [--before-src OLD/src]

Measures, side by side in one run, pinned to one core (the machine is shared: only ratios
measured together mean anything):

(a) **Pages per second** on the HTML pages of ../shared/data/extraction-benchmark (181 real
    news and blog pages): bare ``trafilatura.extract`` of the page's bytes, and the whole
    ``provaudit audit PAGE`` through the library (read and decode the file, normalise with
    trafilatura and metadata, every per-source detector, relate, build the report and validate
    it against its schema, JSON text). Page by page, alternating, so that noise hits both alike;
    passes after warming both up on one page: the first pays every one-time load the pages
    call for (word lists and profiles of the scripts met, date parsing) and every new word's
    language score; the next (three by default, their median reported) repeat the same pages,
    every word's score cached, which no run over new pages sees. The figure for the target
    (issue 7: audit at most 2x bare) is **pages not seen before**: in a fresh process, warm
    up on half the pages (alternate ones), measure the other half; both ways, the ratio over
    both halves' times.
(b) **Corpus alignment** at 1,000, 3,000 and 10,000 real news-12k documents, each size in a
    fresh process so its peak memory is its own (bench/quotes.py's ``scaling_run``): the
    per-source map first (normalise, quotes, figures), then the alignment, reported as the
    per-source features and the index join with alignment, and their sum; with peak RSS. The
    sizes run in turn, three rounds by default; the ratio of 10,000 to 1,000 documents is of
    the median times, and each round's ratio is printed and saved too.
(e) **Whole processes** (issue 19), CPU time (user + sys, the OS's count for the process and
    every process it waited for) against a reference run alternately with it, medians:
    ``provaudit --help`` (reference ``python -c pass``); ``provaudit audit PAGE`` of one page
    against ``python -c "import trafilatura; trafilatura.extract(...)"`` on the same page; and
    all 181 pages in one ``provaudit audit`` call (``--jobs 1``) against one trafilatura process
    extracting them in a loop. CPU time, not wall time: the machine is shared, and a ratio of
    CPU times measured side by side is what other processes disturb least. ``--before-src
    DIR`` runs each provaudit command from another checkout's ``src`` too, in the same rounds
    (a change against its parent under one load); the load average is saved with the figures.
(c) **Stage times** of the whole audit of the same pages (a third pass, warm), so the slowest
    stage is known: each function the pipeline calls is timed where it is called.

Prints the figures and saves them to bench/results/throughput.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
from provaudit.evaluation import benchmark_pages, shared_data_path  # noqa: E402

DEFAULT_DATA = shared_data_path()
RESULTS = ROOT / "bench" / "results"
SIZES = (1000, 3000, 10000)
TARGET_PAGE_RATIO = 2.0  # issue 7: whole audit <= 2x bare extraction, one process
TARGET_SCALING_RATIO = 12.0  # issue 7: alignment of 10,000 documents <= 12x that of 1,000
TARGET_PEAK_MB = 1024.0  # issue 7: peak memory of the 10,000-document run < 1 GB
TARGET_JOBS_SPEEDUP = 1.7  # issue 7: --jobs 2 at least 1.7x as fast as --jobs 1 at 10,000
TARGET_HELP_CPU = 0.15  # issue 19: `provaudit --help` at most 0.15 s of CPU
TARGET_ONE_PAGE_RATIO = 2.5  # issue 19: one-page audit process <= 2.5x the trafilatura one-liner
TARGET_BATCH_RATIO = 1.8  # issue 19: 181 pages in one call <= 1.8x a one-process trafilatura loop
# Alternating runs of each whole-process pair: a process's CPU time moved by some 5% between
# runs on the shared machine; the median of 7 (3 for the long batch pair) moved by less.
STARTUP_ROUNDS = 7
BATCH_ROUNDS = 3
# The one-page figure on a few pages spread over the benchmark (every 40th by name), so that
# no one page's scripts or size decide it; the figure is the median of their ratios.
ONE_PAGE_STEP = 40
ENGINE_DOCUMENTS = 10000
# Steady passes over the pages after the first: the machine is shared, and one pass's ratio
# moved by 0.1 between runs; the median of three moved by less.
STEADY_PASSES = 3


# --- One core ---------------------------------------------------------------------------------


def pin_to_one_core() -> int | None:
    """Run this process (and the processes it starts) on one core; returns it (None: cannot)."""
    try:
        core = max(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
    except (AttributeError, OSError):  # not on Linux
        return None
    return core


# --- (a) pages per second ---------------------------------------------------------------------


def parsed_pages(data: Path) -> list[tuple[str, Any]]:
    """``(name, tree)`` of the benchmark's pages, decoded and parsed as the audit does (a page
    that parses to nothing is left out)."""
    from trafilatura.utils import load_html

    from provaudit.corpus import decode_bytes

    out = []
    for name, raw in benchmark_pages(data):
        tree = load_html(decode_bytes(raw, name).text)
        if tree is not None:
            out.append((name.removesuffix(".html"), tree))
    return out


def bare_extract(path: Path) -> str | None:
    """Bare extraction: trafilatura's defaults on the page's bytes (it decodes them itself)."""
    import trafilatura

    result: str | None = trafilatura.extract(path.read_bytes())
    return result


def whole_audit(path: Path) -> str | None:
    """What ``provaudit audit PAGE`` does, through the library: the report's JSON text, or
    None when the page has no article text (the CLI's input error)."""
    from provaudit.audit import Options, audit
    from provaudit.errors import ProvauditError
    from provaudit.report import dumps

    try:
        return dumps(audit([str(path)], Options(jobs=1)))
    except ProvauditError:
        return None


def write_pages(pages: Sequence[tuple[str, bytes]], directory: Path) -> list[Path]:
    paths = []
    for name, html in pages:
        path = directory / name
        path.write_bytes(html)
        paths.append(path)
    return paths


def side_by_side(paths: Sequence[Path]) -> dict[str, Any]:
    """One pass: bare extraction and whole audit of each page in turn, timed separately."""
    bare = audit_time = 0.0
    failed = 0
    for path in paths:
        t0 = time.perf_counter()
        bare_extract(path)
        t1 = time.perf_counter()
        if whole_audit(path) is None:
            failed += 1
        t2 = time.perf_counter()
        bare += t1 - t0
        audit_time += t2 - t1
    n = len(paths)
    return {
        "pages": n,
        "pages_without_article_text": failed,
        "bare_seconds": round(bare, 3),
        "audit_seconds": round(audit_time, 3),
        "bare_pages_per_s": round(n / bare, 2),
        "audit_pages_per_s": round(n / audit_time, 2),
        "ratio": round(audit_time / bare, 3),
    }


def page_throughput(paths: Sequence[Path], repeats: int = STEADY_PASSES) -> dict[str, Any]:
    """Warm-up on the first page, then a first pass over all of them (paying every one-time
    load they call for) and ``repeats`` steady passes; their median ratio is the steady one."""
    started = time.perf_counter()
    import trafilatura  # noqa: F401 -- imported here so that its import time is reported

    from provaudit import audit  # noqa: F401

    imported = time.perf_counter() - started
    import quotes as quotes_bench

    t0 = time.perf_counter()
    bare_extract(paths[0])
    t1 = time.perf_counter()
    whole_audit(paths[0])
    t2 = time.perf_counter()
    first = side_by_side(paths)
    steady = [side_by_side(paths) for _ in range(repeats)]
    return {
        "import_seconds": round(imported, 3),
        "warm_up_page_seconds": {"bare": round(t1 - t0, 3), "audit": round(t2 - t1, 3)},
        "first_pass": first,
        "steady_passes": steady,
        "steady_ratio_median": statistics.median(p["ratio"] for p in steady),
        "rss_after_mb": quotes_bench._rss_mb(),
    }


def unseen_pages(warm: Sequence[Path], measured: Sequence[Path]) -> dict[str, Any]:
    """Side by side on pages this process has never seen, after warming up on others: the
    language tables are loaded and the per-word caches hold the warm-up pages' words, as in a
    long run over new pages. (Repeat passes over the same pages find every word cached.)"""
    for path in warm:
        bare_extract(path)
        whole_audit(path)
    return side_by_side(measured)


def unseen_halves(paths: Sequence[Path]) -> dict[str, Any]:
    """:func:`unseen_pages` both ways over alternate halves of the pages, each way in a fresh
    process (spawned on this process's core); the ratio is over both halves' times."""
    import quotes as quotes_bench

    halves = (paths[::2], paths[1::2])
    ways = [
        quotes_bench.in_fresh_process(unseen_pages, warm, measured)
        for warm, measured in (halves, halves[::-1])
    ]
    bare = sum(w["bare_seconds"] for w in ways)
    audit_time = sum(w["audit_seconds"] for w in ways)
    return {"halves": ways, "ratio": round(audit_time / bare, 3)}


# --- (c) stage times --------------------------------------------------------------------------

# Where each stage is called from, and what it is called there: (module, attribute, stage).
STAGES: tuple[tuple[str, str, str], ...] = (
    ("provaudit.audit", "read_input", "read"),
    ("provaudit.analyse", "normalise", "normalise"),
    ("provaudit.analyse", "analyse_languages", "languages"),
    ("provaudit.analyse", "analyse_offtopic", "offtopic"),
    ("provaudit.analyse", "extract_quotes", "quotes"),
    ("provaudit.analyse", "extract_figures", "figures"),
    ("provaudit.analyse", "analyse_provenance", "provenance"),
    ("provaudit.analyse", "source_features", "join_features"),
    ("provaudit.analyse", "figure_features", "join_features"),
    ("provaudit.audit", "relate", "relate"),
    ("provaudit.report", "check_report", "report_validate"),
    ("provaudit.audit", "build_report", "report_build_and_validate"),
    ("provaudit.report", "dumps", "render_json"),
)


@contextmanager
def timed_stages(
    totals: dict[str, float], stages: Sequence[tuple[str, str, str]] = STAGES
) -> Iterator[list[str]]:
    """Wrap each function of ``stages`` where the pipeline calls it, adding its time to
    ``totals``; yields the stages not found (the pipeline moved them)."""
    import importlib

    patched: list[tuple[Any, str, Any]] = []
    missing: list[str] = []
    for module_name, attr, stage in stages:
        module = importlib.import_module(module_name)
        original = getattr(module, attr, None)
        if original is None:
            missing.append(stage)
            continue
        totals.setdefault(stage, 0.0)

        def wrapper(
            *args: Any, _f: Callable[..., Any] = original, _s: str = stage, **kw: Any
        ) -> Any:
            t = time.perf_counter()
            try:
                return _f(*args, **kw)
            finally:
                totals[_s] += time.perf_counter() - t

        setattr(module, attr, wrapper)
        patched.append((module, attr, original))
    try:
        yield missing
    finally:
        for module, attr, original in reversed(patched):
            setattr(module, attr, original)


def stage_times(paths: Sequence[Path]) -> dict[str, Any]:
    """Seconds per stage over a whole-audit pass of ``paths`` (bare extraction alongside),
    and each as a multiple of bare extraction time."""
    totals: dict[str, float] = {}
    bare = whole = 0.0
    with timed_stages(totals) as missing:
        for path in paths:
            t0 = time.perf_counter()
            bare_extract(path)
            t1 = time.perf_counter()
            whole_audit(path)
            whole += time.perf_counter() - t1
            bare += t1 - t0
    build = totals.pop("report_build_and_validate", 0.0)
    validate = totals.get("report_validate", 0.0)
    totals["report_build"] = build - validate
    accounted = sum(totals.values())
    totals["other"] = whole - accounted
    order = sorted(totals, key=lambda s: -totals[s])
    return {
        "bare_seconds": round(bare, 3),
        "audit_seconds": round(whole, 3),
        "seconds": {s: round(totals[s], 3) for s in order},
        "times_bare": {s: round(totals[s] / bare, 3) for s in order},
        "slowest": order[0],
        "not_found": missing,
    }


# --- (b) alignment at scale -------------------------------------------------------------------


def alignment_scaling(data: Path, sizes: Sequence[int], rounds: int | None) -> dict[str, Any]:
    """bench/quotes.py's scaling run: each size in a fresh process, the sizes in turn,
    ``rounds`` times (its ROUNDS if None); medians (see its ``scaling``)."""
    import quotes as quotes_bench

    return quotes_bench.scaling(data, sizes, max(1, rounds or quotes_bench.ROUNDS))


# --- (d) engine: --jobs 1 against --jobs 2 on the 10,000-document run -------------------------

# Where the corpus report spends its time, wrapped where `provaudit report` calls it.
# The steps of `provaudit report` (audit.write_corpus_report), as it calls them.
ENGINE_STAGES: tuple[tuple[str, str, str], ...] = (
    ("provaudit.audit", "_map_to_spill", "map"),
    ("provaudit.audit", "relate", "join"),
    ("provaudit.audit", "build_header", "header_build_and_validate"),
    ("provaudit.audit", "_write_set", "write"),
)


def write_news_corpus(data: Path, size: int, root: Path) -> Path:
    """A corpus of the first ``size`` distinct news-12k articles at ``root`` (plain text, one
    manifest; a corpus holds the same bytes once, and news-12k repeats a few articles)."""
    import hashlib

    import quotes as quotes_bench

    (root / "sources").mkdir(parents=True)
    records: list[dict[str, Any]] = []
    seen: set[str] = set()
    for sid, raw in quotes_bench.news_texts(data, 2**31):
        if len(records) >= size:
            break
        source_id = sid.replace("/", "-")
        body = raw.encode("utf-8")
        digest = hashlib.sha256(body).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        name = f"sources/{source_id}.txt"
        (root / name).write_bytes(body)
        records.append(
            {
                "id": source_id,
                "path": name,
                "sha256": digest,
                "outlet": None,
                "url": None,
                "published": None,
                "media_type": "text/plain",
            }
        )
    if len(records) < size:
        raise SystemExit(f"only {len(records)} documents available, asked for {size}")
    manifest = {"schema_version": "1.0", "description": "news-12k sample", "sources": records}
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return root


def engine_run(corpus: str, out: str, jobs: int, cores: list[int]) -> dict[str, Any]:
    """What `provaudit report CORPUS -o OUT --jobs N` does (audit.write_corpus_report: the
    map spilling each source's report, the join, the set written source by source and swapped
    in), timed by stage, in this process."""
    import hashlib

    import quotes as quotes_bench

    os.sched_setaffinity(0, set(cores))
    from provaudit.audit import Options, open_engine, write_corpus_report

    totals: dict[str, float] = {}
    with timed_stages(totals, ENGINE_STAGES) as missing:
        if missing:
            raise SystemExit(f"bench/throughput.py: stages not found: {', '.join(missing)}")
        started = time.perf_counter()
        options = Options(jobs=jobs)
        with open_engine(options) as engine:
            write_corpus_report(Path(corpus), Path(out), options, engine=engine)
        whole = time.perf_counter() - started
    digest = hashlib.sha256((Path(out) / "corpus.json").read_bytes()).hexdigest()
    return {
        "jobs": jobs,
        # Everything before the first file is written: the map, the join, the header.
        "corpus_report_seconds": round(whole - totals["write"], 2),
        "whole_seconds": round(whole, 2),
        "stages": {k: round(v, 2) for k, v in totals.items()},
        "peak_rss_mb_parent": quotes_bench._peak_mb(),
        "corpus_json_sha256": digest,
    }


def engine_scaling(
    data: Path, size: int, jobs: Sequence[int], cores: list[int], rounds: int
) -> dict[str, Any]:
    """`provaudit report` of a ``size``-article corpus with each ``jobs``, each run in a fresh
    process on ``cores``, alternating for ``rounds`` rounds; the median of each is compared."""
    import quotes as quotes_bench

    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_news_corpus(data, size, Path(tmp) / "corpus")
        for _ in range(rounds):
            for n in jobs:
                out = Path(tmp) / f"reports-{n}"
                out.mkdir(exist_ok=True)
                row = quotes_bench.in_fresh_process(engine_run, str(corpus), str(out), n, cores)
                runs.append(row)
                print(
                    f"  --jobs {n}: corpus report {row['corpus_report_seconds']:.1f} s, with "
                    f"rendering and writing {row['whole_seconds']:.1f} s; stages "
                    + ", ".join(f"{k} {v:.1f}" for k, v in row["stages"].items()),
                    flush=True,
                )
    medians: dict[int, dict[str, float]] = {}
    for n in jobs:
        mine = [r for r in runs if r["jobs"] == n]
        medians[n] = {
            key: statistics.median(r[key] for r in mine)
            for key in ("corpus_report_seconds", "whole_seconds")
        }
        medians[n]["map_seconds"] = statistics.median(r["stages"]["map"] for r in mine)
    first, last = jobs[0], jobs[-1]
    return {
        "documents": size,
        "cores": len(cores),
        "rounds": rounds,
        "runs": runs,
        "identical_reports": len({r["corpus_json_sha256"] for r in runs}) == 1,
        f"speedup_jobs_{last}_corpus_report": round(
            medians[first]["corpus_report_seconds"] / medians[last]["corpus_report_seconds"], 3
        ),
        f"speedup_jobs_{last}_whole": round(
            medians[first]["whole_seconds"] / medians[last]["whole_seconds"], 3
        ),
        f"speedup_jobs_{last}_map": round(
            medians[first]["map_seconds"] / medians[last]["map_seconds"], 3
        ),
    }


# --- (e) whole processes: start-up, one page, all pages in one call --------------------------

TRAFILATURA_LOOP = (
    "import sys, trafilatura\n"
    "for p in sys.argv[1:]:\n"
    "    with open(p, 'rb') as f: trafilatura.extract(f.read())\n"
)


def provaudit_command() -> list[str]:
    """How to run the installed command: the console script beside this interpreter, else -m."""
    script = Path(sys.executable).with_name("provaudit")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "provaudit"]


def process_cpu(argv: Sequence[str], env: dict[str, str] | None = None) -> float:
    """CPU seconds (user + sys) of running ``argv`` to its end, output discarded: the OS's
    count for the process and every process it waited for (os.wait4's)."""
    import subprocess

    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"bench/throughput.py: {argv[:3]} failed: {err.decode()[-500:]}")
    return usage.ru_utime + usage.ru_stime


def alternating(
    a: Sequence[str],
    b: Sequence[str],
    rounds: int,
    env: dict[str, str] | None = None,
    before_env: dict[str, str] | None = None,
) -> dict[str, Any]:
    """``a`` and ``b`` run in turn ``rounds`` times (A B A B ...) after one unmeasured run of
    each (which writes bytecode caches, and builds the language tables if none are built);
    CPU seconds of each run, the medians and the ratio of the medians (a over b). With
    ``before_env``, ``a`` also runs in it (another source tree, see --before-src) in each
    round, after ``a``: A A' B A A' B ...; its runs, median and ratio over b are ``before_*``."""
    commands = [(a, env), (b, env)] + ([(a, before_env)] if before_env is not None else [])
    for argv, run_env in commands:
        process_cpu(argv, run_env)
    runs: list[list[float]] = [[] for _ in commands]
    for _ in range(rounds):
        for argv_env, times in zip(commands, runs, strict=True):
            times.append(process_cpu(*argv_env))
    medians = [statistics.median(times) for times in runs]
    out = {
        "cpu_seconds": [round(x, 3) for x in runs[0]],
        "reference_cpu_seconds": [round(x, 3) for x in runs[1]],
        "median": round(medians[0], 3),
        "reference_median": round(medians[1], 3),
        "ratio": round(medians[0] / medians[1], 3),
    }
    if before_env is not None:
        out["before_cpu_seconds"] = [round(x, 3) for x in runs[2]]
        out["before_median"] = round(medians[2], 3)
        out["before_ratio"] = round(medians[2] / medians[1], 3)
    return out


def bytecode_env(cache: Path) -> dict[str, str]:
    """The environment for the measured processes: bytecode caches written and read (under
    ``cache``), as an installed package has them. Without them (PYTHONDONTWRITEBYTECODE, set
    on some machines) every process compiles provaudit's sources again, some 0.06 s, while
    trafilatura, installed from a wheel, has its caches."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def whole_processes(
    paths: Sequence[Path], rounds: int, batch_rounds: int, before_src: Path | None = None
) -> dict[str, Any]:
    """Section (e): --help, one page, and all pages in one call, each against its reference;
    with ``before_src`` (a checkout's src directory), each provaudit command also from there,
    in the same rounds, so that a change is measured against what it changed under one load."""
    with tempfile.TemporaryDirectory() as cache:
        env = bytecode_env(Path(cache) / "after")
        before_env = None
        if before_src is not None:
            before_env = {**bytecode_env(Path(cache) / "before"), "PYTHONPATH": str(before_src)}
        load = [round(x, 2) for x in os.getloadavg()]
        out = _whole_processes(paths, rounds, batch_rounds, env, before_env)
        out["load_average"] = {"start": load, "end": [round(x, 2) for x in os.getloadavg()]}
        if before_src is not None:
            out["before_src"] = str(before_src)
        return out


def _whole_processes(
    paths: Sequence[Path],
    rounds: int,
    batch_rounds: int,
    env: dict[str, str],
    before_env: dict[str, str] | None = None,
) -> dict[str, Any]:
    cmd = provaudit_command()
    out: dict[str, Any] = {"rounds": rounds, "batch_rounds": batch_rounds}
    out["help"] = alternating(
        [*cmd, "--help"], [sys.executable, "-c", "pass"], rounds, env, before_env
    )
    out["version"] = alternating(
        [*cmd, "--version"], [sys.executable, "-c", "pass"], rounds, env, before_env
    )
    pages = {}
    for path in paths[::ONE_PAGE_STEP]:
        pages[path.name] = alternating(
            [*cmd, "audit", "--jobs", "1", "-q", str(path)],
            [sys.executable, "-c", TRAFILATURA_LOOP, str(path)],
            rounds,
            env,
            before_env,
        )
    out["one_page"] = {
        "pages": pages,
        "ratio_median": round(statistics.median(p["ratio"] for p in pages.values()), 3),
    }
    if before_env is not None:
        out["one_page"]["before_ratio_median"] = round(
            statistics.median(p["before_ratio"] for p in pages.values()), 3
        )
    with tempfile.TemporaryDirectory() as tmp:
        report = str(Path(tmp) / "report.json")
        out["all_pages"] = alternating(
            [*cmd, "audit", "--jobs", "1", "-q", "-o", report, *map(str, paths)],
            [sys.executable, "-c", TRAFILATURA_LOOP, *map(str, paths)],
            batch_rounds,
            env,
            before_env,
        )
    out["all_pages"]["pages"] = len(paths)
    return out


def _whole_process_lines(r: dict[str, Any]) -> list[str]:
    lines = []
    for key in ("help", "version"):
        x = r[key]
        lines.append(
            f"  provaudit --{key}: {x['median']:.3f} s CPU (python -c pass {x['reference_median']:.3f}"
            f" s, {x['ratio']:.1f}x)"
            + (f"; target <= {TARGET_HELP_CPU:g} s" if key == "help" else "")
        )
    for name, x in r["one_page"]["pages"].items():
        lines.append(
            f"  one page {name[:12]}: audit {x['median']:.3f} s CPU, trafilatura one-liner "
            f"{x['reference_median']:.3f} s: {x['ratio']:.2f}x" + _before(x, 3)
        )
    lines.append(
        f"  one page, median of the pages' ratios: {r['one_page']['ratio_median']:.2f}x "
        f"(target <= {TARGET_ONE_PAGE_RATIO:g}x)"
        + (
            f"; before: {r['one_page']['before_ratio_median']:.2f}x"
            if "before_ratio_median" in r["one_page"]
            else ""
        )
    )
    x = r["all_pages"]
    lines.append(
        f"  {x['pages']} pages in one audit call: {x['median']:.2f} s CPU, one trafilatura "
        f"process {x['reference_median']:.2f} s: {x['ratio']:.2f}x (target <= {TARGET_BATCH_RATIO:g}x)"
        + _before(x, 2)
    )
    load = r.get("load_average")
    if load:
        lines.append(
            f"  load average (1, 5, 15 min) at the start {load['start']}, end {load['end']}"
        )
    return lines


def _before(x: dict[str, Any], digits: int) -> str:
    """The --before-src figures of one pair, if measured."""
    if "before_median" not in x:
        return ""
    return f"; before {x['before_median']:.{digits}f} s: {x['before_ratio']:.2f}x"


# --- Main -------------------------------------------------------------------------------------


def _page_lines(result: dict[str, Any]) -> list[str]:
    lines = [
        f"  import {result['import_seconds']:.2f} s; RSS after {result['rss_after_mb']:.0f} MB"
    ]
    passes = [("first pass", result["first_pass"])]
    passes += [(f"repeat pass {n}", p) for n, p in enumerate(result["steady_passes"], 1)]
    for label, p in passes:
        lines.append(
            f"  {label}: bare {p['bare_pages_per_s']:.1f} pages/s, whole audit "
            f"{p['audit_pages_per_s']:.1f} pages/s: audit / bare {p['ratio']:.2f}x "
            f"({p['pages']} pages, {p['pages_without_article_text']} without article text)"
        )
    lines.append(
        f"  audit / bare: first pass {result['first_pass']['ratio']:.2f}x, repeat passes over "
        f"the same pages (median) {result['steady_ratio_median']:.2f}x"
    )
    return lines


def _pages_section(args: argparse.Namespace, results: dict[str, Any]) -> None:
    pages = benchmark_pages(args.data, args.pages)
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_pages(pages, Path(tmp))
        print(f"(a) {len(paths)} extraction-benchmark pages, one core, side by side:", flush=True)
        results["pages"] = page_throughput(paths, max(1, args.repeats))
        print("\n".join(_page_lines(results["pages"])), flush=True)
        unseen = results["pages"]["unseen"] = unseen_halves(paths)
        for n, way in enumerate(unseen["halves"], 1):
            print(
                f"  unseen half {n} (after warming up on the other): bare "
                f"{way['bare_pages_per_s']:.1f} pages/s, whole audit {way['audit_pages_per_s']:.1f} "
                f"pages/s: audit / bare {way['ratio']:.2f}x"
            )
        print(
            f"  audit / bare on pages not seen before: {unseen['ratio']:.2f}x "
            f"(target <= {TARGET_PAGE_RATIO:g}x)",
            flush=True,
        )
        print("(c) stage times of the whole audit (warm), as multiples of bare extraction:")
        results["stages"] = stage_times(paths)
        for stage, x in results["stages"]["times_bare"].items():
            print(f"  {stage:<16} {results['stages']['seconds'][stage]:7.3f} s  {x:5.3f}x")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data directory")
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, SIZES)),
        help="corpus sizes for the alignment run, comma-separated ('' to skip)",
    )
    parser.add_argument("--pages", type=int, default=None, help="only the first N benchmark pages")
    parser.add_argument(
        "--repeats", type=int, default=STEADY_PASSES, help="steady passes over the pages"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=None,
        help="rounds of the alignment run (the sizes in turn; medians reported; default: "
        "bench/quotes.py's)",
    )
    parser.add_argument(
        "--engine-documents",
        type=int,
        default=ENGINE_DOCUMENTS,
        help="corpus size for --jobs 1 against --jobs 2 (0 to skip)",
    )
    parser.add_argument(
        "--engine-rounds", type=int, default=1, help="alternating rounds of the engine runs"
    )
    parser.add_argument(
        "--startup-rounds",
        type=int,
        default=STARTUP_ROUNDS,
        help="alternating runs of each whole-process pair in section (e)",
    )
    parser.add_argument(
        "--before-src",
        type=Path,
        default=None,
        help="section (e): also run each provaudit command from this src directory (a checkout "
        "of the commit before a change), in the same alternating rounds",
    )
    parser.add_argument(
        "--only",
        choices=("pages", "alignment", "engine", "startup"),
        action="append",
        help="run only these sections (repeatable; default all)",
    )
    args = parser.parse_args(argv)
    everything = {"pages", "alignment", "engine", "startup"}
    only = set(args.only or everything)
    if not (args.data / "extraction-benchmark" / "html").is_dir():
        print(f"bench/throughput.py: no evaluation data at {args.data} (pass --data PATH)")
        return 2
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()] if "alignment" in only else []
    engine_documents = args.engine_documents if "engine" in only else 0
    if (sizes or engine_documents) and not (args.data / "news-12k" / "articles.jsonl.gz").is_file():
        print(f"bench/throughput.py: no news-12k/articles.jsonl.gz under {args.data}")
        return 2

    cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    core = pin_to_one_core()
    results: dict[str, Any] = {
        "command": "python bench/throughput.py " + " ".join(argv or sys.argv[1:]),
        "python": platform.python_version(),
        "pinned_to_core": core,
    }
    saved = RESULTS / "throughput.json"
    if only != everything and saved.is_file():
        # A partial run keeps the other sections' last figures.
        results = {**json.loads(saved.read_text(encoding="utf-8")), **results}
    if "pages" in only:
        _pages_section(args, results)
    if "startup" in only:
        with tempfile.TemporaryDirectory() as tmp:
            paths = write_pages(benchmark_pages(args.data, args.pages), Path(tmp))
            print(
                f"(e) whole processes, CPU seconds (user + sys), alternating, medians of "
                f"{args.startup_rounds} runs ({BATCH_ROUNDS} for all pages):",
                flush=True,
            )
            results["whole_processes"] = whole_processes(
                paths, max(1, args.startup_rounds), BATCH_ROUNDS, args.before_src
            )
            print("\n".join(_whole_process_lines(results["whole_processes"])), flush=True)
    if sizes:
        print("(b) alignment, news-12k documents, each size in a fresh process:", flush=True)
        results["alignment"] = alignment_scaling(args.data, sizes, args.rounds)
        scaling = results["alignment"]
        if "ratio_10000_to_1000_alignment" in scaling:
            print(
                f"  10,000 / 1,000 documents: alignment {scaling['ratio_10000_to_1000_alignment']}x, "
                f"medians of {scaling['rounds']} rounds (by round: "
                f"{scaling['ratio_10000_to_1000_alignment_by_round']}; features {scaling['ratio_10000_to_1000_features']}x, join+align "
                f"{scaling['ratio_10000_to_1000_join_and_align']}x; target <= "
                f"{TARGET_SCALING_RATIO:g}x), peak memory at 10,000 "
                f"{max(r['peak_rss_mb'] for r in scaling['every_run']['10000']):.0f} MB, the most "
                f"of its rounds (target < {TARGET_PEAK_MB:g} MB)"
            )
    if engine_documents:
        print(
            f"(d) provaudit report of {engine_documents:,} news-12k articles on "
            f"{len(cores)} cores, --jobs 1 against --jobs 2, each run in a fresh process:",
            flush=True,
        )
        engine = engine_scaling(
            args.data, engine_documents, (1, 2), cores, max(1, args.engine_rounds)
        )
        results["engine"] = engine
        print(
            f"  --jobs 2 is {engine['speedup_jobs_2_corpus_report']:.2f}x as fast for the corpus "
            f"report (map {engine['speedup_jobs_2_map']:.2f}x), "
            f"{engine['speedup_jobs_2_whole']:.2f}x with rendering and writing (target >= "
            f"{TARGET_JOBS_SPEEDUP:g}x); reports identical: {engine['identical_reports']}"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    saved.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
