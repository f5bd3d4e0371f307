"""Worker processes end with the run that started them; Ctrl-C ends a run with one line, and
no report set is written after one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from provaudit import interrupt
from provaudit.audit import Options, write_corpus_report
from provaudit.evaluation.harness import (
    as_foreground_job,
    descendants,
    living,
    rotated_corpus,
    wait_gone,
)

from conftest import CORPUS

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

# A worker that outlives its parent by more than this is left behind (the parent-death signal
# arrives within milliseconds; the forkserver ends when it reads the end of its pipe).
GONE_SECONDS = 10.0


def _corpus(root: Path, n: int = 150) -> Path:
    """The seeds plus n generated sources: a run with two workers takes several seconds."""
    return rotated_corpus(CORPUS, root, n)


# The run is started as a foreground job (harness.as_foreground_job). Without that it would
# inherit this process's SIGINT: a pytest started in the background by a non-interactive shell
# (`cmd &`, as long full-suite runs were, and most likely CI's) ignores SIGINT, so the run
# ignored it too and rightly ran to exit 0, the failure once taken for a defect of the run
# (tested below).


def _start_report(
    root: Path, out: Path, below: int = 4, wait: float = 0.5, foreground: bool = True
) -> tuple[subprocess.Popen[bytes], list[int]]:
    """`provaudit report -j 2` in a session of its own, ``wait`` seconds after ``below``
    processes run below it (the resource tracker, the forkserver, then the two workers)."""
    command = [sys.executable, "-m", "provaudit", "report", str(root), "-o", str(out), "-j", "2"]
    proc = subprocess.Popen(
        as_foreground_job(command[1:]) if foreground else command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if len(descendants(proc.pid)) >= below:
            time.sleep(wait)
            return proc, descendants(proc.pid)
        time.sleep(0.002)
    proc.kill()
    proc.communicate(timeout=30)
    pytest.fail(f"the run did not reach {below} processes")


def _sigint_caught(pid: int) -> bool:
    """Whether process ``pid`` has a handler for SIGINT (Python installs one only where SIGINT
    was not ignored when it started)."""
    fields = dict(
        line.split(":", 1)
        for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines()
    )
    return bool(int(fields["SigCgt"], 16) & 1 << (signal.SIGINT - 1))


def _interrupt(proc: subprocess.Popen[bytes]) -> tuple[int, list[str]]:
    """Ctrl-C to the run's process group, as a terminal sends it; its exit code and stderr
    lines. A run that ignores it is killed, so that it cannot outlive the test."""
    try:
        assert proc.poll() is None, "the run ended before the signal: it would test nothing"
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate(timeout=30)
    return proc.returncode, err.decode("utf-8", "replace").strip().splitlines()


def test_workers_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    proc, below = _start_report(_corpus(tmp_path / "corpus"), tmp_path / "reports")
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    left = wait_gone(below, GONE_SECONDS)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"{len(left)} of {len(below)} worker processes outlived their parent"
    assert not (tmp_path / "reports").exists()


# When Ctrl-C lands: as the forkserver imports the pipeline (0.3 s after it appears; there it
# printed a traceback of its own in 6 of 6 runs before it ignored SIGINT from its start; at
# 0 s it is killed silently, before Python handles SIGINT) and well into the map (where the
# run once ignored it: see harness.as_foreground_job).
@pytest.mark.parametrize(("below", "wait"), [(2, 0.3), (4, 0.5)], ids=["starting", "mapping"])
def test_ctrl_c_ends_a_parallel_run_with_one_line(tmp_path: Path, below: int, wait: float) -> None:
    out = tmp_path / "reports"
    proc, below_pids = _start_report(_corpus(tmp_path / "corpus"), out, below, wait)
    assert _sigint_caught(proc.pid), "the run ignores SIGINT: a Ctrl-C would test nothing"
    code, lines = _interrupt(proc)
    assert (code, lines) == (130, ["Interrupted."]), f"exit {code}, stderr: {lines[-12:]}"
    assert not wait_gone(below_pids, GONE_SECONDS)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]
    assert not living([proc.pid])


def test_a_run_started_ignoring_sigint_keeps_ignoring_it(tmp_path: Path) -> None:
    """The other side of harness.as_foreground_job: a run started with SIGINT ignored (a background
    job of a shell) is not the terminal's to interrupt, and the test above detects one."""
    out = tmp_path / "reports"
    ignoring = signal.signal(signal.SIGINT, signal.SIG_IGN)  # inherited by the run
    try:
        proc, _ = _start_report(_corpus(tmp_path / "corpus", 40), out, foreground=False)
    finally:
        signal.signal(signal.SIGINT, ignoring)
    assert not _sigint_caught(proc.pid)
    assert proc.poll() is None, "the run ended before the signal: it would test nothing"
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode("utf-8", "replace")
    assert (out / "corpus.json").is_file()


# --- The interrupt, recorded (provaudit/interrupt.py) --------------------------------------------


@pytest.fixture
def python_handles_sigint() -> Iterator[None]:
    """SIGINT handled by Python's default handler, as in a process started in the foreground
    (a pytest started in the background ignores it: see harness.as_foreground_job)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class _SwallowsCtrlC:
    """Its finaliser gets the KeyboardInterrupt of a Ctrl-C, which Python prints and drops."""

    def __del__(self) -> None:
        signal.raise_signal(signal.SIGINT)


class _Progress:
    """A progress callback during whose second call a Ctrl-C is swallowed."""

    def __init__(self) -> None:
        self.calls = 0

    def start(self, total: int) -> None:
        pass

    def advance(self) -> None:
        self.calls += 1
        if self.calls == 2:
            _SwallowsCtrlC()  # collected at once


@pytest.mark.usefixtures("python_handles_sigint")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_ctrl_c_swallowed_by_a_finaliser_still_stops_the_report(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    progress = _Progress()
    with interrupt.handled(), pytest.raises(KeyboardInterrupt):
        write_corpus_report(CORPUS, out, Options(jobs=1), progress=progress)
    assert progress.calls == 2  # stopped at the next source
    assert not out.exists()
    assert not interrupt.requested()  # forgotten outside the block


@pytest.mark.usefixtures("python_handles_sigint")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_the_interrupt_is_recorded_only_inside_the_block() -> None:
    interrupt.check()  # nothing recorded: nothing raised
    with interrupt.handled():
        _SwallowsCtrlC()
        assert interrupt.requested()
        with pytest.raises(KeyboardInterrupt):
            interrupt.check()
    interrupt.check()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.mark.usefixtures("python_handles_sigint")
def test_a_deferred_step_is_finished_before_the_interrupt() -> None:
    steps: list[str] = []

    def step() -> None:
        with interrupt.deferred():
            signal.raise_signal(signal.SIGINT)
            steps.append("finished")
        steps.append("after")

    with interrupt.handled(), pytest.raises(KeyboardInterrupt):
        step()
    assert steps == ["finished"]


def test_a_handler_of_the_callers_is_left_alone() -> None:
    calls = []
    previous = signal.signal(signal.SIGINT, lambda *_: calls.append(1))
    try:
        with interrupt.handled():
            signal.raise_signal(signal.SIGINT)
            interrupt.check()
    finally:
        signal.signal(signal.SIGINT, previous)
    assert calls == [1]
