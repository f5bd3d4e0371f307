"""The processes below a process, from /proc (Linux): for the checks that a run's workers end
with it and that the test suite leaves none behind."""

from __future__ import annotations

import os
import time
from pathlib import Path


def children_of() -> dict[int, list[int]]:
    """Parent pid -> child pids of every living (not zombie) process."""
    out: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if state != "Z":
            out.setdefault(int(ppid), []).append(int(entry.name))
    return out


def descendants(pid: int) -> list[int]:
    """The living processes below ``pid``."""
    children = children_of()
    found: list[int] = []
    todo = list(children.get(pid, []))
    while todo:
        child = todo.pop()
        found.append(child)
        todo.extend(children.get(child, []))
    return sorted(found)


def living(pids: list[int]) -> list[int]:
    """Those of ``pids`` still running (a zombie has ended)."""
    out = []
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue
        if stat.rsplit(")", 1)[1].split()[0] != "Z":
            out.append(pid)
    return out


def wait_gone(pids: list[int], timeout: float) -> list[int]:
    """Wait up to ``timeout`` seconds for ``pids`` to end; those still running."""
    deadline = time.monotonic() + timeout
    while (left := living(pids)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def reap() -> None:
    """Collect ended children of this process (orphans a subreaper took in)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
