"""The command line: exit codes, stdout and stderr, determinism, URLs on a local server."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from click.testing import CliRunner

from provaudit import schemas
from provaudit.cli import cli
from provaudit.evaluation.harness import local_server

from conftest import CORPUS, DATA, ROOT, SEEDS

SEED_004 = str(SEEDS / "004_5194679c34ef4e42.txt")
UK = "Рада ухвалила закон про захист журналістів. Голова комітету заявив, що документ набуде чинності наступного місяця.\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    return root


def one_line_error(result: object, *fragments: str) -> None:
    """Exit 2, nothing on stdout, one line on stderr mentioning every fragment, no traceback."""
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    assert result.stdout == ""  # type: ignore[attr-defined]
    lines = result.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1, result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in result.stderr  # type: ignore[attr-defined]
    for fragment in fragments:
        assert fragment in lines[0]


# --- help and docs ---------------------------------------------------------------------------


def test_every_command_has_help_and_is_in_the_readme(runner: CliRunner) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        result = runner.invoke(cli, [name, "-h"])
        assert result.exit_code == 0
        assert command.help, name
        assert "Example:" in command.help, name
        assert f"provaudit {name}" in readme, f"README does not document `provaudit {name}`"


def test_python_dash_m_has_the_same_cli() -> None:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "provaudit", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("provaudit, version ")


# --- audit -----------------------------------------------------------------------------------


def test_audit_prints_a_valid_report(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["audit", SEED_004, "--include-text"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert schemas.errors("corpus-report", report) == []
    (source,) = report["sources"]
    assert source["id"] == "004_5194679c34ef4e42"
    assert source["text"] == Path(SEED_004).read_text(encoding="utf-8").strip("\n")
    assert report["corpus"] is None


def test_audit_with_corpus_takes_the_manifest_record(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["audit", SEED_004, "--corpus", str(CORPUS)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["sources"][0]["outlet"] == "marsbit"
    assert report["sources"][0]["published"] == "2026-04-14"
    assert report["corpus"]["source_count"] == 5


def test_audit_reads_html_and_standard_input(runner: CliRunner) -> None:
    html = (DATA / "html" / "article.html").read_bytes()
    result = runner.invoke(cli, ["audit", "-"], input=html)
    assert result.exit_code == 0, result.output
    (source,) = json.loads(result.stdout)["sources"]
    assert source["media_type"] == "text/html"
    assert source["author"] == "Mara Ellison"
    assert source["published"] == "2025-03-04"
    assert source["outlet"] == "The Gull Coast Courier"


def test_audit_output_file_is_written_atomically(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = runner.invoke(cli, ["audit", SEED_004, "-o", str(out)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["sources"][0]["id"].startswith("004")
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_max_bytes_is_configurable(runner: CliRunner) -> None:
    one_line_error(runner.invoke(cli, ["audit", SEED_004, "--max-bytes", "1000"]), "limit")
    env_result = runner.invoke(cli, ["audit", SEED_004], env={"PROVAUDIT_MAX_BYTES": "1000"})
    one_line_error(env_result, "1,000-byte limit")


# --- report and validate ---------------------------------------------------------------------


def test_report_is_deterministic_and_validates(
    runner: CliRunner, corpus: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "r1", tmp_path / "r2"
    for out in (first, second):
        result = runner.invoke(cli, ["report", str(corpus), "-o", str(out)])
        assert result.exit_code == 0, result.output
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert "corpus.json" in names
    assert "pages/s1.html" in names
    assert names == sorted(
        p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file()
    )
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    report = json.loads((first / "corpus.json").read_text(encoding="utf-8"))
    assert schemas.errors("corpus-report", report) == []
    result = runner.invoke(cli, ["validate", str(corpus), "--reports", str(first)])
    assert result.exit_code == 0, result.output


def test_shipped_reports_are_current(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", str(CORPUS), "--reports", str(ROOT / "reports")])
    assert result.exit_code == 0, result.output


def test_validate_names_a_changed_source(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    runner.invoke(cli, ["report", str(corpus), "-o", str(out)])
    path = corpus / "sources" / "001_d59850ac6dcf6ec6.txt"
    data = bytearray(path.read_bytes())
    data[10] = ord("X")
    path.write_bytes(bytes(data))
    result = runner.invoke(cli, ["validate", str(corpus), "--reports", str(out)])
    assert result.exit_code == 1
    assert f"{path}: sha256" in result.stdout
    assert "problem(s)" in result.stderr


def test_validate_finds_stale_and_invalid_reports(
    runner: CliRunner, corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "reports"
    runner.invoke(cli, ["report", str(corpus), "-o", str(out)])
    report_path = out / "corpus.json"
    report = json.loads(report_path.read_text(encoding="utf-8"))
    report["sources"][0]["title"] = "Edited by hand"
    report_path.write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    result = runner.invoke(cli, ["validate", str(corpus), "--reports", str(out)])
    assert result.exit_code == 1
    assert "corpus.json: is stale" in result.stdout
    report["sources"][0]["stats"] = "many"
    report_path.write_text(json.dumps(report), encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(corpus), "--reports", str(out)])
    assert result.exit_code == 1
    assert "corpus.json: does not validate" in result.stdout


def test_validate_with_unusable_manifest_exits_2(runner: CliRunner, corpus: Path) -> None:
    (corpus / "manifest.json").write_text(
        '{"schema_version": "1.0", "sources": [', encoding="utf-8"
    )
    one_line_error(runner.invoke(cli, ["validate", str(corpus)]), "manifest.json", "not valid JSON")
    one_line_error(runner.invoke(cli, ["report", str(corpus)]), "manifest.json", "not valid JSON")


def test_report_never_modifies_the_corpus(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    before = {p: p.read_bytes() for p in corpus.rglob("*") if p.is_file()}
    runner.invoke(cli, ["report", str(corpus), "-o", str(tmp_path / "out")])
    after = {p: p.read_bytes() for p in corpus.rglob("*") if p.is_file()}
    assert before == after


# --- ingest ----------------------------------------------------------------------------------


def test_ingest_file_and_refuse_duplicate(runner: CliRunner, tmp_path: Path) -> None:
    src = _write(tmp_path / "uk.txt", UK.encode("cp1251"))
    root = tmp_path / "c"
    result = runner.invoke(
        cli,
        [
            "ingest",
            str(src),
            "--corpus",
            str(root),
            "--outlet",
            "Kyiv Daily",
            "--published",
            "2026-02-03",
        ],
    )
    assert result.exit_code == 0, result.output
    assert re.match(
        r"added 000_[0-9a-f]{16} \(sources/000_[0-9a-f]{16}\.txt, text/plain\)", result.stdout
    )
    entry = json.loads((root / "manifest.json").read_text(encoding="utf-8"))["sources"][0]
    assert entry["outlet"] == "Kyiv Daily"
    assert entry["published"] == "2026-02-03"
    one_line_error(
        runner.invoke(cli, ["ingest", str(src), "--corpus", str(root)]), "already in the corpus"
    )
    audit = runner.invoke(cli, ["audit", str(root / entry["path"]), "--include-text"])
    assert json.loads(audit.stdout)["sources"][0]["text"] == UK.strip()


def test_ingest_rejects_a_bad_date(runner: CliRunner, tmp_path: Path) -> None:
    src = _write(tmp_path / "a.txt", b"Some text.")
    result = runner.invoke(
        cli, ["ingest", str(src), "--corpus", str(tmp_path / "c"), "--published", "14/04/2026"]
    )
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr


# --- URLs, against a server on 127.0.0.1 -----------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass

    def do_GET(self) -> None:
        if self.path == "/article.html":
            body = (DATA / "html" / "article.html").read_bytes()
            self._send(200, body, "text/html; charset=utf-8")
        elif self.path == "/uk.txt":
            self._send(200, UK.encode("cp1251"), "text/plain; charset=windows-1251")
        elif self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/article.html")
            self.end_headers()
        else:
            self._send(404, b"not found", "text/plain")

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with local_server(_Handler) as url:
        yield url


def test_audit_and_ingest_a_url(runner: CliRunner, server: str, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["audit", f"{server}/moved"])
    assert result.exit_code == 0, result.output
    (source,) = json.loads(result.stdout)["sources"]
    assert source["media_type"] == "text/html"
    assert source["url"] == f"{server}/article.html"
    root = tmp_path / "c"
    result = runner.invoke(cli, ["ingest", f"{server}/uk.txt", "--corpus", str(root)])
    assert result.exit_code == 0, result.output
    entry = json.loads((root / "manifest.json").read_text(encoding="utf-8"))["sources"][0]
    assert entry["url"] == f"{server}/uk.txt"
    text = runner.invoke(cli, ["normalise", str(root / entry["path"])]).stdout
    assert text == UK


def test_non_http_urls_are_files(runner: CliRunner) -> None:
    one_line_error(runner.invoke(cli, ["audit", "file:///etc/passwd"]), "no such file")
