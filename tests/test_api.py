"""The public Python API: the README's example runs as documented, names load lazily, results
are typed and schema-valid, and the command line prints exactly what the API returns."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import provaudit
from provaudit import api, errors, schemas
from provaudit.cli import cli

from conftest import CORPUS, SEEDS, readme_section


def test_readme_python_example_runs_and_prints_what_it_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    section = readme_section("Python API")
    code = re.search(r"```python\n(.+?)```", section, flags=re.DOTALL)
    shown = re.search(r"```text\n(.+?)```", section, flags=re.DOTALL)
    assert code is not None
    assert shown is not None
    shutil.copytree(CORPUS, tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code.group(1), "README.md", "exec"), {"__name__": "readme"})
    assert out.getvalue() == shown.group(1)
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == [
        "corpus.json",
        "corpus.md",
        "header.json",
        "index.html",
        "pages",
        "prov.json",
        "sources.jsonl",
    ]


def test_import_is_lazy_and_every_public_name_resolves() -> None:
    probe = (
        "import sys, provaudit; "
        "print(sorted(m for m in ('provaudit.api', 'provaudit.audit', 'click', 'trafilatura') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    for name in provaudit.__all__:
        assert getattr(provaudit, name) is not None, name
    assert set(provaudit.__all__) <= set(dir(provaudit))
    with pytest.raises(AttributeError):
        _ = provaudit.no_such_name


def test_exceptions_are_the_library_ones() -> None:
    assert provaudit.ProvauditError is errors.ProvauditError
    assert provaudit.EmptySourceError is errors.EmptySourceError
    assert issubclass(provaudit.SourceReadError, provaudit.InputError)


def test_audit_html_in_memory_keeps_name_url_and_outlet() -> None:
    page = (
        "<html><head><title>Memo on spending</title></head><body><article>"
        "<h1>OpenAI memo criticises Anthropic spending</h1>"
        "<p>Anthropic has raised $30 billion, according to a memo obtained by The Verge, "
        "and the memo says the spending cannot last.</p>"
        "<p>The company declined to comment on the memo or on its plans for the year.</p>"
        "</article></body></html>"
    )
    options = provaudit.Options(include_text=True, jobs=1)
    report = provaudit.audit_html(
        page, "memo.html", url="https://example.org/memo", outlet="Ex", options=options
    )
    (source,) = report.sources
    assert source["id"] == "memo"
    assert source["path"] == "memo.html"
    assert source["media_type"] == "text/html"
    assert source["url"] == "https://example.org/memo"
    assert source["outlet"] == "Ex"
    assert "Anthropic has raised $30 billion" in source["text"]
    assert schemas.errors("corpus-report", report.to_json()) == []
    assert report.source("memo") is source
    with pytest.raises(KeyError):
        report.source("other")


def test_audit_text_bytes_and_str_give_the_same_report() -> None:
    text = (SEEDS / sorted(p.name for p in SEEDS.iterdir())[1]).read_text(encoding="utf-8")
    as_str = provaudit.audit_text(text, "seed.txt")
    as_bytes = provaudit.audit_text(text.encode("utf-8"), "seed.txt")
    assert as_str.dumps() == as_bytes.dumps()
    assert as_str.sources[0]["quotes"], "a seed with quotes"


def test_audit_pages_keep_going_reports_the_readable_ones() -> None:
    pages = [
        provaudit.Page("Short story about a memo that was obtained by a newspaper.", "a.txt"),
        provaudit.Page(b"\x89PNG\r\n\x1a\n\x00\x00binary", "picture.txt"),
        provaudit.Page("<html><body><script>x()</script></body></html>", "empty.html"),
    ]
    report = provaudit.audit_pages(pages, keep_going=True)
    assert [s["id"] for s in report.sources] == ["a"]
    assert [(e["source"], e["kind"]) for e in report.errors] == [
        ("picture.txt", "BinarySourceError"),
        ("empty.html", "EmptySourceError"),
    ]
    assert schemas.errors("corpus-report", report.to_json()) == []
    with pytest.raises(provaudit.BinarySourceError):
        provaudit.audit_pages(pages)


def test_cli_prints_what_the_api_returns(runner: CliRunner) -> None:
    seed = sorted(SEEDS.iterdir())[2]
    done = runner.invoke(cli, ["audit", str(seed), "-j", "1"])
    assert done.exit_code == 0, done.output
    assert done.stdout == provaudit.audit_paths([seed]).dumps()


def test_validate_result_is_typed(tmp_path: Path) -> None:
    shutil.copytree(CORPUS, tmp_path / "c")
    assert provaudit.validate(tmp_path / "c").to_json() == {
        "ok": True,
        "problems": [],
        "findings": [],
    }
    (tmp_path / "c" / "sources" / "stray.txt").write_text("x", encoding="utf-8")
    result = provaudit.validate(tmp_path / "c")
    assert not result.ok
    assert isinstance(result, api.Validation)
    assert any("stray.txt" in p.subject for p in result.problems)


def test_audit_keep_going_reports_the_readable_sources(runner: CliRunner, tmp_path: Path) -> None:
    good = sorted(SEEDS.iterdir())[1]
    (tmp_path / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00 binary")
    (tmp_path / "empty.html").write_text(
        "<html><body><script>x()</script></body></html>", encoding="utf-8"
    )
    args = ["audit", str(good), str(tmp_path / "picture.txt"), str(tmp_path / "empty.html")]
    stopped = runner.invoke(cli, [*args, "-j", "1"])
    assert stopped.exit_code == 2
    assert stopped.stdout == ""
    done = runner.invoke(cli, [*args, "--keep-going", "-j", "1"])
    assert done.exit_code == 1
    report = json.loads(done.stdout)
    assert [s["path"] for s in report["sources"]] == [str(good)]
    assert [(e["source"], e["kind"]) for e in report["errors"]] == [
        (str(tmp_path / "picture.txt"), "BinarySourceError"),
        (str(tmp_path / "empty.html"), "EmptySourceError"),
    ]
    assert schemas.errors("corpus-report", report) == []
    assert done.stderr.count("Error: ") == 2


def test_an_extraction_far_shorter_than_its_page_is_warned_about() -> None:
    words = " ".join(f"word{i}" for i in range(40))
    article = "".join(f"<p>{words} sentence {i}.</p>" for i in range(30))
    page = (
        "<html><head><title>Story</title></head><body>"
        f"<article><h1>A headline for the story</h1>{article}</article></body></html>"
    )
    (full,) = provaudit.audit_html(page, "full.html").sources
    assert full["warnings"] == []
    # The same page whose article text trafilatura cannot reach (it sits in a table of
    # link-heavy cells) leaves a short extraction: a warning names the shares.
    hidden = "".join(f"<li><a href='/x{i}'>{words}</a></li>" for i in range(30))
    short_page = (
        "<html><body><nav><ul>" + hidden + "</ul></nav>"
        "<article><p>A photo caption of some twenty words about the story, shown under the "
        "picture on the page, and nothing else.</p></article></body></html>"
    )
    report = provaudit.audit_html(short_page, "short.html")
    (warning,) = report.sources[0]["warnings"]
    assert "of the page's visible text" in warning
