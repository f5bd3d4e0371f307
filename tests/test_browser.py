"""The HTML report in a real browser: Debian's chromium, headless, run by the test.

Loads the page from a file:// URL, reads the DOM the browser built (``--dump-dom``), checks
the counts shown against the JSON and that injected markup stayed text, with and without the
page's Content-Security-Policy. Saves a screenshot of the corpus page under the test's tmp
directory, and to bench/results/report-screenshot.png when PROVAUDIT_SAVE_SCREENSHOT is set.
Skips, saying why, where chromium is absent.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from html_page import Page, page_of
from provaudit.audit import Options, corpus_report
from provaudit.render import html
from provaudit.report import write_reports
from report_factory import counts_of, realistic_report

from conftest import CORPUS, ROOT

pytestmark = pytest.mark.browser

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
SCREENSHOT_SIZE = "1280,2000"
SAVED_SCREENSHOT = ROOT / "bench" / "results" / "report-screenshot.png"
TIMEOUT = 120  # seconds; a cold start on a slow CI machine takes a few


def _chromium() -> str:
    path = os.environ.get("PROVAUDIT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).is_file():
        pytest.skip(
            "chromium is not installed (Debian: apt-get install chromium); set PROVAUDIT_CHROMIUM to use another"
        )
    return path


def _run(tmp_path: Path, *args: str) -> str:
    profile = tmp_path / "chromium-profile"
    profile.mkdir(exist_ok=True)
    done = subprocess.run(
        [_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _dom(tmp_path: Path, page: Path) -> Page:
    return page_of(_run(tmp_path, "--dump-dom", page.as_uri()))


def _assert_inert(dom: Page, content: str) -> None:
    tags = [t for t, _ in dom.tags]
    assert "script" not in tags
    assert "img" not in tags
    for _, attrs in dom.tags:
        assert not any(k.startswith("on") for k in attrs)
        assert not attrs.get("href", "").lower().startswith("javascript:")
    # The injected onerror handler would have retitled the page.
    title = re.search(r"<title>(.*?)</title>", content, re.S)
    assert title is not None
    assert [a for t, a in dom.tags if t == "title"] == [{}]


@pytest.fixture(scope="module")
def fixture_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return realistic_report(tmp_path_factory.mktemp("browser") / "corpus")


def test_counts_and_text_as_the_browser_shows_them(
    tmp_path: Path, fixture_report: dict[str, Any]
) -> None:
    content = html.render(fixture_report)
    page = tmp_path / "index.html"
    page.write_text(content, encoding="utf-8")
    dom = _dom(tmp_path, page)
    assert dom.counts == counts_of(fixture_report)
    for sid, cells in dom.shown.items():
        for flag in ("languages", "boilerplate", "quotes", "figures"):
            assert cells[flag].split()[0] == str(dom.counts[sid][flag])
    assert dom.texts == {s["id"]: s["text"] for s in fixture_report["sources"]}
    _assert_inert(dom, content)
    assert "<script>alert(1)</script>" in dom.texts[fixture_report["sources"][2]["id"]]


def test_injected_markup_stays_text_without_the_csp(
    tmp_path: Path, fixture_report: dict[str, Any]
) -> None:
    # Escaping alone must keep the payloads inert; the CSP is a second line of defence.
    content = html.render(fixture_report)
    stripped = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n', "", content)
    assert stripped != content
    page = tmp_path / "no-csp.html"
    page.write_text(stripped, encoding="utf-8")
    dom = _dom(tmp_path, page)
    _assert_inert(dom, stripped)
    assert dom.counts == counts_of(fixture_report)


def test_a_page_of_the_overview_table_as_the_browser_shows_it(
    tmp_path: Path, fixture_report: dict[str, Any]
) -> None:
    # A long overview table is on pages of its own (here 2 rows a page): the counts shown and
    # the injected title stay as on the one-page report.
    out = tmp_path / "paged"
    write_reports(out, fixture_report, rows_per_page=2)
    shown: dict[str, dict[str, int]] = {}
    for page in sorted((out / "pages").glob("sources-*.html")):
        content = page.read_text(encoding="utf-8")
        dom = _dom(tmp_path, page)
        _assert_inert(dom, content)
        shown.update(dom.counts)
    assert shown == counts_of(fixture_report)


def test_pages_of_a_cross_source_section_as_the_browser_shows_them(
    tmp_path: Path, fixture_report: dict[str, Any]
) -> None:
    # Long sections are on pages of their own (here 1 entry a page): each page, with the
    # report's injected strings in its quotes and figures, stays inert.
    out = tmp_path / "paged"
    write_reports(out, fixture_report, section_rows=1)
    pages = sorted((out / "pages").glob("quotes-*.html")) + sorted(
        (out / "pages").glob("figures-*.html")
    )
    assert len(pages) >= 2
    for page in pages:
        _assert_inert(_dom(tmp_path, page), page.read_text(encoding="utf-8"))


def test_corpus_page_screenshot(tmp_path: Path) -> None:
    report = corpus_report(CORPUS, Options())
    page = tmp_path / "index.html"
    page.write_text(html.render(report), encoding="utf-8")
    dom = _dom(tmp_path, page)
    assert dom.counts == counts_of(report)
    shot = tmp_path / "report-screenshot.png"
    _run(tmp_path, f"--screenshot={shot}", f"--window-size={SCREENSHOT_SIZE}", page.as_uri())
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 20_000  # a blank page is a few kilobytes
    if os.environ.get("PROVAUDIT_SAVE_SCREENSHOT"):
        SAVED_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, SAVED_SCREENSHOT)
