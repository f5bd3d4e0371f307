"""The one-pass author search against trafilatura's own extract_author."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from trafilatura import metadata
from trafilatura.utils import load_html

from provaudit import byline
from provaudit.evaluation import benchmark_pages

# Values that meet and miss each test of trafilatura's author and discard expressions.
CLASSES = [
    "author", "byline", "username", "byl", "BBL", "author-name", "AuthorName", "post-author",
    "Author", "screenname", "writer", "Byline", "channel-name", "submitted-by", "zuozhe",
    "comments", "Comments-box", "commentlist", "sidebar", "is-hidden", "quote", "print",
    "category", "meta-date", "title", "date", "article-share", "main", "story", "bylines x",
]  # fmt: skip
IDS = ["author", "authorbox", "Author", "comments", "commentlist", "ProductReviews", "x", "bianji"]
ATTRIBUTES = {
    "class": CLASSES,
    "id": IDS,
    "itemprop": ["author", "author name", "name", "creator author"],
    "data-component": ["Byline", "Figure", "Other"],
    "rel": ["author", "me", "nofollow"],
    "data-testid": ["AuthorCard", "AuthorURL", "x"],
}
TAGS = [
    "div", "span", "p", "a", "section", "h3", "h4", "strong", "address", "author", "time",
    "figure", "li", "header", "em",
]  # fmt: skip
TEXTS = ["", "By", "Jane Doe", "John Smith and Ann Lee", "Posted by", "2024-05-01", "x" * 130]


def _attributes() -> st.SearchStrategy[dict[str, str]]:
    return st.dictionaries(
        st.sampled_from(sorted(ATTRIBUTES)),
        st.sampled_from(sorted({v for vs in ATTRIBUTES.values() for v in vs})),
        max_size=3,
    ).map(lambda d: {k: v for k, v in d.items() if v in ATTRIBUTES[k] or k == "class"})


def _element(children: st.SearchStrategy[list[str]]) -> st.SearchStrategy[str]:
    def build(tag: str, attrs: dict[str, str], text: str, kids: list[str], tail: str) -> str:
        shown = "".join(f' {k}="{html.escape(v)}"' for k, v in sorted(attrs.items()))
        return f"<{tag}{shown}>{html.escape(text)}{''.join(kids)}</{tag}>{html.escape(tail)}"

    return st.builds(
        build,
        st.sampled_from(TAGS),
        _attributes(),
        st.sampled_from(TEXTS),
        children,
        st.sampled_from(TEXTS),
    )


_BODY = st.recursive(
    st.lists(st.sampled_from(["<!-- a comment -->", "plain text"]), max_size=1),
    lambda inner: st.lists(_element(inner), max_size=4),
    max_leaves=24,
)


def _page(body: list[str]) -> str:
    return f"<html><head><title>t</title></head><body>{''.join(body)}</body></html>"


@settings(max_examples=300, deadline=None)
@given(_BODY)
def test_one_pass_finds_what_extract_author_finds(body: list[str]) -> None:
    page = _page(body)
    assert byline._translation_holds()  # else author() is trafilatura's and this proves nothing
    assert byline._one_pass(load_html(page)) == metadata.extract_author(load_html(page))


@pytest.mark.parametrize(
    "body",
    [
        # A date deleted from inside the byline: its tail joins the text before it.
        '<div class="byline">By <time>May 1</time>Jane Doe</div>',
        '<div class="author"><span>By</span><time>May 1</time>Jane Doe, <span>staff</span></div>',
        # The byline is inside a deleted comment section: the next candidate is taken.
        '<div id="comments"><span class="author">Troll</span></div><p class="byline">Ann Lee</p>',
        # Too long for an author: the next expression's candidate.
        f'<a rel="author">{"x" * 130}</a><h3 class="journalist-name">Sam Doe</h3>',
    ],
)
def test_one_pass_on_pages_that_delete_or_skip(body: str) -> None:
    page = _page([body])
    found = metadata.extract_author(load_html(page))
    assert found  # each page has an author, so a miss cannot pass for agreement
    assert byline._one_pass(load_html(page)) == found


def test_every_tag_and_attribute_value_alone() -> None:
    """Each value of each attribute on each tag, the page's one element: every literal of the
    expressions decides some page here (the random pages may not reach all of them)."""
    pages = 0
    for tag in TAGS:
        for name, values in ATTRIBUTES.items():
            for value in values:
                page = _page([f'<{tag} {name}="{value}">Jane Doe</{tag}>'])
                expected = metadata.extract_author(load_html(page))
                assert byline._one_pass(load_html(page)) == expected, (tag, name, value)
                pages += expected is not None
    assert pages > 100


def test_a_rel_element_goes_to_trafilatura() -> None:
    page = _page(['<p><rel>me</rel>Jane Doe</p><span class="byline">Ann Lee</span>'])
    with pytest.raises(byline._Unsure):
        byline._one_pass(load_html(page))
    assert byline.author(load_html(page)) == metadata.extract_author(load_html(page))


def test_other_expressions_than_translated_go_to_trafilatura(monkeypatch: Any) -> None:
    monkeypatch.setattr(byline, "TRANSLATED", byline.TRANSLATED[:-1])
    byline._translation_holds.cache_clear()
    asked: list[Any] = []
    monkeypatch.setattr(metadata, "extract_author", lambda tree: asked.append(tree) or "T. Raf")  # type: ignore[func-returns-value]
    try:
        assert byline.author(load_html(_page(['<span class="byline">Ann Lee</span>']))) == "T. Raf"
    finally:
        byline._translation_holds.cache_clear()
    assert len(asked) == 1


def test_benchmark_pages_agree(shared_data: Path) -> None:
    pages = benchmark_pages(shared_data)
    assert len(pages) == 181
    found = 0
    for name, page in pages:
        expected = metadata.extract_author(load_html(page))
        assert byline._one_pass(load_html(page)) == expected, name
        found += expected is not None
    assert found > 100  # most of them have one
