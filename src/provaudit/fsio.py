"""Atomic file writes: a temporary file in the same directory, fsynced, then renamed over.

A reader (or a run killed mid-way) sees either the old file or the new one, never a part.
A write the environment refuses (a read-only directory, a full disk, a parent that is a
regular file) raises OutputError naming the path: the user's to fix, not a bug.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import OutputError


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (creating parent directories)."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(exc, OSError):
            raise output_error(exc, path) from None
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` encoded as UTF-8, atomically."""
    atomic_write_bytes(path, text.encode("utf-8"))


def output_error(exc: OSError, path: Path) -> OutputError:
    """``exc``, raised writing ``path``, as a one-line OutputError naming the path at fault."""
    if isinstance(exc, (NotADirectoryError, FileExistsError)):
        for parent in reversed(path.parents):
            if parent.exists() and not parent.is_dir():
                return OutputError(str(parent), f"is a file, so {path} cannot be written under it")
    subject = exc.filename if isinstance(exc.filename, str) else str(path)
    reason = exc.strerror or exc.__class__.__name__
    return OutputError(subject, f"cannot be written ({reason})")
