"""A page's author as trafilatura's ``extract_author`` finds it, in one pass over the tree.

trafilatura copies the whole tree, deletes from the copy the elements its
``AUTHOR_DISCARD_XPATHS`` select (comment sections, sidebars, dates, figures), then tries its
``AUTHOR_XPATHS`` in turn and takes the first element whose text is 3 to 119 characters
long. Those expressions test class and id attributes with EXSLT regular expressions, which
lxml answers by calling back into Python for each element tested. ``python bench/authors.py``
times both on the 181 pages of ../shared/data/extraction-benchmark and compares their answers.

:func:`author` evaluates the same expressions as plain tests on each element's tag and
attributes, in one walk of the tree, with no copy:

- an element is deleted from trafilatura's copy when it or an ancestor (not the root, which
  ``delete_element`` leaves alone) is selected by a discard expression: deletions only remove
  elements, and a tail they keep moves to the previous sibling or the parent, never out of it;
- a candidate kept whose subtree holds no deleted element has the same text in the copy as
  in the page; one that holds some is copied alone and those deleted from the copy with
  trafilatura's ``delete_element``, in trafilatura's order. A page where the search would
  compare an element's text (the ``rel='me'`` test, true of an element with a ``<rel>``
  child reading "me") goes to trafilatura's own function.

The expressions were translated from trafilatura's text; :data:`TRANSLATED` is that text. If
the installed trafilatura's expressions differ, :func:`author` is trafilatura's function.
Tests compare the two on generated pages and on the benchmark's pages.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from copy import deepcopy
from typing import Any

from ._compat import (
    trafilatura_author,
    trafilatura_author_xpaths,
    trafilatura_delete_element,
    trafilatura_normalize_authors,
    trafilatura_trim,
)
from .memo import memo

# trafilatura.xpaths.AUTHOR_XPATHS then AUTHOR_DISCARD_XPATHS, white space collapsed.
TRANSLATED = (
    "//*[self::a or self::address or self::div or self::link or self::p or self::span or "
    "self::strong][ @rel='author' or @id='author' or @class='author' or @itemprop='author "
    "name' or rel='me' or @data-testid='AuthorCard' or @data-testid='AuthorURL' or "
    "re:test(@class, 'author-?name|AuthorName|authorName')]|//author",
    "//*[self::a or self::div or self::h3 or self::h4 or self::p or self::span][ "
    "@class='byline' or @class='username' or @class='byl' or @class='BBL' or "
    "contains(@itemprop, 'author') or re:test(@id, 'author|zuozhe|bianji|xiaobian') or "
    "re:test(@class, 'author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|"
    "journalist-name')]",
    "//*[ contains(@data-component, 'Byline') or contains(@itemprop, 'author') or "
    "re:test(@id, '[Aa]uthor') or re:test(@class, '[Aa]uthor|screenname|writer|[Bb]yline')]",
    ".//*[self::a or self::div or self::section or self::span][ @id='comments' or "
    "@class='comments' or @class='title' or @class='date' or re:test(@id, "
    "'^comments|comment-?list|ProductReviews') or re:test(@class, "
    "'^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|"
    "article-(?:share|support)|print|category|meta-date|meta-reviewer') or "
    "contains(@data-component, 'Figure')]",
    "//time|//figure",
)

# The same, as tests. An absent attribute is the empty string to XPath; none of these
# patterns matches it, so an absent attribute fails every test.
_FIRST_TAGS = frozenset({"a", "address", "div", "link", "p", "span", "strong"})
_SECOND_TAGS = frozenset({"a", "div", "h3", "h4", "p", "span"})
_FIRST_CLASS = re.compile("author-?name|AuthorName|authorName")
_SECOND_ID = re.compile("author|zuozhe|bianji|xiaobian")
_SECOND_CLASS = re.compile(
    "author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name"
)
_THIRD_ID = re.compile("[Aa]uthor")
_THIRD_CLASS = re.compile("[Aa]uthor|screenname|writer|[Bb]yline")
_DISCARD_TAGS = frozenset({"a", "div", "section", "span"})
_DISCARD_ID = re.compile("^comments|comment-?list|ProductReviews")
_DISCARD_CLASS = re.compile(
    "^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|"
    "article-(?:share|support)|print|category|meta-date|meta-reviewer"
)
_DISCARD_ALWAYS = frozenset({"time", "figure"})
_FIRST, _SECOND, _THIRD, _DISCARD = 1, 2, 4, 8
_LEN_LIMIT = 120  # extract_author's len_limit


# Which patterns an attribute value matches, as bits, remembered per value: classes repeat on
# a page and across pages, and a search costs some twenty lookups.
_VALUES_KEPT = 1 << 16
_CLASS_PATTERNS = (
    (_FIRST, _FIRST_CLASS),
    (_SECOND, _SECOND_CLASS),
    (_THIRD, _THIRD_CLASS),
    (_DISCARD, _DISCARD_CLASS),
)
_ID_PATTERNS = ((_SECOND, _SECOND_ID), (_THIRD, _THIRD_ID), (_DISCARD, _DISCARD_ID))


@memo(_VALUES_KEPT)
def _class_tests(value: str) -> int:
    return sum(bit for bit, pattern in _CLASS_PATTERNS if pattern.search(value))


@memo(_VALUES_KEPT)
def _id_tests(value: str) -> int:
    return sum(bit for bit, pattern in _ID_PATTERNS if pattern.search(value))


class _Unsure(Exception):
    """The page holds something the one-pass search does not decide as trafilatura would."""


@functools.cache
def _translation_holds() -> bool:
    """Whether the installed trafilatura's expressions are the ones translated here."""
    return trafilatura_author_xpaths() == TRANSLATED


def author(tree: Any) -> str | None:
    """``trafilatura.metadata.extract_author(tree)``, without copying the tree."""
    if _translation_holds():
        try:
            return _one_pass(tree)
        except _Unsure:
            pass
    return trafilatura_author(tree)


def _one_pass(tree: Any) -> str | None:
    normalize_authors = trafilatura_normalize_authors()  # what extract_author calls
    trim = trafilatura_trim()

    candidates: tuple[list[Any], list[Any], list[Any]] = ([], [], [])
    first_round: list[Any] = []  # selected by the first discard expression
    second_round: list[Any] = []  # by the second (//time|//figure)
    class_tests, id_tests = _class_tests, _id_tests
    for el in tree.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue  # comments and processing instructions: not selected by //*
        if tag == "rel":
            raise _Unsure("a 'rel' element: the rel='me' test compares its text")
        get = el.get
        ident, cls = get("id"), get("class")
        itemprop, component = get("itemprop"), get("data-component")
        bits = (0 if cls is None else class_tests(cls)) | (0 if ident is None else id_tests(ident))
        if (
            tag in _FIRST_TAGS
            and (
                bits & _FIRST
                or get("rel") == "author"
                or ident == "author"
                or cls == "author"
                or itemprop == "author name"
                or get("data-testid") in ("AuthorCard", "AuthorURL")
            )
        ) or tag == "author":
            candidates[0].append(el)
        if tag in _SECOND_TAGS and (
            bits & _SECOND
            or cls in ("byline", "username", "byl", "BBL")
            or (itemprop is not None and "author" in itemprop)
        ):
            candidates[1].append(el)
        if (
            bits & _THIRD
            or (component is not None and "Byline" in component)
            or (itemprop is not None and "author" in itemprop)
        ):
            candidates[2].append(el)
        if el is tree:
            continue  # delete_element leaves the root alone
        if tag in _DISCARD_TAGS and (
            bits & _DISCARD
            or ident == "comments"
            or cls in ("comments", "title", "date")
            or (component is not None and "Figure" in component)
        ):
            first_round.append(el)
        elif tag in _DISCARD_ALWAYS:
            second_round.append(el)
    # trafilatura deletes what the first discard expression selects, then what the second
    # selects in what is left (doc order each time; an element inside one deleted is gone).
    deleted: list[Any] = []
    gone: set[Any] = set()
    for round_ in (first_round, second_round):
        for el in round_:
            if el not in gone:
                deleted.append(el)
                gone.update(el.iter())
    for found in candidates:
        for el in found:
            if el in gone:
                continue  # not in trafilatura's copy
            content = trim(" ".join(_text_left(el, deleted, gone)))
            if content and 2 < len(content) < _LEN_LIMIT:
                named: str | None = normalize_authors(None, content)
                return named
    return None


def _text_left(el: Any, deleted: list[Any], gone: set[Any]) -> Iterable[str]:
    """The text of ``el`` once the ``deleted`` elements are (in that order, as trafilatura
    deletes them: each one's tail joined to the text before it). Most candidates hold none
    of them: their text is as it is on the page."""
    if not gone or not any(map(gone.__contains__, el.iter())):
        text: Iterable[str] = el.itertext()
        return text
    delete_element = trafilatura_delete_element()
    copy = deepcopy(el)
    twin = dict(zip(el.iter(), copy.iter(), strict=True))
    for gone_el in deleted:
        copied = twin.get(gone_el)
        if copied is not None:
            delete_element(copied)
    left: Iterable[str] = copy.itertext()
    return left
