"""Labelled page text for the text-furniture score (``bench/train_offtopic.py``): every block of
text a person marked as page furniture or as article text on the real pages, not only the
blocks that leak into provaudit's extraction.

- **trafilatura-eval**: each "without" string (furniture: menus, teasers, share prompts, ads,
  bylines) and each "with" string (article text) is looked up among the page's text blocks
  (its block elements' text, white space squashed); the block holding a "with" string is
  article, the part of the block holding a "without" string (the block, or the sentences of a
  long block that the string covers) is furniture. Leaked into the extraction or not, each is
  furniture a person marked.
- **extraction-benchmark**: every text block of the page, by EVALUATION.md's rule against the
  gold body: < 50% of its ``\\w+`` words in the gold is furniture, >= 90% article.

Blocks are cut into units as :mod:`provaudit.offtopic` cuts text (a line, or the sentences of
a line longer than ``SENTENCE_SPLIT_CHARS``), so the score is fit on what it is asked about.
The same unit text counts once per page (menus repeat).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from provaudit.evaluation.boilerplate import Page, gold_label, gold_words
from provaudit.offtopic import cut_into_sentences, split_sentences
from provaudit.pagestructure import NOT_PAGE_TEXT
from provaudit.text import ANY_WORD

_SPACE = re.compile(r"\s+")
# Elements whose text is not page text, and those that start a new block of text (the rest,
# a span or a link, run on inside their block; a table row is one block, as the extraction
# writes it). A row's cells run together here ("Ferries12"), where the extraction keeps them
# apart ("| Ferries | 12 |", read as "Ferries 12"): a space between cells was tried and left
# out, as it lowered the trees' cross-validated benchmark recall on the fit half (0.298 ->
# 0.212 at the same budget; trafilatura-eval 0.333 -> 0.321).
_SKIP = NOT_PAGE_TEXT | {"iframe"}
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details",
        "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol",
        "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr",
        "ul", "button", "label", "legend", "menu", "center",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Sample:
    """One labelled unit of page text: 1 furniture, 0 article."""

    dataset: str
    page: str
    site: str
    text: str
    label: int


def page_text_blocks(tree: Any) -> list[str]:
    """The text of each block element of a parsed page, in page order, white space squashed."""
    blocks: list[str] = []
    current: list[str] = []

    def cut() -> None:
        if current:
            text = _SPACE.sub(" ", "".join(current)).strip()
            if text:
                blocks.append(text)
            current.clear()

    def visit(el: Any) -> None:
        tag = el.tag
        if not isinstance(tag, str) or tag.lower() in _SKIP:
            return
        block = tag.lower() in _BLOCK
        if block:
            cut()
        if el.text:
            current.append(el.text)
        for child in el:
            visit(child)
            if child.tail:
                current.append(child.tail)
        if block:
            cut()

    visit(tree)
    cut()
    return blocks


def units_of(block: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the units :mod:`provaudit.offtopic` would make of a block."""
    return split_sentences(block) if cut_into_sentences(block) else [(0, len(block))]


def page_samples(page: Page) -> Iterator[Sample]:
    """The labelled units of one page (none when it does not parse)."""
    from trafilatura.utils import load_html

    from provaudit.corpus import decode_bytes

    tree = load_html(decode_bytes(page.html, page.id).text)
    if tree is None:
        return
    blocks = page_text_blocks(tree)
    seen: set[tuple[str, int]] = set()
    out: list[tuple[str, int]] = []
    if page.gold is not None:
        gold = gold_words(page.gold)
        for block in blocks:
            for s, e in units_of(block):
                label = gold_label(block[s:e], gold)
                if label is not None:
                    out.append((block[s:e], label))
    else:
        labels: dict[int, dict[tuple[int, int], set[int]]] = {}
        for strings, label in ((page.without, 1), (page.with_, 0)):
            for raw in strings:
                needle = _SPACE.sub(" ", raw).strip()
                if not needle:
                    continue
                k = next((i for i, b in enumerate(blocks) if needle in b), None)
                if k is None:
                    continue
                at = blocks[k].find(needle)
                end = at + len(needle)
                for s, e in units_of(blocks[k]):
                    # An article block is article throughout; furniture is what the string
                    # covers (a caption string in a long block marks its own sentence).
                    if label == 0 or min(e, end) - max(s, at) >= min(e - s, end - at) / 2:
                        labels.setdefault(k, {}).setdefault((s, e), set()).add(label)
        for k in sorted(labels):
            for (s, e), found in sorted(labels[k].items()):
                if len(found) == 1:
                    out.append((blocks[k][s:e], next(iter(found))))
    for text, label in out:
        if (text, label) in seen or not ANY_WORD.search(text):
            continue
        seen.add((text, label))
        yield Sample(page.dataset, page.id, page.site, text, label)
