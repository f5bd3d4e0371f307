"""Normalisation: plain text edits, the offset map, HTML extraction, idempotence."""

from __future__ import annotations

import subprocess
import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provaudit.errors import EmptySourceError
from provaudit.normalise import looks_like_html, normalise, normalise_html, normalise_text

from conftest import DATA, SEEDS


def test_line_endings_trailing_space_and_blank_lines() -> None:
    raw = "\ufeffTitle  \r\n\r\n\r\n\r\nFirst para.\t \rSecond\u2028third\n\n"
    doc = normalise_text(raw)
    assert doc.text == "Title\n\nFirst para.\nSecond\nthird"
    assert [p.text for p in doc.paragraphs] == ["Title", "First para.", "Second", "third"]


def test_nfc_and_offset_map_back_to_raw() -> None:
    raw = "Cafe\u0301 au lait\n  naïve\x07 text"
    doc = normalise_text(raw)
    assert doc.text == "Café au lait\n  naïve text"
    assert doc.offsets is not None
    # Every character that normalisation kept maps to the same character in the raw text.
    for i, ch in enumerate(doc.text):
        raw_ch = raw[doc.offsets.to_raw(i)]
        assert raw_ch in (ch, unicodedata.normalize("NFD", ch)[0]) or ch == "\n"
    # The paragraph span excludes the indentation.
    assert doc.paragraphs[1].text == "naïve text"


def test_seeds_normalise_without_change_except_leading_blank_line() -> None:
    for path in sorted(SEEDS.iterdir()):
        raw = path.read_text(encoding="utf-8")
        doc = normalise_text(raw)
        assert doc.text == raw.strip("\n")
        assert doc.offsets is not None
        shift = len(raw) - len(raw.lstrip("\n"))
        assert all(doc.offsets.to_raw(i) == i + shift for i in range(0, len(doc.text), 97))


def test_html_extraction_with_metadata() -> None:
    html = (DATA / "html" / "article.html").read_text(encoding="utf-8")
    assert looks_like_html(html)
    doc = normalise_html(html)
    assert doc.media_type == "text/html"
    assert doc.offsets is None
    assert doc.metadata.author == "Mara Ellison"
    assert doc.metadata.sitename == "The Gull Coast Courier"
    assert doc.metadata.date == "2025-03-04"
    assert "tidal barrier across the mouth of the estuary" in doc.text
    # Navigation and the footer are not article text.
    assert "Sport" not in doc.text
    assert "All rights reserved" not in doc.text


_DATE_IN_TEXT_ONLY = """<html><head><title>Harbour wall</title></head><body><article>
<h1>Harbour wall approved</h1><div class="date">Published November 20 15:23 2019</div>
<p>The council approved the harbour wall on Tuesday after a long debate about its cost.</p>
</article></body></html>"""


def test_a_date_the_fast_search_misses_comes_from_the_extensive_search() -> None:
    from htmldate import find_date
    from trafilatura.settings import set_date_params
    from trafilatura.utils import load_html

    from provaudit._compat import trafilatura_date_params
    from provaudit.normalise import _publication_date

    tree = load_html(_DATE_IN_TEXT_ONLY)
    assert find_date(tree, **set_date_params(False)) is None  # the case under test
    extensive = find_date(tree, **set_date_params(True))
    assert extensive is not None
    params = trafilatura_date_params()
    assert params is not None
    assert _publication_date(tree, None, *params) == extensive


def test_a_date_the_fast_search_finds_loads_no_dateparser() -> None:
    """The extensive search would read the byline with dateparser, whose first use loads
    every locale; the fast search finds the same date in the text below it, so a one-page
    audit does not pay for that load (fails when the extensive search runs first)."""
    page = """<html><head><title>Harbour wall</title></head><body><article>
<h1>Harbour wall approved</h1><div class="byline">Published November 20 15:23 2019</div>
<p>The council approved the harbour wall on Tuesday after a long debate about its cost.</p>
<p>Posted 2019-11-20</p></article></body></html>"""
    code = (
        "import sys; from provaudit.normalise import normalise_html; "
        "doc = normalise_html(sys.stdin.read()); "
        "print(doc.metadata.date, 'dateparser' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], input=page, check=True, capture_output=True, text=True
    )
    assert out.stdout.split() == ["2019-11-20", "False"]


def test_html_without_article_text_is_an_input_error() -> None:
    with pytest.raises(EmptySourceError, match="no article text"):
        normalise("<html><body><script>var x = 1;</script></body></html>", subject="x.html")


def test_whitespace_only_is_empty() -> None:
    with pytest.raises(EmptySourceError):
        normalise(" \n\t\n", "text/plain", subject="blank.txt")


_text = st.text(
    alphabet=st.characters(exclude_categories=["Cs"]),
    max_size=400,
)


@settings(max_examples=300, deadline=None)
@given(_text)
def test_normalising_twice_changes_nothing(raw: str) -> None:
    once = normalise_text(raw)
    twice = normalise_text(once.text)
    assert twice.text == once.text
    assert twice.paragraphs == once.paragraphs


@settings(max_examples=300, deadline=None)
@given(_text)
def test_paragraph_spans_slice_the_text(raw: str) -> None:
    doc = normalise_text(raw)
    for para in doc.paragraphs:
        assert doc.text[para.start : para.end] == para.text
        assert para.text
        assert para.text == para.text.strip()
        assert "\n" not in para.text
    assert doc.offsets is not None
    for i in range(len(doc.text)):
        assert 0 <= doc.offsets.to_raw(i) <= len(raw)
