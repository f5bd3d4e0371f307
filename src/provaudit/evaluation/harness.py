"""What the robustness bench (``bench/robustness.py``) and the reliability tests both run
against: a local HTTP server that misbehaves (:class:`HostileHandler`; 127.0.0.1 only, nothing
leaves the machine), and the processes below a process, read from /proc (Linux): for the checks
that a run's workers end with it and for sampling a run's memory (``bench/memory.py``); and a
corpus grown from another by added plain-text sources (:func:`corpus_plus`), for the runs long
enough to interrupt (tests/test_lifecycle.py, ``bench/interrupts.py``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# The one sentence the hostile server's bodies carry.
EN = "The council voted on Tuesday to build a tidal barrier across the estuary mouth.\n"


# --- a local server ------------------------------------------------------------------------------


@contextmanager
def local_server(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 (a free port) answering with ``handler``; yields its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


class HostileHandler(BaseHTTPRequestHandler):
    """A server that trickles, redirects out of http(s) and sends less than it promised:

    - ``/drip``: the headers at once, then DRIP_BYTES body bytes, one every DRIP_PAUSE seconds;
    - ``/drip-headers``: the status line and HEADER_LINES header lines, a byte every
      HEADER_PAUSE seconds;
    - ``/to/ftp``, ``/to/file``, ``/to/data``: a redirect to that scheme;
    - ``/short``: a body 500 bytes shorter than its Content-Length;
    - ``/ok``: :data:`EN` as text; ``/hop``: a redirect to ``/ok``.

    The pauses and lengths are class attributes so that a subclass can trickle for longer (the
    bench) or shorter (the tests) than a given deadline.
    """

    protocol_version = "HTTP/1.1"
    DRIP_BYTES = 30
    DRIP_PAUSE = 1.0
    HEADER_LINES = 20
    HEADER_PAUSE = 0.2

    def log_message(self, *args: object) -> None:
        pass

    def _drip(self, data: bytes, pause: float) -> None:
        try:
            for i in range(len(data)):
                self.wfile.write(data[i : i + 1])
                self.wfile.flush()
                time.sleep(pause)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _redirect(self, status: int, location: str) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        if self.path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(self.DRIP_BYTES))
            self.end_headers()
            self._drip(b"a" * self.DRIP_BYTES, self.DRIP_PAUSE)
        elif self.path == "/drip-headers":
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
            self._drip(head + b"X: y\r\n" * self.HEADER_LINES, self.HEADER_PAUSE)
        elif self.path.startswith("/to/"):
            target = {"ftp": "ftp://127.0.0.1/pub/x.txt", "file": "file:///etc/passwd"}.get(
                self.path[4:], "data:text/plain,hello"
            )
            self._redirect(302, target)
        elif self.path == "/short":
            body = EN.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body) + 500))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
            self.close_connection = True
        elif self.path == "/ok":
            body = EN.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/hop":
            self._redirect(301, "/ok")


# --- the processes below a process ---------------------------------------------------------------


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


# --- a corpus grown by added sources --------------------------------------------------------------


def corpus_plus(corpus: Path, root: Path, extra: dict[str, bytes]) -> Path:
    """A copy of the corpus at ``corpus`` at ``root`` with ``extra`` plain-text sources added
    (``{id: bytes}``, stored as sources/<id>.txt and listed in the manifest)."""
    shutil.copytree(corpus, root)
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    for source_id, data in extra.items():
        name = f"sources/{source_id}.txt"
        (root / name).write_bytes(data)
        manifest["sources"].append(
            {
                "id": source_id,
                "path": name,
                "sha256": hashlib.sha256(data).hexdigest(),
                "outlet": None,
                "url": None,
                "published": None,
                "media_type": "text/plain",
            }
        )
    (root / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return root


# The shipped corpus's longest plain-text source, the words rotated_corpus rotates.
ROTATED_SOURCE = "sources/004_5194679c34ef4e42.txt"


def rotated_corpus(corpus: Path, root: Path, n: int, seed_source: str = ROTATED_SOURCE) -> Path:
    """The corpus at ``corpus`` plus ``n`` sources, each the words of its source
    ``seed_source`` (a path inside it) rotated by one more word: a `report -j 2` of 150 of them
    runs for seconds, long enough to be interrupted at any phase."""
    words = (corpus / seed_source).read_text(encoding="utf-8").split()
    extra = {f"gen{i:03d}": " ".join(words[i:] + words[:i]).encode() for i in range(n)}
    return corpus_plus(corpus, root, extra)


# A wrapper that gives a run SIGINT as a terminal's foreground job has it (default
# disposition, unblocked) and then becomes it (exec: same process). Without it the run
# inherits its starter's: a process started in the background by a non-interactive shell
# (`cmd &`) ignores SIGINT, and so would the run, rightly running to its end when signalled.
_AS_A_FOREGROUND_JOB = (
    "import os, signal, sys; "
    "signal.signal(signal.SIGINT, signal.SIG_DFL); "
    "signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT}); "
    "os.execv(sys.executable, [sys.executable, *sys.argv[1:]])"
)


def as_foreground_job(python_args: list[str]) -> list[str]:
    """The command that runs ``python <python_args>`` with SIGINT as a terminal's foreground
    job has it, whatever this process has."""
    return [sys.executable, "-c", _AS_A_FOREGROUND_JOB, *python_args]
