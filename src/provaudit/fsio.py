"""Atomic writes: a file (a temporary file beside it, fsynced, renamed over), or a whole
directory of files (a report set: a temporary directory beside it, swapped in).

A reader (or a run killed mid-way) sees either the old file or set or the new one, never a part.
A write the environment refuses (a read-only directory, a full disk, a parent that is a
regular file) raises OutputError naming the path: the user's to fix, not a bug.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import OutputError


def atomic_write_bytes(path: Path, data: bytes, *, sync: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically (creating parent directories). With
    ``sync=False`` the data is not flushed to disk here: the caller syncs a batch at once."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if sync:
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


def check_output_path(path: Path) -> None:
    """Refuse at once an output ``path`` that could never be written because a regular file
    stands where one of its directories should be: before a long run, not after it."""
    for parent in reversed(path.parents):
        if parent.exists() and not parent.is_dir():
            raise OutputError(str(parent), f"is a file, so {path} cannot be written under it")


def output_error(exc: OSError, path: Path) -> OutputError:
    """``exc``, raised writing ``path``, as a one-line OutputError naming the path at fault."""
    if isinstance(exc, (NotADirectoryError, FileExistsError)):
        try:
            check_output_path(path)
        except OutputError as blocked:
            return blocked
    subject = exc.filename if isinstance(exc.filename, str) else str(path)
    reason = exc.strerror or exc.__class__.__name__
    return OutputError(subject, f"cannot be written ({reason})")


# --- Report sets ------------------------------------------------------------------------------

# A set's temporary directories sit beside its output directory, named after it, the writing
# process and what they hold: ".reports.1234.provaudit-new" (being written) and
# ".reports.1234.provaudit-old" (the set it replaced, being removed). A run that was killed
# leaves them behind; the next run removes those whose process is gone.
SET_MARK = "provaudit"
# Linux's renameat2 flag that swaps two paths in one step (glibc >= 2.28, most filesystems).
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@contextlib.contextmanager
def replacing_directory(target: Path, owned: Callable[[str], bool]) -> Iterator[Path]:
    """A new, empty directory beside ``target`` to write a whole set of files into. When the
    block ends without an error, it takes ``target``'s place in one rename (Linux: an atomic
    exchange; elsewhere two renames, between which ``target`` is briefly absent) and the old
    set is removed; a reader, or a run killed at any point, sees the old set or the new one,
    never a mix. On an error ``target`` is left as it was.

    ``owned(name)`` says whether an entry of an existing ``target`` belongs to the set: a
    directory holding anything else is refused, so that a swap never throws away a user's files.
    An OSError (read-only, full disk, a path under a regular file) becomes an OutputError naming
    the path.
    """
    target = Path(os.path.abspath(target))
    new = _set_dir(target, "new")
    try:
        _check_target(target, owned)
        remove_stale_sets(target)
        new.mkdir(parents=True)
        yield new
        _fsync_tree(new)
        old = _swap(new, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        if isinstance(exc, NotADirectoryError | FileExistsError):
            raise output_error(exc, target) from None
        raise OutputError(_named(exc, new, target), _problem(exc)) from None
    finally:
        if new.exists():
            shutil.rmtree(new, ignore_errors=True)


def remove_stale_sets(target: Path) -> list[Path]:
    """Remove the temporary directories of ``target``'s sets left by runs that are gone."""
    removed: list[Path] = []
    if not target.parent.is_dir():
        return removed
    prefix = f".{target.name}."
    for entry in target.parent.iterdir():
        name = entry.name
        if not (name.startswith(prefix) and name.rsplit(".", 1)[-1].startswith(f"{SET_MARK}-")):
            continue
        pid = name[len(prefix) :].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _set_dir(target: Path, kind: str) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.{SET_MARK}-{kind}")


def _check_target(target: Path, owned: Callable[[str], bool]) -> None:
    if not target.exists():
        return
    if not target.is_dir():
        raise OutputError(str(target), "exists and is not a directory")
    foreign = sorted(e.name for e in target.iterdir() if not owned(e.name))
    if foreign:
        raise OutputError(
            str(target),
            f"holds files that are not reports ({', '.join(foreign[:3])}"
            f"{', ...' if len(foreign) > 3 else ''}); write reports to a directory of their own",
        )


def _alive(pid: int) -> bool:
    # Where it cannot be known (Windows), a directory named by a process is taken as stale.
    return pid == os.getpid() or bool(process_exists(pid))


def process_exists(pid: int) -> bool | None:
    """Whether process ``pid`` exists (None where that cannot be asked: on Windows, signal 0
    would end the process)."""
    if os.name != "posix":
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's
        return True
    return True


def _fsync_tree(root: Path) -> None:
    """Flush every file of ``root`` and the directories to disk before the swap, so that a
    crash of the machine cannot swap in a set whose files are not all there. On Linux one
    syncfs of the filesystem: an fsync a file took 40% of writing a set of 300 pages (3.6 ms
    each, one page a source)."""
    fd = os.open(root, os.O_RDONLY)
    try:
        if _syncfs(fd):
            return
    finally:
        os.close(fd)
    for directory, _, files in os.walk(root):
        for name in files:
            fd = os.open(os.path.join(directory, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(directory))


def _syncfs(fd: int) -> bool:
    """Flush the filesystem holding ``fd`` to disk (Linux's syncfs); False where there is none."""
    libc = _libc()
    syncfs = getattr(libc, "syncfs", None) if libc is not None else None
    if syncfs is None:
        return False
    if syncfs(fd) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))
    return True


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _swap(new: Path, target: Path) -> Path | None:
    """Put ``new`` in ``target``'s place; where the old ``target`` went (to remove), or None."""
    for _ in range(3):  # another run may create or swap ``target`` between the steps
        if os.path.lexists(target):
            if _exchange(new, target):
                _fsync_dir(target.parent)
                return new  # ``new`` now names the old set
            old = _set_dir(target, "old")
            os.rename(target, old)
            os.rename(new, target)
            _fsync_dir(target.parent)
            return old
        try:
            os.rename(new, target)
        except OSError as exc:
            if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):
                continue
            raise
        _fsync_dir(target.parent)
        return None
    raise OSError(errno.EBUSY, "replaced by another run while being written", str(target))


def _exchange(a: Path, b: Path) -> bool:
    """Swap paths ``a`` and ``b`` in one step (renameat2 RENAME_EXCHANGE); False when the
    system cannot (not Linux, an old C library, a filesystem without it)."""
    libc = _libc()
    renameat2 = getattr(libc, "renameat2", None) if libc is not None else None
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(b))


@functools.cache
def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def _named(exc: OSError, new: Path, target: Path) -> str:
    """The path an OSError is about, as the user named it: inside the set being written, the
    same path under ``target``."""
    name = exc.filename
    if not isinstance(name, str | bytes):
        return str(target)
    path = Path(os.fsdecode(name))
    try:
        return str(target / path.relative_to(new))
    except ValueError:
        return str(path)


def _problem(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "cannot be written: no space left on the device"
    return f"cannot be written ({exc.strerror or exc})"
