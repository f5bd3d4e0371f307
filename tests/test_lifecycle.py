"""Worker processes end with the run that started them; Ctrl-C ends a run with one line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from provaudit.evaluation.harness import descendants, living, wait_gone

from conftest import CORPUS, seeds_plus

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

# A worker that outlives its parent by more than this is left behind (the parent-death signal
# arrives within milliseconds; the forkserver ends when it reads the end of its pipe).
GONE_SECONDS = 10.0


def _corpus(root: Path, n: int = 150) -> Path:
    """The seeds plus n generated sources: a run with two workers takes several seconds."""
    words = (CORPUS / "sources" / "004_5194679c34ef4e42.txt").read_text(encoding="utf-8").split()
    return seeds_plus(
        root, {f"gen{i:03d}": " ".join(words[i:] + words[:i]).encode() for i in range(n)}
    )


def _start_report(root: Path, out: Path) -> tuple[subprocess.Popen[bytes], list[int]]:
    """`provaudit report -j 2` in a session of its own, once its workers are running."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "provaudit", "report", str(root), "-o", str(out), "-j", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        below = descendants(proc.pid)
        if len(below) >= 3:  # the forkserver and two workers
            time.sleep(0.5)  # well into the map
            return proc, descendants(proc.pid)
        time.sleep(0.05)
    proc.kill()
    proc.communicate(timeout=30)
    pytest.fail("the run's workers did not start")


def test_workers_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    proc, below = _start_report(_corpus(tmp_path / "corpus"), tmp_path / "reports")
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    left = wait_gone(below, GONE_SECONDS)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"{len(left)} of {len(below)} worker processes outlived their parent"
    assert not (tmp_path / "reports").exists()


@pytest.mark.xfail(
    strict=False,
    reason="open defect: in some full-suite runs the report ignores the SIGINT and completes with "
    "exit 0 (a 600-source run of ~33 s, signalled 2.5 s in, in CI's run at 30049fd); not "
    "reproduced alone (26 runs); cause not found",
)
def test_ctrl_c_ends_a_parallel_run_with_one_line(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    proc, below = _start_report(_corpus(tmp_path / "corpus"), out)
    try:
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: the whole process group
        _, err = proc.communicate(timeout=60)
    finally:  # a run that ignored the signal must not outlive the test
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate(timeout=30)
    lines = err.decode("utf-8", "replace").strip().splitlines()
    assert proc.returncode == 130, lines
    assert lines == ["Interrupted."], lines
    assert not wait_gone(below, GONE_SECONDS)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]
    assert not living([proc.pid])
