"""Fetching a source from a URL: http(s) only, with an overall deadline, a size cap and a
redirect limit; every failure is a one-line FetchError naming the URL."""

from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message

from .errors import FetchError

# Whole-request deadline in seconds (connect, headers and body together).
DEFAULT_TIMEOUT = 20.0
# Redirects followed before giving up; browsers stop at 20, 5 covers real news sites.
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024
USER_AGENT = "provaudit (source-provenance audit)"


@dataclass(frozen=True, slots=True)
class Fetched:
    """The body of a fetched URL and what its headers say about it."""

    url: str
    final_url: str
    data: bytes
    media_type: str | None
    charset: str | None


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS
    max_repeats = 2


def is_url(value: str) -> bool:
    """True for an http:// or https:// URL."""
    return value.lower().startswith(("http://", "https://"))


def fetch_url(url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int) -> Fetched:
    """GET ``url`` and return its body; raises FetchError on any failure."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(url, "only http:// and https:// URLs with a host can be fetched")
    opener = urllib.request.build_opener(_LimitedRedirects())
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError(
                    url, f"response of {int(length):,} bytes is over the {max_bytes:,}-byte limit"
                )
            chunks: list[bytes] = []
            size = 0
            while True:
                if time.monotonic() > deadline:
                    raise FetchError(url, f"timed out after {timeout:g} s")
                chunk = response.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(url, f"response is over the {max_bytes:,}-byte limit")
                chunks.append(chunk)
            headers: Message = response.headers
            final_url = response.geturl()
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        exc.close()  # it holds the response's socket
        if 300 <= exc.code < 400:
            raise FetchError(url, f"too many redirects (HTTP {exc.code})") from None
        raise FetchError(url, f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise FetchError(url, f"timed out after {timeout:g} s") from None
        raise FetchError(url, f"cannot connect ({reason})") from None
    except TimeoutError:
        raise FetchError(url, f"timed out after {timeout:g} s") from None
    except (http.client.HTTPException, OSError) as exc:
        raise FetchError(url, f"connection failed ({exc.__class__.__name__}: {exc})") from None
    media_type = headers.get_content_type() if headers.get("Content-Type") else None
    return Fetched(url, final_url, b"".join(chunks), media_type, headers.get_content_charset())
