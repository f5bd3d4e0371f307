"""Reliability, round two (issue 20): a real fetch deadline, safe redirects, truncated bodies,
only regular files read, a strict manifest, a corpus lock, environment errors as input errors,
bidi controls neutralised, and a cost bound on hostile sources. Servers are on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from provaudit.cli import cli

EN = "The council voted on Tuesday to build a tidal barrier across the estuary mouth.\n"


def assert_one_line(result: Result, *fragments: str) -> str:
    """Exit 2, empty stdout, exactly one line on stderr containing every fragment."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


# --- fetching ---------------------------------------------------------------------------------


class _Hostile(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

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

    def do_GET(self) -> None:
        if self.path == "/drip":  # headers at once, then a byte a second
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "30")
            self.end_headers()
            self._drip(b"a" * 30, 1.0)
        elif self.path == "/drip-headers":  # the status line and headers a byte at a time
            self._drip(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" + b"X: y\r\n" * 20, 0.2)
        elif self.path.startswith("/to/"):
            target = {"ftp": "ftp://127.0.0.1/pub/x.txt", "file": "file:///etc/passwd"}.get(
                self.path[4:], "data:text/plain,hello"
            )
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
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
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()


@pytest.fixture(scope="module")
def hostile() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize("path", ["/drip", "/drip-headers"])
def test_timeout_is_an_overall_deadline(runner: CliRunner, hostile: str, path: str) -> None:
    started = time.monotonic()
    result = runner.invoke(cli, ["audit", hostile + path, "--timeout", "1.5"])
    elapsed = time.monotonic() - started
    assert_one_line(result, hostile + path, "timed out after 1.5 s")
    assert elapsed < 4, elapsed


@pytest.mark.parametrize("scheme", ["ftp", "file", "data"])
def test_redirects_only_to_http(
    runner: CliRunner, hostile: str, tmp_path: Path, scheme: str
) -> None:
    url = f"{hostile}/to/{scheme}"
    line = assert_one_line(runner.invoke(cli, ["audit", url]), url, "not an http(s) URL")
    assert "too many redirects" not in line
    result = runner.invoke(cli, ["ingest", url, "--corpus", str(tmp_path / "c")])
    assert_one_line(result, "not an http(s) URL")
    assert not (tmp_path / "c").exists()


def test_a_body_shorter_than_its_length_is_refused(
    runner: CliRunner, hostile: str, tmp_path: Path
) -> None:
    url = hostile + "/short"
    assert_one_line(runner.invoke(cli, ["audit", url]), url, "Content-Length")
    result = runner.invoke(cli, ["ingest", url, "--corpus", str(tmp_path / "c")])
    assert_one_line(result, "Content-Length")
    assert not (tmp_path / "c").exists()


def test_a_redirect_within_http_is_followed(
    runner: CliRunner, hostile: str, tmp_path: Path
) -> None:
    result = runner.invoke(cli, ["ingest", hostile + "/hop", "--corpus", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    manifest = (tmp_path / "c" / "manifest.json").read_text(encoding="utf-8")
    assert hostile + "/ok" in manifest
