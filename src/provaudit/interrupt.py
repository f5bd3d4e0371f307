"""Ctrl-C for a command-line run: remembered, so that it cannot be lost.

Python turns SIGINT into a KeyboardInterrupt raised wherever the main thread happens to be. Where
that is a finaliser (a ``__del__``, a weakref callback, a generator closed by the garbage
collector), Python prints "Exception ignored in ..." and carries on: the signal is spent and the
run would go on to write its reports and exit 0. So the command line runs under :func:`handled`,
which records the interrupt before raising, and the places a run passes often (each result of an
engine's map, the phase boundaries of a report, the swap of a report set into place) call
:func:`check`, which raises KeyboardInterrupt again once one was recorded. Recorded, the raise
can also wait for the end of a step that must not be cut in half (:func:`deferred`).

Library callers outside such a block are unaffected: :func:`check` then does nothing.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class _State:
    requested = False
    deferring = 0  # how many deferred() blocks are open


@contextmanager
def handled() -> Iterator[None]:
    """SIGINT handled by :func:`handler` inside the block, the handler before it restored after.
    Only Python's default handler is replaced, and only in the main thread (the only one that
    may set handlers): a SIGINT the process was started ignoring (a background job of a shell)
    stays ignored, as Python leaves it, and a caller's own handler is left alone."""
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield
        return
    _State.requested = False
    signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        _State.requested = False


def handler(signum: int, frame: FrameType | None) -> None:
    """Record the interrupt, then raise KeyboardInterrupt as Python's own handler does (at the
    end of the block, inside :func:`deferred`)."""
    _State.requested = True
    if not _State.deferring:
        raise KeyboardInterrupt


@contextmanager
def deferred() -> Iterator[None]:
    """A block that a Ctrl-C does not cut short: one arriving inside it raises at its end.
    For steps that must not be left half done (starting a worker process)."""
    _State.deferring += 1
    try:
        yield
    finally:
        _State.deferring -= 1
    check()


def requested() -> bool:
    """Whether SIGINT arrived inside the current :func:`handled` block."""
    return _State.requested


def check() -> None:
    """Raise KeyboardInterrupt if SIGINT arrived: a run interrupted once stays interrupted,
    even where the first KeyboardInterrupt was swallowed."""
    if _State.requested:
        raise KeyboardInterrupt
