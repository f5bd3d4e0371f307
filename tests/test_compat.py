"""The dependency internals fenced in provaudit._compat: on the installed versions every fast
path is the one in use and agrees with its public function; without the internals, the public
function is taken. (byline's one pass against trafilatura's author search: test_byline.py;
patterns' guards against the patterns as written: test_patterns.py.)"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import Any

import pytest
import trafilatura

from provaudit import _compat, byline, normalise, patterns

from conftest import DATA

_FIELDS = ("title", "author", "date", "sitename", "url")

_PAGES = [
    (DATA / "html" / "article.html").read_text(encoding="utf-8"),
    """<html><head><title>Harbour wall | The Coast Times</title>
<meta property="og:site_name" content="The Coast Times">
<link rel="canonical" href="https://coast.example/harbour-wall">
<meta name="author" content="Ann Lee"></head><body><article><h1>Harbour wall approved</h1>
<p>Published 2019-11-20</p><p>The council approved the harbour wall on Tuesday.</p>
</article></body></html>""",
    """<html><head><title>Notes</title></head><body><div class="byline">By Tom Reid</div>
<p>Posted 3 March 2021. The ferry timetable changes next week.</p></body></html>""",
]


def _fields(found: Any) -> tuple[Any, ...]:
    return tuple(getattr(found, name) for name in _FIELDS)


def test_the_fast_paths_are_in_use_on_the_installed_versions() -> None:
    """If one fails after an upgrade, the public path is running (slower, same answers):
    update the fast path or drop it."""
    assert _compat.regex_parser() is not None
    assert _compat.trafilatura_metadata() is not None
    assert _compat.trafilatura_date_params() is not None
    assert _compat.trafilatura_author_xpaths() == byline.TRANSLATED


@pytest.mark.parametrize("page", _PAGES)
def test_metadata_steps_agree_with_extract_metadata(page: str) -> None:
    tree = trafilatura.load_html(page)
    assert _fields(normalise._html_metadata(tree)) == _fields(_compat.public_metadata(tree))


def test_metadata_agrees_on_the_benchmark_pages(shared_data: Path) -> None:
    pages = sorted((shared_data / "extraction-benchmark" / "html").glob("*.html.gz"))
    assert pages
    differ = []
    for path in pages:
        tree = trafilatura.load_html(gzip.decompress(path.read_bytes()))
        if tree is not None and _fields(normalise._html_metadata(tree)) != _fields(
            _compat.public_metadata(tree)
        ):
            differ.append(path.name)
    assert differ == []


def test_without_the_internals_the_public_functions_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tree = trafilatura.load_html(_PAGES[1])
    expected = _fields(normalise._html_metadata(tree))
    monkeypatch.setattr(normalise, "trafilatura_metadata", lambda: None)
    assert _fields(normalise._html_metadata(tree)) == expected

    monkeypatch.setattr(patterns, "regex_parser", lambda: None)
    assert patterns.first_chars("abc|abd") is None
    assert patterns.guarded("abc|abd").pattern == "abc|abd"
    assert [m.span() for m in patterns.guarded("ab[cd]").finditer("xabd abc")] == [
        m.span() for m in re.finditer("ab[cd]", "xabd abc")
    ]

    byline._translation_holds.cache_clear()
    monkeypatch.setattr(byline, "trafilatura_author_xpaths", lambda: None)
    try:
        assert byline.author(tree) == _compat.trafilatura_author(tree)
    finally:
        byline._translation_holds.cache_clear()
