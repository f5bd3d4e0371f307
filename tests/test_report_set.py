"""Report sets: written source by source (the same bytes as the whole report rendered at
once), each part checked before it is written, and replaced as a whole (a failure or a kill
part-way leaves the previous set; stale temporaries are removed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from markupsafe import escape

from html_page import page_of
from provaudit import fsio
from provaudit.audit import Options, corpus_report
from provaudit.cli import cli
from provaudit.errors import ProvauditError, ReportError
from provaudit.render import common, html, markdown
from provaudit.render.common import source_flags as flags_of
from provaudit.report import dumps, read_set, render_all, write_reports
from report_factory import counts_of, realistic_report

from conftest import CORPUS


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return corpus_report(CORPUS, Options(jobs=1))


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_the_streamed_files_are_the_whole_report_rendered(report: dict[str, Any]) -> None:
    files = render_all(report)
    assert files["corpus.json"] == dumps(report)
    assert files["corpus.md"] == markdown.render(report)
    lines = files["sources.jsonl"].splitlines()
    assert [json.loads(line) for line in lines] == report["sources"]
    header = json.loads(files["header.json"])
    assert header == {k: v for k, v in report.items() if k != "sources"}
    pages = sorted(name for name in files if name.startswith("pages/"))
    assert pages == [f"pages/s{i}.html" for i in range(1, len(report["sources"]) + 1)]


def test_an_empty_and_a_one_source_report(report: dict[str, Any]) -> None:
    choices: list[list[dict[str, Any]]] = [[], report["sources"][:1]]
    for sources in choices:
        small = {**report, "sources": sources, "quote_clusters": [], "reused_passages": []}
        small["figure_checks"] = []
        small["provenance"] = {**report["provenance"], "outlets": [], "cites": []}
        small["provenance"]["primary_sources"] = []
        assert render_all(small)["corpus.json"] == dumps(small)


def test_the_index_links_into_the_source_pages(report: dict[str, Any]) -> None:
    files = render_all(report)
    index = files["index.html"]
    # The index holds no source's text: every article is on its own page.
    assert '<article class="source"' not in index
    for n in range(1, len(report["sources"]) + 1):
        page = files[f"pages/s{n}.html"]
        assert page.count('<article class="source"') == 1
        assert f'id="s{n}"' in page
        # The tab names the source as people read it, its id in brackets.
        source = report["sources"][n - 1]
        name = escape(common.display_name(source))
        assert f"<title>{name} [{escape(source['id'])}] · provaudit report</title>" in page
        assert f'href="pages/s{n}.html#s{n}"' in index
    # A cluster member links to its place on its source's page, which has that anchor.
    member = report["quote_clusters"][0]["members"][0]
    n = [s["id"] for s in report["sources"]].index(member["source"]) + 1
    link = f'href="pages/s{n}.html#s{n}-quote-'
    assert link in index
    anchor = index.split(link, 1)[1].split('"', 1)[0]
    assert f'id="s{n}-quote-{anchor}"' in files[f"pages/s{n}.html"]
    # Of each source the index keeps only the finding rows it links to: the page is the one
    # rendered knowing every finding's place.
    items: list[html.SourceItem] = [
        (i, s, f, [])
        for i, (s, f) in enumerate(zip(report["sources"], flags_of(report), strict=True))
    ]
    links = []
    shared = common.shared_occurrences(report)
    for i, source in enumerate(report["sources"]):
        found = common.source_findings(source, i, shared.get(source["id"], []))
        links.append((html._first_anchors(found), html._anchor_rows(found)))
    assert index == html.render_index(report, items, links)
    # The one-page HTML (audit --format html) is unchanged.
    assert html.render(report).count('<article class="source"') == len(report["sources"])


def test_a_long_overview_table_is_on_pages_of_its_own(tmp_path: Path) -> None:
    # With more sources than a page's rows, the index lists the table's pages (so that no
    # page grows with the corpus) and each source's row is on exactly one of them.
    report = realistic_report(tmp_path / "corpus")
    write_reports(tmp_path / "paged", report, rows_per_page=2)
    files = read_set(tmp_path / "paged")
    tables = sorted(n for n in files if n.startswith("pages/sources-"))
    assert tables == ["pages/sources-1.html", "pages/sources-2.html"]
    index = page_of(files["index.html"])
    assert index.counts == {}  # no source rows on the index
    assert [h for h in index.hrefs if h.startswith("pages/sources-")] == tables
    expected = counts_of(report)
    totals = {k: sum(c[k] for c in expected.values()) for k in next(iter(expected.values()))}
    assert {k: int(v) for k, v in index.totals.items()} == totals
    seen: dict[str, dict[str, int]] = {}
    for name in tables:
        content = files[name]
        assert (
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';' in content
        )
        assert "<img src=x" not in content  # gamma's title, escaped
        page = page_of(content)
        assert not seen.keys() & page.counts.keys()
        seen.update(page.counts)
        # Every link into a source's page lands on an anchor there.
        for href in page.hrefs:
            target, _, anchor = href.partition("#")
            if target.startswith("s") and target[1:-5].isdigit():
                assert anchor in page_of(files[f"pages/{target}"]).ids, href
    assert seen == expected
    assert "&lt;img src=x" in "".join(files[name] for name in tables)
    # A source's page links back to the table page listing it.
    for n in range(1, len(report["sources"]) + 1):
        assert (
            f'<a href="sources-{(n - 1) // 2 + 1}.html">All sources</a>'
            in files[f"pages/s{n}.html"]
        )
    # As many rows a page as sources: one page, the table on the index, as by default.
    assert render_all(report) == read_set_of(report, tmp_path / "one", rows_per_page=3)


def test_a_long_cross_source_section_is_on_pages_of_its_own(
    report: dict[str, Any], tmp_path: Path
) -> None:
    # A section with more entries than a page holds (here 1) is listed on the index by its
    # pages; each entry is on exactly one page, numbered as on the whole index, and every link
    # from a page into a source's page lands on an anchor there.
    write_reports(tmp_path / "paged", report, section_rows=1)
    files = read_set(tmp_path / "paged")
    whole = page_of(render_all(report)["index.html"])
    index = page_of(files["index.html"])
    entries = {
        "quotes": ("cluster-", len(report["quote_clusters"])),
        "figures": ("figure-check-", len(report["figure_checks"])),
    }
    assert all(n > 1 for _, n in entries.values())
    for section, (prefix, n) in entries.items():
        names = [f"pages/{section}-{k}.html" for k in range(1, n + 1)]
        assert sorted(name for name in files if name.startswith(f"pages/{section}-")) == names
        assert [h for h in index.hrefs if h.startswith(f"pages/{section}-")] == names
        assert not [i for i in index.ids if i.startswith(prefix)]
        shown = [i for name in names for i in page_of(files[name]).ids if i.startswith(prefix)]
        assert shown == [i for i in whole.ids if i.startswith(prefix)]
        for name in names:
            content = files[name]
            assert "Content-Security-Policy" in content
            for href in page_of(content).hrefs:
                target, _, anchor = href.partition("#")
                if target.startswith("s") and target[1:-5].isdigit():
                    assert anchor in page_of(files[f"pages/{target}"]).ids, href
    # A section of one entry (the outlets) stays on the index, as do sections that fit.
    assert not [name for name in files if name.startswith("pages/outlets-")]
    write_reports(tmp_path / "fits", report, section_rows=2)
    assert read_set(tmp_path / "fits") == render_all(report)


def test_an_outlet_named_by_many_sources_lists_the_first_mentions(
    report: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An outlet's row (and the primary source's line) lists at most MENTIONS_SHOWN mentions
    # and says how many more there are (each is on its source's page): a wire agency named by
    # thousands of articles would otherwise make one row grow with the corpus. Here 1 shown.
    (outlet,) = report["provenance"]["outlets"]
    assert len(outlet["mentions"]) == 2
    monkeypatch.setattr(html, "MENTIONS_SHOWN", 1)
    write_reports(tmp_path / "r", report)
    index = read_set(tmp_path / "r")["index.html"]
    first, second = (m["text"] for m in outlet["mentions"])
    assert index.count(str(escape(first))) == 2  # the primary source's line and the row
    assert str(escape(second)) not in index
    assert index.count("and 1 more, each on its source's page") == 2


def read_set_of(report: dict[str, Any], out: Path, *, rows_per_page: int) -> dict[str, str]:
    write_reports(out, report, rows_per_page=rows_per_page)
    return read_set(out)


def test_a_source_that_fails_its_schema_is_never_written(
    report: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "reports"
    write_reports(out, report)
    before = _tree(out)
    broken = json.loads(json.dumps(report))
    broken["sources"][-1]["quotes"][0]["start"] = "zero"
    with pytest.raises(ReportError, match=r"source .* does not validate"):
        write_reports(out, broken)
    moved = json.loads(json.dumps(report))
    moved["sources"][-1]["quotes"][0]["text"] += "!"
    with pytest.raises(ReportError, match="span does not match"):
        write_reports(out, moved)
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]


def test_a_failed_write_leaves_the_previous_set(
    report: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that fails after the first file (here: flushing the second to disk) leaves
    every file as it was: the set is replaced as a whole or not at all."""
    out = tmp_path / "reports"
    write_reports(out, report)
    before = _tree(out)
    changed = {**report, "corpus": {**report["corpus"], "root": "elsewhere"}}
    calls = []
    real_fsync = os.fsync

    def failing_fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", failing_fsync)
    # File by file, as where there is no syncfs (one syncfs flushes the set on Linux).
    monkeypatch.setattr(fsio, "_syncfs", lambda fd: False, raising=False)
    with pytest.raises((OSError, ProvauditError)):
        write_reports(out, changed)
    monkeypatch.undo()
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]


def test_output_errors_are_one_line_naming_the_path(runner: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory\n", encoding="utf-8")
    cases = {blocker / "reports": str(blocker)}
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine\n", encoding="utf-8")
    cases[busy] = "holds files that are not reports (notes.txt)"
    for out, expected in cases.items():
        result = runner.invoke(cli, ["report", str(CORPUS), "-o", str(out), "-q", "-j", "1"])
        assert result.exit_code == 2, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1, result.output
        assert expected in lines[0], result.output
    assert (busy / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_stale_temporaries_of_killed_runs_are_removed(runner: CliRunner, tmp_path: Path) -> None:
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead = int(gone.stdout)
    out = tmp_path / "reports"
    out.mkdir()
    (out / ".corpus.json.x1y2.tmp").write_text("{", encoding="utf-8")  # an older version's
    stale = tmp_path / f".reports.{dead}.provaudit-new"
    (stale / "pages").mkdir(parents=True)
    (stale / "corpus.json").write_text("{", encoding="utf-8")
    living = tmp_path / f".reports.{os.getppid()}.provaudit-new"  # a run still going
    living.mkdir()
    result = runner.invoke(cli, ["report", str(CORPUS), "-o", str(out), "-q", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [living.name, "reports"]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_validate_checks_every_file_of_the_set(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    assert runner.invoke(cli, ["report", str(CORPUS), "-o", str(out), "-q"]).exit_code == 0
    page = out / "pages" / "s2.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</h2>", " (edited)</h2>", 1))
    (out / "sources.jsonl").unlink()
    (out / "pages" / "s9.html").write_text("<!DOCTYPE html>\n", encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(CORPUS), "--reports", str(out)])
    assert result.exit_code == 1
    assert f"{page}: is stale" in result.stdout
    assert f"{out / 'sources.jsonl'}: missing" in result.stdout
    assert f"{out / 'pages' / 's9.html'}: is not part of a fresh report" in result.stdout
    assert "3 problem(s)" in result.stderr
