"""Where each paragraph of an HTML extraction sat on its page: the structure trafilatura drops.

trafilatura returns text; the page it came from knows more about each piece of it: whether
it was a link, a list item or a heading, whether it sat in an ``<aside>``, a ``<nav>`` or a
``<footer>`` or under a class such as ``related-posts`` or ``share-buttons``, and whether it
was inside the element that holds the article or after it. :func:`page_blocks` walks the
page once, lays its text nodes end to end without white space, finds each paragraph of the
normalised text in that string (in order, as extraction keeps it) and sums the evidence of
the text nodes it covers. A paragraph not found (text trafilatura rewrote) gets none.

The *main* element is the lowest common ancestor of the longest paragraphs found (the
article body, on nearly every page); a paragraph is inside it, or on the page after it.

The walk visits every element of the page but reads no class names and keeps no element:
it keeps the page's shape (each element's parent, its place among its parent's children and
the extent of its subtree) and each text node's element. The furniture an element names is
read afterwards, only for the elements between the text a paragraph covers and the element
it shares with the article's, the only ones whose names reach the evidence (reading them for
every element took about 0.04 s of the walk's 0.10 s over the 50 pages of
bench/boilerplate_real.py --timing-only), each reached again from the root by its places.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

# Element names whose text is not page text.
# Elements whose text is not page text (provaudit.evaluation.furniture reads pages with them).
NOT_PAGE_TEXT = frozenset(
    {"script", "style", "noscript", "template", "svg", "head", "select", "option"}
)
_LIST = frozenset({"li", "dt", "dd"})
_HEADING = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# The elements that set a flag of the text below them (a link, a list item, a heading).
_FLAGGED = frozenset({"a"}) | _LIST | _HEADING
# The page's own elements: they name no furniture.
_PAGE = frozenset({"html", "body"})
# Containers named by their tag, and the class or id words that name page furniture, each
# mapped to the furniture group it belongs to (a model feature, and the words of the
# evidence). The words are the ones the issue lists and what the trafilatura-eval and
# extraction-benchmark pages of the fit half use; a token matches when it is one of the
# class or id's parts (split at - _ and case changes) or starts one ("sharebar").
_TAG_GROUP = {
    "nav": "navigation",
    "aside": "aside",
    "footer": "footer",
    "header": "header",
    "form": "form",
    "figcaption": "caption",
    "button": "navigation",
}
_TOKEN_GROUP = {
    "related": "related",
    "teaser": "related",
    "recommend": "related",
    "recommended": "related",
    "popular": "related",
    "trending": "related",
    "more": "related",
    "readmore": "related",
    "promo": "promo",
    "newsletter": "promo",
    "subscribe": "promo",
    "subscription": "promo",
    "signup": "promo",
    "donate": "promo",
    "ad": "promo",
    "ads": "promo",
    "advert": "promo",
    "advertisement": "promo",
    "sponsored": "promo",
    "banner": "promo",
    "cookie": "promo",
    "share": "share",
    "sharing": "share",
    "social": "share",
    "sharebar": "share",
    "follow": "share",
    "comment": "comment",
    "comments": "comment",
    "disqus": "comment",
    "respond": "comment",
    "reply": "comment",
    "widget": "aside",
    "sidebar": "aside",
    "aside": "aside",
    "footer": "footer",
    "copyright": "footer",
    "nav": "navigation",
    "navigation": "navigation",
    "menu": "navigation",
    "breadcrumb": "navigation",
    "breadcrumbs": "navigation",
    "pagination": "navigation",
    "author": "byline",
    "byline": "byline",
    "meta": "byline",
    "date": "byline",
    "time": "byline",
    "tags": "tags",
    "tag": "tags",
    "category": "tags",
    "categories": "tags",
    "header": "header",
    "masthead": "header",
    "caption": "caption",
}
GROUPS = tuple(sorted(set(_TAG_GROUP.values()) | set(_TOKEN_GROUP.values())))
# A longer token starting with one of the words of five letters or more ("sharebar",
# "relatedposts"), longest first.
_PREFIX = re.compile(
    "|".join(sorted((w for w in _TOKEN_GROUP if len(w) >= 5), key=lambda w: (-len(w), w)))
)
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
# Leading list bullets and heading marks the extraction may add to a line.
_MARKS = re.compile(r"^(?:[-*•>#]\s*)+")
# A paragraph not found whole is looked for by its first characters.
_PREFIX_CHARS = 40
# Repeats of a paragraph on its page are counted up to this many, for paragraphs of at least
# REPEAT_MIN_CHARS characters (shorter ones repeat by chance).
MAX_REPEATS = 3
REPEAT_MIN_CHARS = 8
# The longest paragraphs found, whose common ancestor is taken for the article's element.
_MAIN_PARAGRAPHS = 3


@dataclass(frozen=True, slots=True)
class BlockEvidence:
    """What the page says about one paragraph of the normalised text.

    ``link``, ``list_item``, ``heading``: the share of its characters inside ``<a>``, list
    items and headings. ``groups``: the furniture groups of the containers around it, with
    ``container`` naming the innermost one as it reads in the page (``<aside
    class=related-posts>``). ``inside_main`` / ``after_main``: inside the article's element,
    or after it on the page. ``position``: where it starts on the page (0 to 1).
    ``repeats``: how many more times its text occurs on the page (up to MAX_REPEATS; -1 when
    it occurs nowhere whole, found by its first characters only): menus
    and teaser titles come twice, an article's paragraphs once.
    """

    found: bool
    link: float = 0.0
    list_item: float = 0.0
    heading: float = 0.0
    groups: frozenset[str] = frozenset()
    container: str | None = None
    inside_main: bool = False
    after_main: bool = False
    position: float = 0.0
    repeats: int = 0


NOT_FOUND = BlockEvidence(found=False)


# The furniture groups an element names, and how it reads in the page.
_Named = tuple[frozenset[str], str]


@dataclass(slots=True)
class _Piece:
    start: int  # in the page string
    link: bool
    list_item: bool
    heading: bool
    element: int  # the walk number of the element whose text (or child's tail) it is


@dataclass(slots=True)
class _Shape:
    """The page's elements in walk order (pre-order: an element before its descendants), so
    that element ``a`` is ``b`` or one of its ancestors exactly when ``a <= b < ends[a]``.

    No element is kept, only where it is (``el = parent[position]``): kept alive, a page's
    element proxies (30,000 over the 50 pages of bench/boilerplate_real.py --timing-only)
    made the garbage collector sweep them again and again. The few elements whose names are
    read are reached again from the root, each once."""

    root: Any
    parents: list[int]  # -1 for the root
    positions: list[int]  # its place among its parent's children
    ends: list[int]  # one past the walk number of the last element inside it
    # Caches filled as containers are read, not arguments.
    _reached: dict[int, Any] = field(default_factory=dict, init=False, repr=False)
    _names: dict[int, _Named | None] = field(default_factory=dict, init=False, repr=False)

    def holds(self, a: int, b: int) -> bool:
        """Element ``a`` is ``b`` or one of its ancestors."""
        return a <= b < self.ends[a]

    def common(self, a: int, b: int) -> int:
        """The lowest common ancestor of two elements (either one, when it holds the other)."""
        while not self.holds(a, b):
            a = self.parents[a]
        return a

    def element(self, number: int) -> Any:
        """The element of walk number ``number``, from the nearest ancestor reached before."""
        reached = self._reached
        chain = []
        at = number
        while at > 0 and at not in reached:
            chain.append(at)
            at = self.parents[at]
        el = reached[at] if at > 0 else self.root
        for at in reversed(chain):
            el = reached[at] = el[self.positions[at]]
        return el

    def names(self, number: int) -> _Named | None:
        """The furniture groups an element names and how it reads in the page (``<aside
        class=related-posts>``), or None when it names none; read once."""
        if number not in self._names:
            el = self.element(number)
            tag = el.tag
            found: set[str] = set()
            named = None
            if tag not in _PAGE:
                get = el.get
                found, named = _groups_of(tag, (get("class"), get("id"), get("role")))
            self._names[number] = (frozenset(found), named or f"<{tag}>") if found else None
        return self._names[number]


_NAMING_ATTRIBUTES = ("class", "id", "role")


def _groups_of(
    tag: str, values: tuple[str | None, str | None, str | None]
) -> tuple[set[str], str | None]:
    """The furniture groups an element names by its tag and its class, id and role values."""
    groups: set[str] = set()
    if tag in _TAG_GROUP:
        groups.add(_TAG_GROUP[tag])
    named = None
    for attr, value in zip(_NAMING_ATTRIBUTES, values, strict=True):
        if not value:
            continue
        found = _value_groups(value)
        if found:
            groups |= found
            if named is None:
                named = f"<{tag} {attr}={' '.join(value.split())[:60]}>"
    if groups and named is None:
        named = f"<{tag}>"
    return groups, named


@lru_cache(maxsize=8192)
def _value_groups(value: str) -> frozenset[str]:
    """The furniture groups a class, id or role value names (pages repeat their class values
    on elements whose ids differ: each value is read once)."""
    lowered = value.lower()
    # A value with no capital has no case change to split at (most class and id values).
    if lowered != value:
        lowered = _CAMEL.sub("-", value).lower()
    groups: set[str] = set()
    for token in _TOKEN_SPLIT.split(lowered):
        group = _TOKEN_GROUP.get(token)
        if group is None and len(token) > 5:
            prefix = _PREFIX.match(token)
            group = _TOKEN_GROUP[prefix.group(0)] if prefix else None
        if group is not None:
            groups.add(group)
    return frozenset(groups)


def _squashed(text: str) -> str:
    """``text`` without white space and without the bars an extraction joins table cells
    with. str.split() splits at exactly the characters ``\\s`` matches (str.isspace: checked
    over every code point), without a regular expression, on every text node of the page."""
    return "".join(text.replace("|", "").split())


_Flags = tuple[bool, bool, bool]


def _walk(root: Any) -> tuple[str, list[_Piece], _Shape]:
    """The page's text without white space, each text node's piece of it, and the page's
    shape."""
    chars: list[str] = []
    pieces: list[_Piece] = []
    length = 0
    parents: list[int] = []
    positions: list[int] = []
    ends: list[int] = []

    def add(text: str, flags: _Flags, element: int) -> None:
        nonlocal length
        squashed = _squashed(text)
        if not squashed:
            return
        pieces.append(_Piece(length, *flags, element))
        chars.append(squashed)
        length += len(squashed)

    def visit(el: Any, tag: str, flags: _Flags, parent: int, position: int) -> None:
        number = len(parents)
        parents.append(parent)
        positions.append(position)
        ends.append(0)  # set once its subtree is walked
        if tag in _FLAGGED:
            link, list_item, heading = flags
            flags = (link or tag == "a", list_item or tag in _LIST, heading or tag in _HEADING)
        # White-space-only text (the page's indentation) is most text nodes: dropped here,
        # without a call (this walk runs on every element of the page).
        text = el.text
        if text and not text.isspace():
            add(text, flags, number)
        for place, child in enumerate(el):
            child_tag = child.tag
            # Comments and processing instructions have no text of the page, but a tail.
            if isinstance(child_tag, str) and child_tag not in NOT_PAGE_TEXT:
                visit(child, child_tag, flags, number, place)
            text = child.tail
            if text and not text.isspace():
                add(text, flags, number)
        ends[number] = len(parents)

    tag = root.tag
    if isinstance(tag, str) and tag not in NOT_PAGE_TEXT:
        visit(root, tag, (False, False, False), -1, 0)
    return "".join(chars), pieces, _Shape(root, parents, positions, ends)


def _named_below(shape: _Shape, element: int, top: int) -> list[_Named]:
    """What the elements from ``element`` up to its ancestor ``top`` (not included) name,
    innermost first."""
    out = []
    at = element
    while at != top:
        named = shape.names(at)
        if named is not None:
            out.append(named)
        at = shape.parents[at]
    return out


def page_blocks(tree: Any, paragraphs: list[str]) -> tuple[BlockEvidence, ...]:
    """The evidence of each of ``paragraphs`` (the normalised text's lines) on the page
    ``tree`` (an lxml element), in the same order."""
    page, pieces, shape = _walk(tree)
    starts = [p.start for p in pieces]
    located: list[tuple[int, int] | None] = []
    repeats: list[int] = []
    cursor = 0
    for para in paragraphs:
        needle = _squashed(_MARKS.sub("", para))
        where = _find(page, needle, cursor)
        located.append(where)
        repeats.append(_repeats(page, needle) if where is not None else 0)
        if where is not None:
            cursor = where[0]
    main = _main(shape, pieces, starts, paragraphs, located)
    if main is None:  # no paragraph was found on the page
        return tuple(NOT_FOUND for _ in paragraphs)
    # After the article: past the last text node inside the main element.
    last_main = max((p.start for p in pieces if shape.holds(main, p.element)), default=-1)
    # What the elements between each text node's element and the main element name, once
    # per element (many pieces share an element).
    below: dict[int, list[_Named]] = {}
    out: list[BlockEvidence] = []
    for where, again in zip(located, repeats, strict=True):
        if where is None:
            out.append(NOT_FOUND)
            continue
        ev = _evidence(page, pieces, starts, where, (shape, main, last_main), below)
        out.append(replace(ev, repeats=again) if again else ev)
    return tuple(out)


def _repeats(page: str, needle: str) -> int:
    if len(needle) < REPEAT_MIN_CHARS:
        return 0
    count = 0
    at = page.find(needle)
    while at >= 0 and count <= MAX_REPEATS:
        count += 1
        at = page.find(needle, at + len(needle))
    # -1: the paragraph occurs nowhere whole (it was located by its first characters only).
    # The shipped model was fit with this value; reading it as 0 instead changes the refit
    # (bench/train_offtopic.py then no longer reproduces the shipped model: the threshold moves
    # from 0.78 to 0.54), so it stays a marker until the model is next refit on purpose.
    return min(MAX_REPEATS, count - 1)


def _find(page: str, needle: str, cursor: int) -> tuple[int, int] | None:
    if not needle:
        return None
    at = page.find(needle, cursor)
    if at < 0:
        at = page.find(needle)
    if at >= 0:
        return at, at + len(needle)
    if len(needle) > _PREFIX_CHARS:
        head = needle[:_PREFIX_CHARS]
        at = page.find(head, cursor)
        if at < 0:
            at = page.find(head)
        if at >= 0:
            return at, at + _PREFIX_CHARS
    return None


def _piece_range(starts: list[int], where: tuple[int, int]) -> range:
    first = max(0, bisect.bisect_right(starts, where[0]) - 1)
    last = bisect.bisect_left(starts, where[1])
    return range(first, max(first + 1, last))


def _main(
    shape: _Shape,
    pieces: list[_Piece],
    starts: list[int],
    paragraphs: list[str],
    located: list[tuple[int, int] | None],
) -> int | None:
    """The article's element: the common ancestor of the longest paragraphs found."""
    longest = sorted(
        (i for i, w in enumerate(located) if w is not None),
        key=lambda i: (-len(paragraphs[i]), i),
    )[:_MAIN_PARAGRAPHS]
    elements = []
    for i in longest:
        where = located[i]
        assert where is not None
        elements.append(pieces[_piece_range(starts, where)[0]].element)
    if not elements:
        return None
    main = elements[0]
    for element in elements[1:]:
        main = shape.common(main, element)
    # A single paragraph's element is its own: the article is its parent.
    if len(elements) == 1 and shape.parents[main] != -1:
        main = shape.parents[main]
    return main


def _evidence(
    page: str,
    pieces: list[_Piece],
    starts: list[int],
    where: tuple[int, int],
    article: tuple[_Shape, int, int],
    below: dict[int, list[_Named]],
) -> BlockEvidence:
    """``article``: the page's shape, the main element and the start of the last piece
    inside it; ``below``: what each element's containers name, once per page."""
    shape, main, last_main = article
    link = list_item = heading = inside = 0
    size = where[1] - where[0]
    groups: set[str] = set()
    container = None
    best = 0
    end_of = len(page)
    for k in _piece_range(starts, where):
        p = pieces[k]
        p_end = pieces[k + 1].start if k + 1 < len(pieces) else end_of
        overlap = min(p_end, where[1]) - max(p.start, where[0])
        if overlap <= 0:
            continue
        link += overlap * p.link
        list_item += overlap * p.list_item
        heading += overlap * p.heading
        if shape.holds(main, p.element):
            inside += overlap
        # The article's own containers hold all its text: they name no furniture (a WordPress
        # <article class="... category-news tag-ai">). Only the containers below the one it
        # shares with the article count.
        marks = below.get(p.element)
        if marks is None:
            top = shape.common(p.element, main)
            marks = below[p.element] = _named_below(shape, p.element, top)
        if marks:
            for found, _ in marks:
                groups |= found
            if overlap > best:
                best, container = overlap, marks[0][1]
    after = inside * 2 < size and where[0] > last_main
    size = max(1, size)
    return BlockEvidence(
        found=True,
        link=round(link / size, 3),
        list_item=round(list_item / size, 3),
        heading=round(heading / size, 3),
        groups=frozenset(groups),
        container=container,
        inside_main=inside * 2 >= size,
        after_main=after,
        position=round(where[0] / max(1, end_of), 3),
    )
