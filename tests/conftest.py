"""Shared fixtures: a CliRunner, the repository's paths, and the evaluation data (optional)."""

from __future__ import annotations

import ctypes
import importlib
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from provaudit import evaluation
from provaudit.evaluation import harness

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SEEDS = CORPUS / "sources"
DATA = Path(__file__).resolve().parent / "data"

# --- No process left behind ----------------------------------------------------------------------

# Linux's prctl option that makes this process the reaper of its orphaned descendants: the
# workers of a run a test killed then stay below the session, where its end checks for them.
_PR_SET_CHILD_SUBREAPER = 36
# How long the session's end waits for its processes to end before it calls them left behind.
LEFT_BEHIND_SECONDS = 10.0


def pytest_sessionstart(session: pytest.Session) -> None:
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the session if any process it started (or took in as an orphan) still runs."""
    if not sys.platform.startswith("linux"):
        return
    from provaudit.evaluation.harness import descendants, reap, wait_gone

    # This process's own helpers (started by tests that ran an engine in-process) end here,
    # as they would at exit.
    for module, name in (("forkserver", "_forkserver"), ("resource_tracker", "_resource_tracker")):
        helper = getattr(importlib.import_module(f"multiprocessing.{module}"), name, None)
        stop = getattr(helper, "_stop", None)
        if stop is not None:
            stop()
    left = wait_gone(descendants(os.getpid()), LEFT_BEHIND_SECONDS)
    reap()
    if left:
        names = []
        for pid in left:
            try:
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                cmd = "?"
            names.append(f"  {pid}: {cmd[:160]}")
        sys.stderr.write(
            f"\nthe test session left {len(left)} process(es) running:\n" + "\n".join(names) + "\n"
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-floors",
        action="store_true",
        help="Record new quality measurements and raise beaten floors (never lowers one).",
    )


@pytest.fixture
def update_floors(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-floors"))


def assert_one_line(result: Result, *fragments: str) -> str:
    """Exit 2, empty stdout, exactly one line on stderr containing every fragment."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def shared_data() -> Path:
    """The evaluation data; tests using it are skipped cleanly where it is absent."""
    path = evaluation.shared_data()
    if path is None:
        pytest.skip("evaluation data ../shared/data is absent (set PROVAUDIT_SHARED_DATA)")
    return path


def seed_text(stem: str) -> str:
    """The raw text of a seed source by id prefix, e.g. seed_text("004")."""
    matches = sorted(SEEDS.glob(f"{stem}*"))
    assert len(matches) == 1, f"no unique seed {stem!r}"
    return matches[0].read_text(encoding="utf-8")


def seeds_plus(root: Path, extra: dict[str, bytes]) -> Path:
    """A copy of the shipped corpus at ``root`` with ``extra`` plain-text sources added
    (``{id: bytes}``, stored as sources/<id>.txt and listed in the manifest)."""
    return harness.corpus_plus(CORPUS, root, extra)


def mixed_corpus(root: Path, extra: int) -> Path:
    """The seeds plus ``extra`` sources made by recombining their paragraphs (so that sources
    share passages and quotes, and the join has work to do)."""
    paragraphs = [
        p
        for path in sorted((CORPUS / "sources").iterdir())
        for p in path.read_text(encoding="utf-8").split("\n")
        if len(p) > 80
    ]
    mixes = {}
    for i in range(extra):
        chosen = [paragraphs[(i * 7 + k * 13) % len(paragraphs)] for k in range(6)]
        mixes[f"mix{i:02d}"] = ("\n\n".join(chosen) + "\n").encode()
    return seeds_plus(root, mixes)


def readme_section(title: str) -> str:
    """The README's section ``## title``, up to the next one."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else len(text)]


@contextmanager
def dask_scheduler() -> Iterator[str]:
    """The address of a local Dask cluster of two worker processes (skips without the dask
    extra). The scheduler's HTTP server takes a free port: None still binds :8787, which a
    second cluster (a parallel suite, a user's own) may hold."""
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
    ) as cluster:
        yield str(cluster.scheduler_address)
