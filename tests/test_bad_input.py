"""Hostile and broken input: every case gets one clear line naming the file and the problem
(exit 2) or a flag in the report — never a traceback, a partial report, or a changed corpus."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from provaudit import schemas
from provaudit.cli import cli
from provaudit.evaluation.harness import local_server

from conftest import CORPUS, assert_one_line, seeds_plus

UK = "Рада ухвалила закон про захист журналістів. Голова комітету заявив, що документ набуде чинності.\n"
ZH = "董事会周二宣布，首席执行官将于下月辞职。公司表示正在寻找继任者，并将在年底前公布结果。\n"
EN = "The council voted on Tuesday to build a tidal barrier across the estuary mouth.\n"


def audit_ok(runner: CliRunner, path: Path, *args: str) -> dict:  # type: ignore[type-arg]
    """Audit ``path``; the report must come out whole and valid."""
    result = runner.invoke(cli, ["audit", str(path), "--include-text", *args])
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    assert schemas.errors("corpus-report", report) == []
    return report


# --- files refused with one line ------------------------------------------------------------

REFUSED: list[tuple[str, bytes, str]] = [
    ("empty.txt", b"", "empty file"),
    ("spaces.txt", b" \t\n\r\n   \n", "only white space"),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "PNG image"),
    ("nul.txt", b"text\x00\x00\x00more\x00" * 200 + b"\xff\xfe\x00", "binary"),
    ("doc.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
    ("archive.txt", b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "ZIP"),
    ("controls.txt", bytes(range(1, 9)) * 500, "control characters"),
]


@pytest.mark.parametrize(("name", "data", "fragment"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_files(
    runner: CliRunner, tmp_path: Path, name: str, data: bytes, fragment: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert_one_line(runner.invoke(cli, ["audit", str(path)]), str(path), fragment)
    assert_one_line(
        runner.invoke(cli, ["ingest", str(path), "--corpus", str(tmp_path / "c")]), fragment
    )
    assert not (tmp_path / "c").exists()


def test_missing_file_and_directory(runner: CliRunner, tmp_path: Path) -> None:
    assert_one_line(
        runner.invoke(cli, ["audit", str(tmp_path / "nope.txt")]), "nope.txt", "no such file"
    )
    assert_one_line(runner.invoke(cli, ["audit", str(tmp_path)]), str(tmp_path), "directory")


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    """A 100 MB file is refused by its size, with bounded memory, in a real process."""
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(100 * 1024 * 1024)  # sparse: costs no disk
    code = (
        "import sys\n"
        "from provaudit.cli import cli\n"
        "try:\n"
        f"    cli(['audit', {str(path)!r}], prog_name='provaudit')\n"
        "except SystemExit as exc:\n"
        # VmHWM is this process image's peak (ru_maxrss would include the parent's before exec).
        "    rss = next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
        "    print(exc.code, rss, file=sys.stdout)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    status, rss_kib = out.stdout.split()
    assert status == "2"
    assert "104,857,600 bytes is over the 20,971,520-byte limit" in out.stderr
    assert int(rss_kib) < 200 * 1024  # far below the file's 100 MB: nothing was read


# --- files read, with a flag where something was wrong --------------------------------------


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (UK.encode("cp1251"), UK, "cp1251"),
        (ZH.encode("gb18030"), ZH, "gb18030"),
        (UK.encode("utf-16"), UK, "utf-16"),
        (b"\xef\xbb\xbf" + EN.encode(), EN, "utf-8"),
    ],
    ids=["cp1251", "gb18030", "utf-16-bom", "utf-8-bom"],
)
def test_encodings_come_out_right(
    runner: CliRunner, tmp_path: Path, data: bytes, text: str, encoding: str
) -> None:
    path = tmp_path / "source.txt"
    path.write_bytes(data)
    (source,) = audit_ok(runner, path)["sources"]
    assert source["text"] == text.strip()
    assert source["encoding"] == encoding
    assert source["warnings"] == []


def test_invalid_utf8_is_flagged_not_fatal(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    # Valid UTF-8 (with non-ASCII letters) but for two stray bytes.
    path.write_bytes((EN * 40 + "café naïve ").encode() + b"\xff stray \xc3 end\n")
    (source,) = audit_ok(runner, path)["sources"]
    assert source["warnings"] == ["2 invalid UTF-8 byte sequence(s) replaced with U+FFFD"]
    assert "\ufffd" in source["text"]


def test_short_utf8_with_stray_bytes_is_flagged_not_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "short.txt"
    # Too short for the 0.1% rule, and no legacy encoding fits its UTF-8 punctuation either.
    path.write_bytes(("Zürich, Köln and Genève: “quoted” text. " * 20).encode() + b"\xff\xfe x\n")
    (source,) = audit_ok(runner, path)["sources"]
    assert source["encoding"] == "utf-8"
    assert source["warnings"] == ["2 invalid UTF-8 byte sequence(s) replaced with U+FFFD"]
    assert source["text"].startswith("Zürich, Köln and Genève: “quoted” text.")


@pytest.mark.parametrize(
    "make",
    [
        lambda: "x\n" * 50_000,
        lambda: ("word " * 1_000_000).strip() + "\n",
        lambda: ("Ab. " * 200_000) + "\n",
        lambda: (
            "\u0627\u0644\u0633\u0644\u0627\u0645 \u05e9\u05dc\u05d5\u05dd e\u0301\U0001f600 "
            * 20_000
        ),
    ],
    ids=["50k-one-char-lines", "5mb-single-line", "800k-tiny-sentences", "rtl-astral-combining"],
)
def test_degenerate_text_gives_a_whole_report(
    runner: CliRunner, tmp_path: Path, make: Callable[[], str]
) -> None:
    path = tmp_path / "odd.txt"
    path.write_text(make(), encoding="utf-8")
    report = audit_ok(runner, path)
    assert len(report["sources"]) == 1


HTML_CASES = {
    "unclosed.html": "<html><body><p>" + EN * 3 + "<div><span><b>never closed",
    "nested.html": "<html><body>"
    + "<div>" * 3000
    + "<p>"
    + EN * 5
    + "</p>"
    + "</div>" * 3000
    + "</body></html>",
    "garbage.html": "<!DOCTYPE html><html><<<>>><p>" + EN * 4 + "</p><//p></html",
    "scripts.html": (
        "<!DOCTYPE html><html><head><title>x</title></head><body><article>"
        f"<p>{EN * 3}</p><script>alert('x')</script><img src=x onerror=alert(1)>"
        f'<p><a href="javascript:alert(1)">click</a> {EN}</p></article></body></html>'
    ),
}


@pytest.mark.parametrize("name", sorted(HTML_CASES))
def test_malformed_html_gives_a_report_or_one_line(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    path.write_text(HTML_CASES[name], encoding="utf-8")
    result = runner.invoke(cli, ["audit", str(path), "--include-text"])
    if result.exit_code == 2:
        assert_one_line(result, str(path))
        return
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert schemas.errors("corpus-report", report) == []
    text = report["sources"][0]["text"]
    assert "alert(" not in text  # scripts are not article text


# --- hostile manifests ------------------------------------------------------------------------


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    return root


def _edit_manifest(root: Path, edit: Callable[[dict], None]) -> None:  # type: ignore[type-arg]
    path = root / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    edit(manifest)
    path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")


MANIFEST_CASES: dict[str, tuple[Callable[[dict], None], str]] = {  # type: ignore[type-arg]
    "dotdot-path": (
        lambda m: m["sources"][0].update(path="../../etc/passwd"),
        "sources/0/path: '../../etc/passwd' is not valid (the source file, relative to the "
        "corpus root, inside it: no absolute path, no '..' segment",
    ),
    "absolute-path": (
        lambda m: m["sources"][0].update(path="/etc/passwd"),
        "sources/0/path: '/etc/passwd' is not valid",
    ),
    "duplicate-id": (lambda m: m["sources"][1].update(id=m["sources"][0]["id"]), "duplicate id"),
    "wrong-hash": (
        lambda m: m["sources"][3].update(sha256="0" * 64),
        "does not match the manifest",
    ),
    "unknown-field": (lambda m: m["sources"][0].update(secret=1), "'secret' was unexpected"),
    "wrong-type": (lambda m: m["sources"][0].update(outlet=42), "sources/0/outlet"),
    "not-a-list": (lambda m: m.update(sources={"a": 1}), "sources"),
}


@pytest.mark.parametrize("case", sorted(MANIFEST_CASES))
def test_hostile_manifests_are_named_by_validate(
    runner: CliRunner, corpus: Path, case: str
) -> None:
    edit, fragment = MANIFEST_CASES[case]
    _edit_manifest(corpus, edit)
    result = runner.invoke(cli, ["validate", str(corpus)])
    assert result.exit_code == 1, result.output
    assert fragment in result.stdout
    assert "Traceback" not in result.output
    # Reading such a corpus for a report stops at the first problem, with one line.
    out = corpus.parent / "reports"
    assert_one_line(runner.invoke(cli, ["report", str(corpus), "-o", str(out)]))
    assert not out.exists()


def test_symlink_leaving_the_corpus(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not part of the corpus", encoding="utf-8")
    victim = corpus / "sources" / "001_d59850ac6dcf6ec6.txt"
    victim.unlink()
    victim.symlink_to(secret)
    result = runner.invoke(cli, ["validate", str(corpus)])
    assert result.exit_code == 1
    assert f"{victim}: resolves (through a symlink) outside the corpus directory" in result.stdout
    assert_one_line(
        runner.invoke(cli, ["report", str(corpus), "-o", str(tmp_path / "r")]), "symlink"
    )


@pytest.mark.parametrize("content", ["", "[]", "null", '{"schema_version": "1.0"', "\xff\xfe"])
def test_unusable_manifest_json(runner: CliRunner, corpus: Path, content: str) -> None:
    (corpus / "manifest.json").write_bytes(content.encode("latin-1"))
    result = runner.invoke(cli, ["validate", str(corpus)])
    assert result.exit_code in (1, 2)
    if result.exit_code == 2:
        assert_one_line(result, "manifest.json")
    assert "Traceback" not in result.output


# --- URLs, against a server on 127.0.0.1 --------------------------------------------------------

BIG_RESPONSE = 200 * 1024 * 1024


class _Hostile(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(2)
            self.send_response(200)
            self.end_headers()
        elif self.path == "/drip":  # headers at once, then a byte a while: an overall deadline
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b"a")
                    self.wfile.flush()
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif self.path == "/500":
            self.send_response(500)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path.startswith("/loop"):
            self.send_response(301)
            self.send_header("Location", "/loop-again" if self.path == "/loop" else "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/missing":
            self.send_error(404)
        elif self.path == "/200mb":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            chunk = b"a" * (1 << 20)
            try:
                for _ in range(BIG_RESPONSE // len(chunk)):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass


@pytest.fixture(scope="module")
def hostile() -> Iterator[str]:
    with local_server(_Hostile) as url:
        yield url


@pytest.mark.parametrize(
    ("path", "args", "fragment"),
    [
        ("/slow", ["--timeout", "0.5"], "timed out"),
        ("/drip", ["--timeout", "1"], "timed out"),
        ("/500", [], "HTTP 500"),
        ("/missing", [], "HTTP 404"),
        ("/loop", [], "redirect"),
        ("/200mb", [], "20,971,520-byte limit"),
    ],
)
def test_hostile_urls(
    runner: CliRunner, hostile: str, tmp_path: Path, path: str, args: list[str], fragment: str
) -> None:
    url = hostile + path
    assert_one_line(runner.invoke(cli, ["audit", url, *args]), url, fragment)
    assert_one_line(
        runner.invoke(cli, ["ingest", url, "--corpus", str(tmp_path / "c"), *args]), fragment
    )
    assert not (tmp_path / "c").exists()


# --- interrupted and concurrent runs ---------------------------------------------------------


def _big_corpus(root: Path, n: int = 60) -> Path:
    """A corpus slow enough to interrupt: the seeds plus n generated sources."""
    words = (CORPUS / "sources" / "004_5194679c34ef4e42.txt").read_text(encoding="utf-8").split()
    return seeds_plus(
        root, {f"gen{i:03d}": " ".join(words[i:] + words[:i]).encode() for i in range(n)}
    )


def _provaudit(*args: str) -> list[str]:
    return [sys.executable, "-m", "provaudit", *args]


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_killed_run_leaves_the_previous_report_set_or_the_new_one(tmp_path: Path) -> None:
    """Killed at any moment (the analysis, the join, writing the files), a run leaves the
    whole previous set or the whole new one, never a mix; the next run removes what the
    killed ones left beside it."""
    root = _big_corpus(tmp_path / "corpus")
    out = tmp_path / "reports"
    subprocess.run(_provaudit("report", str(root), "-o", str(out), "-q"), check=True, timeout=300)
    previous = _tree(out)
    # Change the corpus so that a finished run writes a different set.
    _edit_manifest(root, lambda m: m.update(description="changed"))
    fresh = tmp_path / "fresh"
    subprocess.run(_provaudit("report", str(root), "-o", str(fresh), "-q"), check=True, timeout=300)
    new = _tree(fresh)
    assert new != previous
    for delay in (0.5, 1.0, 2.0, 3.0, 4.0, 6.0):
        proc = subprocess.Popen(
            _provaudit("report", str(root), "-o", str(out), "-q"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        now = _tree(out)
        assert now in (previous, new), sorted(
            name for name in now.keys() | previous.keys() if now.get(name) != previous.get(name)
        )
        if now == new:  # start again from the previous set
            shutil.rmtree(out)
            for name, data in previous.items():
                (out / name).parent.mkdir(parents=True, exist_ok=True)
                (out / name).write_bytes(data)
    subprocess.run(_provaudit("report", str(root), "-o", str(out), "-q"), check=True, timeout=300)
    assert _tree(out) == new
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "fresh", "reports"]


def test_two_concurrent_runs_leave_a_valid_report(tmp_path: Path) -> None:
    root = _big_corpus(tmp_path / "corpus", n=20)
    out = tmp_path / "reports"
    procs = [
        subprocess.Popen(
            _provaudit("report", str(root), "-o", str(out), "-q"), stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    result = subprocess.run(
        _provaudit("validate", str(root), "--reports", str(out)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


HOSTILE_TEXT = (
    "Officials said the plan would cost $4 billion. <script>alert('x')</script>\n"
    'See <img src=x onerror="alert(1)"> and <a href="javascript:alert(2)">this link</a>.\n'
    "“<b onmouseover=alert(3)>quoted markup</b>,” the spokesman said.\n"
)


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_markup_in_a_source_never_reaches_a_report_unescaped(
    runner: CliRunner, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE_TEXT, encoding="utf-8")
    result = runner.invoke(cli, ["audit", str(path), "--format", fmt])
    assert result.exit_code == 0, result.output
    out = result.stdout
    for raw in ("<script>alert", "<img src=x", '<a href="javascript:', "<b onmouseover"):
        assert raw not in out
    if fmt == "html":
        assert "&lt;script&gt;alert(" in out
        assert "<script" not in out.lower()  # the page itself runs no script at all
