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
from dataclasses import dataclass
from typing import Any, NamedTuple

from ._compat import (
    trafilatura_author,
    trafilatura_author_xpaths,
    trafilatura_delete_element,
    trafilatura_normalize_authors,
    trafilatura_trim,
)
from .memo import Memo, memo

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


class _Tested(NamedTuple):
    """What the author expressions read of one element: its tag and six attributes (None where
    absent). What they decide of an element depends on nothing else."""

    tag: str
    ident: str | None
    cls: str | None
    itemprop: str | None
    component: str | None
    rel: str | None
    testid: str | None

    @property
    def bits(self) -> int:
        """Which of the class and id patterns match (bits of _FIRST.._DISCARD)."""
        cls, ident = self.cls, self.ident
        return (0 if cls is None else _class_tests(cls)) | (
            0 if ident is None else _id_tests(ident)
        )

    @property
    def author_in_itemprop(self) -> bool:
        """``contains(@itemprop, 'author')``."""
        return self.itemprop is not None and "author" in self.itemprop


def _first_candidate(t: _Tested) -> bool:
    """AUTHOR_XPATHS' first expression."""
    return t.tag == "author" or (
        t.tag in _FIRST_TAGS
        and bool(
            t.bits & _FIRST
            or t.rel == "author"
            or t.ident == "author"
            or t.cls == "author"
            or t.itemprop == "author name"
            or t.testid in ("AuthorCard", "AuthorURL")
        )
    )


def _second_candidate(t: _Tested) -> bool:
    """AUTHOR_XPATHS' second expression."""
    return t.tag in _SECOND_TAGS and bool(
        t.bits & _SECOND or t.cls in ("byline", "username", "byl", "BBL") or t.author_in_itemprop
    )


def _third_candidate(t: _Tested) -> bool:
    """AUTHOR_XPATHS' third expression."""
    return bool(
        t.bits & _THIRD
        or (t.component is not None and "Byline" in t.component)
        or t.author_in_itemprop
    )


def _first_discard(t: _Tested) -> bool:
    """AUTHOR_DISCARD_XPATHS' first expression (comments, sidebars, dates, figures...)."""
    return t.tag in _DISCARD_TAGS and bool(
        t.bits & _DISCARD
        or t.ident == "comments"
        or t.cls in ("comments", "title", "date")
        or (t.component is not None and "Figure" in t.component)
    )


def _second_discard(t: _Tested) -> bool:
    """AUTHOR_DISCARD_XPATHS' second expression (``//time|//figure``)."""
    return t.tag in _DISCARD_ALWAYS


# Which expressions select an element, as bits: an element is a candidate of the author
# expressions it is selected by, and deleted in the first round or else the second.
_SELECTORS = (
    _first_candidate,
    _second_candidate,
    _third_candidate,
    _first_discard,
    _second_discard,
)
_IN_FIRST, _IN_SECOND, _IN_THIRD, _IN_FIRST_DISCARD, _IN_SECOND_DISCARD = (1 << n for n in range(5))

_Key = tuple[str, str | None, str | None, str | None, str | None, str | None, str | None]


def _selected(key: _Key) -> int:
    t = _Tested(*key)
    return sum(1 << n for n, selects in enumerate(_SELECTORS) if selects(t))


# What the expressions decide of an element, remembered per tag and attributes: a page's
# elements repeat a few dozen combinations, so a walk costs one lookup an element (deciding
# each element afresh, through the predicates above, made the search take twice as long).
_selected_by: Memo[_Key, int] = Memo(_selected, _VALUES_KEPT)


@dataclass(frozen=True, slots=True)
class _Walk:
    """One walk of the tree: the candidates of each author expression, and the elements each
    discard expression selects, in document order."""

    candidates: tuple[list[Any], list[Any], list[Any]]
    first_round: list[Any]  # selected by the first discard expression
    second_round: list[Any]  # by the second (//time|//figure)


def _walk(tree: Any) -> _Walk:
    walk = _Walk(([], [], []), [], [])
    first, second, third = walk.candidates
    selected_by = _selected_by.__getitem__
    for el in tree.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue  # comments and processing instructions: not selected by //*
        if tag == "rel":
            raise _Unsure("a 'rel' element: the rel='me' test compares its text")
        get = el.get
        bits = selected_by(
            (
                tag,
                get("id"),
                get("class"),
                get("itemprop"),
                get("data-component"),
                get("rel"),
                get("data-testid"),
            )
        )
        if not bits:
            continue
        if bits & _IN_FIRST:
            first.append(el)
        if bits & _IN_SECOND:
            second.append(el)
        if bits & _IN_THIRD:
            third.append(el)
        if el is tree:
            continue  # delete_element leaves the root alone
        if bits & _IN_FIRST_DISCARD:
            walk.first_round.append(el)
        elif bits & _IN_SECOND_DISCARD:
            walk.second_round.append(el)
    return walk


def _deleted(walk: _Walk) -> tuple[list[Any], set[Any]]:
    """The elements trafilatura deletes, in its order, and every element gone with them.

    trafilatura deletes what the first discard expression selects, then what the second
    selects in what is left (doc order each time; an element inside one deleted is gone)."""
    deleted: list[Any] = []
    gone: set[Any] = set()
    for round_ in (walk.first_round, walk.second_round):
        for el in round_:
            if el not in gone:
                deleted.append(el)
                gone.update(el.iter())
    return deleted, gone


def _one_pass(tree: Any) -> str | None:
    normalize_authors = trafilatura_normalize_authors()  # what extract_author calls
    trim = trafilatura_trim()
    walk = _walk(tree)
    deleted, gone = _deleted(walk)
    for found in walk.candidates:
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
