"""Fetching a source from a URL: http(s) only, with an overall deadline, a size cap and a
redirect limit; every failure is a one-line FetchError naming the URL.

The deadline covers the whole request (connect, headers, body, every redirect): each socket
operation gets at most the time left, the body is read a few KiB at a time with the clock
checked between reads, and a watchdog shuts the socket down when the time is up, so a server
that trickles its headers or body a byte at a time cannot hold a run past ``timeout``.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
import urllib.parse
from dataclasses import dataclass
from email.message import Message

from .errors import FetchError

# Whole-request deadline in seconds (connect, headers and body together).
DEFAULT_TIMEOUT = 20.0
# Redirects followed before giving up; browsers stop at 20, 5 covers real news sites.
MAX_REDIRECTS = 5
# Largest single read: small, so that the deadline is checked often on a slow body (a read
# returns whatever has arrived, up to this much).
_CHUNK = 4 * 1024
USER_AGENT = "provaudit (source-provenance audit)"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_SCHEMES = ("http", "https")


@dataclass(frozen=True, slots=True)
class Fetched:
    """The body of a fetched URL and what its headers say about it."""

    url: str
    final_url: str
    data: bytes
    media_type: str | None
    charset: str | None


def is_url(value: str) -> bool:
    """True for an http:// or https:// URL."""
    return value.lower().startswith(("http://", "https://"))


class _TimedOut(Exception):
    """The overall deadline passed (turned into a FetchError naming the URL)."""


class _Deadline:
    """A monotonic deadline, and a watchdog that shuts down the current socket when it passes."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.end = time.monotonic() + timeout
        self.expired = False
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(timeout, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def left(self) -> float:
        """Seconds left; raises _TimedOut when there are none."""
        left = self.end - time.monotonic()
        if left <= 0 or self.expired:
            raise _TimedOut
        return left

    def watch(self, sock: socket.socket | None) -> None:
        with self._lock:
            self._sock = sock
            if self.expired and sock is not None:
                _shutdown(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            if self._sock is not None:
                _shutdown(self._sock)

    def cancel(self) -> None:
        self._timer.cancel()


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


def _checked_url(url: str, original: str) -> urllib.parse.SplitResult:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in _SCHEMES or not parts.hostname:
        if url == original:
            raise FetchError(original, "only http:// and https:// URLs with a host can be fetched")
        shown = url if len(url) <= 80 else url[:77] + "..."
        raise FetchError(original, f"redirected to {shown!r}, which is not an http(s) URL")
    return parts


def _connection(parts: urllib.parse.SplitResult, left: float) -> http.client.HTTPConnection:
    try:
        port = parts.port
    except ValueError:
        port = None
    if parts.scheme.lower() == "https":
        return http.client.HTTPSConnection(
            parts.hostname or "", port, timeout=left, context=ssl.create_default_context()
        )
    return http.client.HTTPConnection(parts.hostname or "", port, timeout=left)


def fetch_url(url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int) -> Fetched:
    """GET ``url`` and return its body; raises FetchError on any failure.

    A body shorter than its Content-Length (the connection closed early) is refused: a
    truncated page would be hashed and audited as if it were the page.
    """
    deadline = _Deadline(timeout)
    try:
        return _fetch(url, deadline, max_bytes)
    except _TimedOut:
        raise FetchError(url, f"timed out after {timeout:g} s") from None
    except FetchError:
        raise
    except TimeoutError:
        raise FetchError(url, f"timed out after {timeout:g} s") from None
    except (http.client.HTTPException, OSError) as exc:
        if deadline.expired:
            raise FetchError(url, f"timed out after {timeout:g} s") from None
        if isinstance(exc, (socket.gaierror, ConnectionRefusedError)):
            raise FetchError(url, f"cannot connect ({exc})") from None
        raise FetchError(url, f"connection failed ({exc.__class__.__name__}: {exc})") from None
    finally:
        deadline.cancel()


def _fetch(url: str, deadline: _Deadline, max_bytes: int) -> Fetched:
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        parts = _checked_url(current, url)
        target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        conn = _connection(parts, deadline.left())
        response: http.client.HTTPResponse | None = None
        try:
            conn.connect()
            # Kept: the connection lets go of its socket once a closing response is read.
            sock: socket.socket = conn.sock
            deadline.watch(sock)
            sock.settimeout(deadline.left())
            conn.request(
                "GET",
                target,
                headers={"User-Agent": USER_AGENT, "Accept": "*/*", "Accept-Encoding": "identity"},
            )
            sock.settimeout(deadline.left())
            response = conn.getresponse()
            if response.status in _REDIRECTS:
                location = response.headers.get("Location")
                if not location:
                    raise FetchError(url, f"HTTP {response.status} redirect without a Location")
                current = urllib.parse.urljoin(current, location.strip())
                continue
            if response.status != 200:
                raise FetchError(url, f"HTTP {response.status} {response.reason}")
            data = _read_body(url, response, sock, deadline, max_bytes)
            headers: Message = response.headers
        finally:
            deadline.watch(None)
            if response is not None:
                response.close()  # it may hold the socket after the connection let go of it
            conn.close()
        media_type = headers.get_content_type() if headers.get("Content-Type") else None
        return Fetched(url, current, data, media_type, headers.get_content_charset())
    raise FetchError(url, f"too many redirects (more than {MAX_REDIRECTS})")


def _read_body(
    url: str,
    response: http.client.HTTPResponse,
    sock: socket.socket,
    deadline: _Deadline,
    max_bytes: int,
) -> bytes:
    length = response.headers.get("Content-Length")
    declared = int(length) if length and length.strip().isdigit() else None
    if declared is not None and declared > max_bytes:
        raise FetchError(
            url, f"response of {declared:,} bytes is over the {max_bytes:,}-byte limit"
        )
    chunks: list[bytes] = []
    size = 0
    while True:
        sock.settimeout(deadline.left())
        try:
            chunk = response.read1(_CHUNK)
        except http.client.IncompleteRead as exc:
            raise FetchError(url, f"the connection closed mid-body ({exc})") from None
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(url, f"response is over the {max_bytes:,}-byte limit")
        chunks.append(chunk)
    deadline.left()  # the last read may have ended because the watchdog shut the socket
    if declared is not None and size < declared:
        raise FetchError(
            url, f"body ended after {size:,} of the {declared:,} bytes its Content-Length declares"
        )
    return b"".join(chunks)
