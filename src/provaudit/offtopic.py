"""Boilerplate, extraction residue and off-topic trailing content, flagged with evidence.

Flag, never delete: the report keeps the text; ``provaudit normalise --trim`` may print it
without the tail.

**Units.** The document's paragraphs (its non-empty lines); a paragraph too long to be one
(an extraction that lost its line breaks) is split into sentences first.

**Boilerplate.** Each unit is matched against the cue lists of :mod:`provaudit.rules.offtopic`
(multilingual, whole-line where the cue is a label): comment widgets, related-news headers,
newsletter and social promos, "About the company", methodology notes, tags, share buttons,
time stamps, counters, bylines and credits, disclaimers, glued chrome (elements run together:
``marsbitОпубліковано``, ``SignalClusterWriteWire``), menus (runs of one-to-three-word
lines), section labels whose content was lost, lists announced by a colon but missing, and
paragraphs cut off with an ellipsis.

**The tail** is the earliest unit ``s`` such that everything from ``s`` to the end is not the
article: chrome, or blocks that share little of the article's own vocabulary. Vocabulary is
content words (stop words dropped, crudely stemmed; CJK as character bigrams). A block's
*shared* score is the share of its terms found in the article before ``s``; the lead (the
title and first paragraphs) is scored the same way against the rest of the article, and a
block's *relative* score is its shared score over the lead's, so 1.0 reads "as on-topic as the
lead". A tail either starts at a cue line (a related-news or comments header, a promo, an
"About" block, a methodology note) and then every block after it must stay clearly below the
lead, or it has no cue and then needs a run of several blocks all far below the lead
(headline lists, teaser briefs of other stories). The evidence keeps the cue and the scores of
every block.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .model import Document, Span
from .offtopic_model import FEATURES, PAGE_FEATURES, Model, load_model
from .pagestructure import NOT_FOUND, BlockEvidence
from .quotes import is_speech
from .rules import offtopic as offtopic_rules
from .text import count_digits, count_spaces
from .textfurniture import load_text_model


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """A span of page chrome or extraction residue; ``kind`` names which."""

    span: Span
    kind: str
    evidence: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {**self.span.to_json(), "kind": self.kind}
        if self.evidence is not None:
            out["evidence"] = self.evidence
        return out


@dataclass(frozen=True, slots=True)
class OfftopicTail:
    """Where content unrelated to the article starts, to the end of the text.

    ``reason`` is one line; ``evidence`` holds ``cue`` (the cue line and its kind, or None),
    ``lead`` (the lead's shared score, the baseline), ``tail`` (the tail's aggregate shared and
    relative scores) and ``blocks`` (per block: span, role, terms, shared, relative).
    """

    span: Span
    reason: str
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {**self.span.to_json(), "reason": self.reason, "evidence": self.evidence}


@dataclass(frozen=True, slots=True)
class OfftopicAnalysis:
    """Boilerplate spans in text order, and the off-topic tail (None when there is none)."""

    boilerplate: tuple[Boilerplate, ...]
    tail: OfftopicTail | None


# Roles of a unit in the tail search.
_CONTENT = "content"
_CHROME = "chrome"
_CUE = "cue"

# Boilerplate kinds that may start a tail, with the reason they give.
_TAIL_CUES = {
    "related-links": "related-news list",
    "comment-widget": "comment section",
    "promo": "newsletter, subscription or social promo",
    "about": "about-the-company or contact block",
    "methodology": "methodology note",
    "tags": "tag list",
}


@dataclass(slots=True)
class _Unit:
    start: int
    end: int
    text: str
    para: int
    sentence: bool
    kind: str | None = None
    evidence: str | None = None
    terms: frozenset[str] = frozenset()
    words: int = 0
    score: float = 0.0
    truncated: bool = False
    flagged: bool = False
    # Title-shaped (_title_shaped), set by _prepared with the words (asked many times): not
    # to be read before then.
    headline: bool = False

    @property
    def role(self) -> str:
        if self.kind is None:
            return _CONTENT
        return _CUE if self.kind in _TAIL_CUES else _CHROME


def analyse_offtopic(doc: Document, model: Model | None = None) -> OfftopicAnalysis:
    """Boilerplate spans and the off-topic tail of ``doc``, decided by ``model`` (default:
    the one shipped with the package)."""
    model = model or load_model()
    text = doc.text
    units, flags, cohesion_tail, rows = _prepared(doc)
    for u, row in zip(units, rows, strict=True):
        u.score = model.score(row)
        u.flagged = model.flags(u.score, cued=u.kind is not None)
    if doc.blocks is None:
        _keep_subheadings(units, rows)
    for u, row in zip(units, rows, strict=True):
        if u.flagged:
            ev = doc.blocks[u.para] if doc.blocks is not None else NOT_FOUND
            kind, evidence = _decided(u, row, model, ev)
            flags.append(Boilerplate(Span.of(text, u.start, u.end), kind, evidence))
    tail = _model_tail(text, units, cohesion_tail, model)
    flags.sort(key=lambda b: (b.span.start, b.span.end, b.kind))
    return OfftopicAnalysis(boilerplate=tuple(_dedupe(flags)), tail=tail)


def block_rows(doc: Document) -> list[tuple[int, int, list[float]]]:
    """``(start, end, features)`` of each block of ``doc``: what the model is fit on."""
    units, _, _, rows = _prepared(doc)
    return [(u.start, u.end, row) for u, row in zip(units, rows, strict=True)]


def _prepared(
    doc: Document,
) -> tuple[list[_Unit], list[Boilerplate], OfftopicTail | None, list[list[float]]]:
    """The units of ``doc`` with their cues, terms and words; the residue flags (by their
    rules: they mark part of a block); the cohesion tail; the feature rows."""
    units = _units(doc)
    flags: list[Boilerplate] = []
    found: list[Boilerplate] = []
    _classify(doc.text, units, found)
    # A paragraph ending in an ellipsis may have been cut off by the extraction, or end in
    # its author's own "...": a feature of its block for the model, not a flag of its own
    # (as a flag it marked article text on trafilatura-eval).
    truncated = [b.span.start for b in found if b.kind == "truncated-text"]
    flags.extend(b for b in found if b.kind != "truncated-text")
    for u in units:
        u.terms = terms(u.text)
        u.words = count_words(u.text)
        u.headline = _title_shaped(u)
        u.truncated = any(u.start <= s < u.end for s in truncated)
    cohesion_tail = _find_tail(doc.text, units)
    return units, flags, cohesion_tail, block_features(doc, units, cohesion_tail)


# --- units ------------------------------------------------------------------------------------


def cut_into_sentences(paragraph: str, *, flat: bool = False) -> bool:
    """Whether a paragraph is scored sentence by sentence (too long to be one block, or the
    one line of a text without line breaks), not as one block."""
    return flat or len(paragraph) > offtopic_rules.current().SENTENCE_SPLIT_CHARS


def _units(doc: Document) -> list[_Unit]:
    units: list[_Unit] = []
    flat = len(doc.paragraphs) == 1  # a text without line breaks
    for i, para in enumerate(doc.paragraphs):
        if not cut_into_sentences(para.text, flat=flat):
            units.append(_Unit(para.start, para.end, para.text, i, False))
            continue
        for s, e in split_sentences(para.text):
            units.append(_Unit(para.start + s, para.start + e, para.text[s:e], i, True))
    return units


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text``, trimmed of surrounding white space."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in offtopic_rules.SENTENCE_END.finditer(text):
        closers = 1 if m.group(1) is not None else 3
        _append_trimmed(text, pos, m.end(closers), out)
        pos = m.end()
    _append_trimmed(text, pos, len(text), out)
    return out


def _append_trimmed(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append((start, end))


def terms(text: str) -> frozenset[str]:
    """The content terms of ``text``: stemmed non-stop words, and bigrams of CJK runs."""
    rules = offtopic_rules.current()
    # Read once, not per word: this runs on every block.
    shortest, stopwords, stem = rules.MIN_WORD_CHARS, rules.STOPWORDS, rules.STEM_CHARS
    words = offtopic_rules.WORD.findall(text)
    if offtopic_rules.CJK.search(text) is None:
        # Most text: one comprehension (no call per word), the same terms as the loop below.
        return frozenset(
            {w[:stem] for w in map(str.lower, words) if len(w) >= shortest and w not in stopwords}
        )
    out: set[str] = set()
    for word in words:
        if offtopic_rules.CJK.search(word):
            run = "".join(ch if offtopic_rules.CJK.match(ch) else " " for ch in word)
            for piece in run.split():
                out.update(piece[i : i + 2] for i in range(len(piece) - 1))
            continue
        w = word.lower()
        if len(w) < shortest or w in stopwords:
            continue
        out.add(w[:stem])
    return frozenset(out)


def count_words(text: str) -> int:
    """Words of ``text``: white-space tokens with a letter, a CJK run counting a word per two
    characters (Chinese and Japanese put no spaces between words)."""
    if offtopic_rules.CJK.search(text) is None:
        return len(offtopic_rules.WORD_TOKEN.findall(text))
    n = 0
    for token in text.split():
        cjk = len(offtopic_rules.CJK.findall(token))
        if cjk:
            n += max(1, (cjk + 1) // 2) + (
                1 if offtopic_rules.WORD.search(offtopic_rules.CJK.sub("", token)) else 0
            )
        elif offtopic_rules.WORD.search(token):
            n += 1
    return n


# --- boilerplate ------------------------------------------------------------------------------


def _word_count(text: str) -> int:
    return len(text.split())


def _is_label(text: str, max_words: int | None = None) -> bool:
    """A short heading: a few words (``max_words``, else LABEL_MAX_WORDS), no closing
    punctuation, not a list item or a number."""
    rules = offtopic_rules.current()
    most = rules.LABEL_MAX_WORDS if max_words is None else max_words
    if len(text) > rules.LABEL_MAX_CHARS or not 1 <= _word_count(text) <= most:
        return False
    if offtopic_rules.LABEL_END.search(text) or offtopic_rules.LIST_ITEM.match(text):
        return False
    first = text[0]
    return first.isalpha() and not first.islower()


def _glued(text: str) -> str | None:
    """Why a short line looks like page elements run together, or None."""
    rules = offtopic_rules.current()
    if _word_count(text) > rules.GLUED_MAX_WORDS:
        return None
    reasons: list[str] = []
    scripts = offtopic_rules.SCRIPT_JOIN.findall(text)
    camel = offtopic_rules.CAMEL_JOIN.findall(text)
    code = offtopic_rules.CODE_TOKEN.search(text)
    if scripts:
        reasons.append("letters of two scripts or a number and a word run together")
    if camel:
        # Addresses and handles ("pic.twitter.com/PQqbN51wBW") are not glued words.
        tokens = [tok for tok in text.split() if not offtopic_rules.ADDRESS_TOKEN.search(tok)]
        worst = max((len(offtopic_rules.CAMEL_JOIN.findall(tok)) for tok in tokens), default=0)
        if not worst:
            camel = []
        lone = offtopic_rules.GLUED_PAIR.fullmatch(text)
        if worst and (worst >= rules.GLUED_TOKEN_JOINS or code or lone):
            reasons.append("words run together without spaces")
    if code and (camel or scripts):
        reasons.append(f"chrome id {code.group(0)!r}")
    return "; ".join(reasons) or None


def _line_kind(text: str, sentence: bool) -> tuple[str, str] | None:
    """The boilerplate kind of one unit by its own text, with the evidence, or None."""
    t = text.strip(" \t*#_>")
    if not t or len(t) > offtopic_rules.LINE_KIND_MAX_CHARS:
        return None
    words = _word_count(t)
    short = words <= 12
    if short and offtopic_rules.COMMENT_LINE.fullmatch(t):
        return "comment-widget", f"comment-widget line {t!r}"
    if short and offtopic_rules.RELATED_HEADER.fullmatch(t):
        return "related-links", f"related-content header {t!r}"
    if short and offtopic_rules.METHODOLOGY_LINE.fullmatch(t):
        return "methodology", f"methodology header {t!r}"
    if short and offtopic_rules.ABOUT_LINE.fullmatch(t):
        return "about", f"about header {t!r}"
    if words <= 8 and offtopic_rules.SECTION_LABEL.fullmatch(t):
        return "section-label", f"category label {t!r}"
    if short and offtopic_rules.TAGS_LINE.fullmatch(t):
        return "tags", f"tags header {t!r}"
    if offtopic_rules.PROMO_START.match(t) and words <= 80:
        return "promo", f"promo {offtopic_rules.PROMO_START.match(t).group(0)[:60]!r}"  # type: ignore[union-attr]
    if words <= 40 and offtopic_rules.COPYRIGHT.match(t):
        return "copyright", f"copyright line {t[:60]!r}"
    if short and offtopic_rules.SHARE_LINE.fullmatch(t):
        return "share-subscribe", f"share line {t!r}"
    glued = _glued(t)
    if glued:
        if offtopic_rules.TIMESTAMP_LINE.search(t):
            glued += "; carries a time stamp"
        return "glued-chrome", glued
    if words <= 10 and offtopic_rules.TIMESTAMP_LINE.fullmatch(t):
        return "timestamp", f"time stamp {t!r}"
    if words <= 10 and offtopic_rules.COUNTER_LINE.fullmatch(t) and any(c.isdigit() for c in t):
        return "counter", f"counter line {t!r}"
    if words <= 12 and offtopic_rules.CREDIT_LINE.match(t):
        return "byline", f"credit line {t[:60]!r}"
    if words <= 40 and not sentence and offtopic_rules.LONG_CREDIT.match(t):
        return "byline", f"credit line {t[:60]!r}"
    if words <= 8 and offtopic_rules.BYLINE_LINE.fullmatch(t) and _byline_shape(t):
        return "byline", f"byline {t!r}"
    if words <= 60 and offtopic_rules.DISCLAIMER.search(t):
        return "disclaimer", f"disclaimer {offtopic_rules.DISCLAIMER.search(t).group(0)!r}"  # type: ignore[union-attr]
    return None


def _byline_shape(text: str) -> bool:
    """A byline names people: no sentence punctuation after the name."""
    return not text.rstrip().endswith((".", "!", "?", ":")) or text.startswith(("By ", "by "))


_KEYWORD_SPLIT = re.compile(r"\s*[,;|#·•]\s*")


def _keyword_list(text: str) -> bool:
    """A line of short comma-separated items (a tag cloud), not a sentence."""
    items = [x for x in _KEYWORD_SPLIT.split(text) if x]
    return len(items) >= 3 and all(len(x.split()) <= 5 for x in items) and not text.endswith(".")


def _classify(text: str, units: list[_Unit], flags: list[Boilerplate]) -> None:
    """Set each unit's cue kind (a feature of the model) and collect the extraction residue
    (missing lists, truncated text, glued question/answer labels), which spans parts of
    units and is flagged by its rule."""
    rules = offtopic_rules.current()
    n = len(units)
    for i, u in enumerate(units):
        found = _line_kind(u.text, u.sentence)
        if found is None and u.sentence:
            found = _flat_cue(u.text)
        if found is not None:
            u.kind, u.evidence = found
        nxt = units[i + 1] if i + 1 < n else None
        if u.kind is None and not u.sentence and _company_self(u, nxt):
            u.kind, u.evidence = "about", "an organisation describing itself"
        if u.kind == "tags" and nxt is not None and _keyword_list(nxt.text):
            nxt = units[i + 1]
            nxt.kind, nxt.evidence = "tags", "tag list after a tags header"
    # Menus: runs of one-to-three-word lines (three or more in a row).
    i = 0
    while i < n:
        j = i
        while j < n and _menu_item(units[j]):
            j += 1
        if j - i >= rules.MENU_MIN_LINES:
            for u in units[i:j]:
                if u.kind is None:
                    u.kind, u.evidence = "navigation", f"menu of {j - i} short lines"
        i = max(j, i + 1)
    # Section labels whose content was lost: a label followed by a one- or two-word label,
    # or by nothing.
    labels = [not u.sentence and _is_label(u.text) for u in units]
    run_id: list[int] = []  # which run of consecutive labels each unit is in
    for i, is_label in enumerate(labels):
        run_id.append(run_id[-1] if i and is_label and labels[i - 1] else i)
    run_len = Counter(r for r, is_label in zip(run_id, labels, strict=True) if is_label)
    for i, u in enumerate(units):
        if u.kind is not None or not labels[i] or _word_count(u.text) > rules.EMPTY_LABEL_MAX_WORDS:
            continue
        if run_len[run_id[i]] >= rules.LABEL_LIST_RUN:
            continue  # one of several labels in a row: a list of names, not headings
        after = units[i + 1] if i + 1 < n else None
        if after is None or (
            after.kind is None and _is_label(after.text, rules.LABEL_NEXT_MAX_WORDS)
        ):
            u.kind = "section-label-without-content"
            u.evidence = "heading followed by " + (
                f"the heading {after.text!r}" if after else "the end of the text"
            )
    _residue(text, units, flags)


def _company_self(u: _Unit, nxt: _Unit | None) -> bool:
    """A paragraph where an organisation describes itself, with a press-release fact (head
    office, founding year, listing, ...) in it or in the paragraph after it."""
    if _word_count(u.text) < 15 or not offtopic_rules.COMPANY_SELF.match(u.text):
        return False
    return bool(
        offtopic_rules.COMPANY_FACTS.search(u.text)
        or (nxt and offtopic_rules.COMPANY_FACTS.search(nxt.text))
    )


def _flat_cue(text: str) -> tuple[str, str] | None:
    """In a sentence of a line-less extraction: a header glued before the next element."""
    for kind, pattern in (
        ("related-links", offtopic_rules.RELATED_HEADER),
        ("comment-widget", offtopic_rules.COMMENT_LINE),
        ("about", offtopic_rules.ABOUT_LINE),
        ("methodology", offtopic_rules.METHODOLOGY_LINE),
    ):
        m = pattern.match(text)
        if m and m.end() < len(text) and m.end() > 3:
            rest = text[m.end() :].lstrip()
            head = text[: m.end()].rstrip()
            # The header must be followed by a new element (a capitalised word or a digit),
            # and not run on as the sentence's own words ("Related news reports said ...").
            new_element = rest and (rest[0].isupper() or rest[0].isdigit())
            # A header has no sentence punctuation of its own (a colon may close it).
            clean = not offtopic_rules.HEADER_PUNCTUATION.search(head.rstrip(":： "))
            if new_element and clean and len(head.split()) <= 5:
                return kind, f"{kind} header {head!r} glued before the next element"
    return None


def _menu_item(u: _Unit) -> bool:
    rules = offtopic_rules.current()
    t = u.text
    return (
        not u.sentence
        and (u.kind is None or u.kind in ("share-subscribe", "navigation"))
        and len(t) <= rules.MENU_MAX_CHARS
        and _word_count(t) <= rules.MENU_MAX_WORDS
        and not offtopic_rules.LABEL_END.search(t)
        and not offtopic_rules.LIST_ITEM.match(t)
    )


# The endings TRUNCATED_END can match.
_ELLIPSIS_ENDINGS = ("...", "…", "...\n", "…\n")


def _residue(text: str, units: list[_Unit], flags: list[Boilerplate]) -> None:
    """Extraction residue inside content: missing lists, truncated text, glued Q/A labels."""
    rules = offtopic_rules.current()
    n = len(units)
    for i, u in enumerate(units):
        if u.kind is not None:
            continue
        t = u.text
        if t.endswith((":", "：")) and offtopic_rules.LIST_ANNOUNCE.search(t):
            nxt = units[i + 1] if i + 1 < n else None
            if nxt is None or not (
                offtopic_rules.LIST_ITEM.match(nxt.text) or _is_item_line(nxt.text)
            ):
                sentences = split_sentences(t)
                s, _ = sentences[-1] if sentences else (0, len(t))
                flags.append(
                    Boilerplate(
                        Span.of(text, u.start + s, u.end),
                        "missing-list",
                        "a list announced by this colon is missing: "
                        + (
                            f"the next paragraph is prose ({nxt.text[:40]!r}...)"
                            if nxt
                            else "the text ends"
                        ),
                    )
                )
        if (
            # The pattern ends at the text's end ($: or before a last newline): the test of
            # the ending first spares a scan of every position of every unit.
            t.endswith(_ELLIPSIS_ENDINGS)
            and offtopic_rules.TRUNCATED_END.search(t)
            and _word_count(t) >= rules.TRUNCATED_MIN_WORDS
            and not is_speech(t)  # a transcript's "..." is a pause in speech (quotes.py)
        ):
            sentences = split_sentences(t)
            s, e = sentences[-1] if sentences else (0, len(t))
            flags.append(
                Boilerplate(
                    Span.of(text, u.start + s, u.start + e),
                    "truncated-text",
                    "paragraph cut off mid-sentence with an ellipsis",
                )
            )
        if offtopic_rules.QA_GLUED_Q.match(t) and t.rstrip().endswith(("?", "？")) and i + 1 < n:
            nxt = units[i + 1]
            if offtopic_rules.QA_GLUED_A.match(nxt.text):
                for v in (u, nxt):
                    flags.append(
                        Boilerplate(
                            Span.of(text, v.start, v.start + 1),
                            "glued-chrome",
                            "question/answer label glued to the text",
                        )
                    )


def _is_item_line(text: str) -> bool:
    """What can follow an announcing colon: a short line without a final full stop (a list item
    without a bullet), a "Name: details" item, or a quotation (the announced statement)."""
    if _word_count(text) <= 15 and not text.rstrip().endswith("."):
        return True
    return offtopic_rules.ANNOUNCED_ITEM.match(text) is not None


def _dedupe(flags: list[Boilerplate]) -> list[Boilerplate]:
    out: list[Boilerplate] = []
    seen: set[tuple[int, int, str]] = set()
    for b in flags:
        key = (b.span.start, b.span.end, b.kind)
        if key not in seen:
            seen.add(key)
            out.append(b)
    return out


# --- the tail ---------------------------------------------------------------------------------


def _title_shaped(u: _Unit) -> bool:
    """A few words, not closed by a full stop (of a unit whose words are counted). Asked of
    each unit by the tail search at every candidate start, by its features and by the
    evidence: worked out once, where its words are (``_Unit.headline``)."""
    rules = offtopic_rules.current()
    if not rules.HEADLINE_MIN_WORDS <= u.words <= rules.HEADLINE_MAX_WORDS:
        return False
    if offtopic_rules.NOT_A_TITLE.search(u.text):
        return False
    if offtopic_rules.TRAILING_SYMBOLS.search(u.text.rstrip()):
        return False
    bare = u.text.rstrip().rstrip(offtopic_rules.CLOSERS)
    # A title is one sentence without a closing full stop; a quote that ends in one is prose.
    return (
        not bare.endswith(offtopic_rules.HEADLINE_NOT_END)
        and offtopic_rules.INNER_SENTENCE_END.search(u.text) is None
    )


@dataclass(slots=True)
class _Score:
    index: int
    shared: float
    relative: float
    title: bool


def _lead(units: list[_Unit]) -> tuple[set[str], int, tuple[int, int]]:
    """The lead's terms, the index of the unit after it and its span: leading content units up
    to LEAD_WORDS words, and at most LEAD_SHARE of the text's words, so that a short article
    keeps a body to compare its lead with."""
    rules = offtopic_rules.current()
    total_words = sum(u.words for u in units if u.role == _CONTENT)
    lead_words = min(rules.LEAD_WORDS, max(1, int(total_words * rules.LEAD_SHARE)))
    lead_terms: set[str] = set()
    lead_end = 0
    words = 0
    for i, u in enumerate(units):
        if u.role != _CONTENT:
            continue
        lead_terms |= u.terms
        words += u.words
        lead_end = i + 1
        if words >= lead_words:
            break
    lead_units = [u for u in units[:lead_end] if u.role == _CONTENT]
    span = (lead_units[0].start, lead_units[-1].end) if lead_units else (0, 0)
    return lead_terms, lead_end, span


def _find_tail(text: str, units: list[_Unit]) -> OfftopicTail | None:
    rules = offtopic_rules.current()
    n = len(units)
    if n < 2:
        return None
    lead_terms, lead_end, lead_span = _lead(units)
    if not lead_terms:
        return None

    # Candidate starts: after the lead and after MIN_ARTICLE_WORDS words of content, and within
    # the last MAX_TAIL_UNITS units. Vocabulary before each candidate grows incrementally.
    first = max(lead_end, n - rules.MAX_TAIL_UNITS)
    vocab: Counter[str] = Counter()
    body: Counter[str] = Counter()  # the article after the lead, for the lead's own score
    article_words = 0
    for i in range(first):
        u = units[i]
        if u.role == _CONTENT:
            vocab.update(u.terms)
            article_words += u.words
            if i >= lead_end:
                body.update(u.terms)
    for s in range(first, n):
        u = units[s]
        if article_words >= rules.MIN_ARTICLE_WORDS and u.role != _CHROME:
            tail = _try_tail(text, units, s, vocab, body, lead_terms, lead_span)
            if tail is not None:
                return tail
        if u.role == _CONTENT:
            vocab.update(u.terms)
            body.update(u.terms)
            article_words += u.words
    return None


def _cue_lead_tail(
    cue: _Unit | None,
    lead: tuple[tuple[int, int], int, float],
    tail: tuple[float, float, int, int],
) -> dict[str, Any]:
    """The head of a tail's evidence: its cue line (or None), the lead (span, terms, shared
    score) and the tail's aggregate (shared, relative, terms, blocks)."""
    (lead_start, lead_end), lead_terms, lead_shared = lead
    shared, relative, terms_, blocks = tail
    return {
        "cue": (
            {"text": cue.text[:200], "kind": cue.kind, "why": cue.evidence}
            if cue is not None
            else None
        ),
        "lead": {
            "start": lead_start,
            "end": lead_end,
            "terms": lead_terms,
            "shared": round(lead_shared, 3),
        },
        "tail": {
            "shared": round(shared, 3),
            "relative": round(relative, 3),
            "terms": terms_,
            "blocks": blocks,
        },
    }


def _try_tail(
    text: str,
    units: list[_Unit],
    s: int,
    vocab: Counter[str],
    body: Counter[str],
    lead_terms: set[str],
    lead_span: tuple[int, int],
) -> OfftopicTail | None:
    rules = offtopic_rules.current()
    start_unit = units[s]
    cued = start_unit.role == _CUE
    kind = start_unit.kind if cued else None
    # Counted by set intersection (in C), not a generator: this runs at every candidate start.
    lead_shared = len(body.keys() & lead_terms) / len(lead_terms) if body else 0.0
    baseline = max(lead_shared, rules.MIN_LEAD_OVERLAP)
    block_max = rules.CUED_BLOCK_MAX if cued else rules.UNCUED_BLOCK_MAX
    tail_max = rules.CUED_TAIL_MAX if cued else rules.UNCUED_TAIL_MAX
    # A comment thread discusses the article: after a comment header, readers' words are not
    # held against the cut.
    # Nor is an "About the company" or methodology block, which names what the article named,
    # as long as it is short, as such blocks are.
    check_topic = kind != "comment-widget" and not (
        kind in ("about", "methodology")
        and offtopic_rules.ABOUT_HEADER.fullmatch(start_unit.text.strip(" \t*#_>:"))
        and sum(v.words for v in units[s:]) <= rules.ABOUT_MAX_WORDS
    )

    if not cued and not start_unit.headline:
        return None  # a cue-less list of other stories starts at a title
    scores: list[_Score] = []
    shared_sum = 0
    term_sum = 0
    scored_blocks = 0
    headlines = 0
    previous_headline = False
    prose = [0, 0, 0]  # the current run of prose blocks: count, shared terms, terms
    prose_paras: set[int] = set()  # ... and the paragraphs it spans
    # (blocks, headlines, terms, shared terms) of a cue-less run before a cue line
    before_cue: tuple[int, int, int, int] | None = None
    for j in range(s, len(units)):
        u = units[j]
        if u.role == _CUE and before_cue is None and not cued:
            before_cue = (scored_blocks, headlines, term_sum, shared_sum)
        if u.role != _CONTENT or not u.terms:
            continue
        is_headline = u.headline
        if not is_headline and len(u.terms) < rules.MIN_BLOCK_TERMS:
            continue  # a source name or a fragment: too little to score, nothing to shape
        if not cued and before_cue is None and not is_headline:
            if not previous_headline:
                return None  # two paragraphs in a row: prose, not a list of titles and teasers
            if offtopic_rules.NOT_A_TITLE.search(u.text):
                return None  # an info-box row, an enumeration or a caption: the article's own
        previous_headline = is_headline
        headlines += is_headline
        shared = len(vocab.keys() & u.terms)
        if is_headline:
            prose = [0, 0, 0]
            prose_paras = set()
        else:
            prose = [prose[0] + 1, prose[1] + shared, prose[2] + len(u.terms)]
            prose_paras.add(u.para)
            if (
                check_topic
                and prose[0] >= 2
                and prose[1] / prose[2] / baseline > rules.CUED_PROSE_MAX
            ):
                return None
            if kind == "related-links" and len(prose_paras) > rules.MAX_LIST_PROSE_RUN:
                return None  # a related list holds titles and teasers, not running prose
        scored_blocks += 1
        shared_sum += shared
        term_sum += len(u.terms)
        share = shared / len(u.terms)
        relative = share / baseline
        scores.append(_Score(j, share, relative, is_headline))
        if check_topic and relative > block_max and len(u.terms) >= rules.LONG_BLOCK_TERMS:
            return None
    tail_shared = shared_sum / term_sum if term_sum else 0.0
    tail_relative = tail_shared / baseline
    if check_topic and term_sum and tail_relative > tail_max:
        return None
    if not cued:
        # What precedes a cue line must be a list of its own: otherwise the tail starts at the
        # cue, and the low-overlap closing paragraph before it stays with the article.
        # The run is judged on its own, or it would borrow the low overlap of what follows.
        blocks, titles, total, shared_total = (
            before_cue
            if before_cue is not None
            else (scored_blocks, headlines, term_sum, shared_sum)
        )
        if not rules.MIN_UNCUED_BLOCKS <= blocks <= rules.MAX_UNCUED_BLOCKS:
            return None
        if titles < rules.MIN_UNCUED_TITLES:
            return None
        if total < rules.MIN_UNCUED_TERMS or shared_total / total / baseline > tail_max:
            return None

    end = units[-1].end
    span = Span.of(text, start_unit.start, end)
    evidence: dict[str, Any] = {
        **_cue_lead_tail(
            start_unit if cued else None,
            (lead_span, len(lead_terms), lead_shared),
            (tail_shared, tail_relative, term_sum, scored_blocks),
        ),
        "blocks": [
            {
                "start": units[sc.index].start,
                "end": units[sc.index].end,
                "shape": "title" if sc.title else "prose",
                "terms": len(units[sc.index].terms),
                "shared": round(sc.shared, 3),
                "relative": round(sc.relative, 3),
            }
            for sc in scores[: rules.MAX_EVIDENCE_BLOCKS]
        ],
        "more_blocks": max(0, len(scores) - rules.MAX_EVIDENCE_BLOCKS),
    }
    if cued:
        reason = f"{_TAIL_CUES[kind or '']} after the cue {start_unit.text[:60]!r}"
        if term_sum:
            reason += f"; what follows shares {tail_relative:.2f}x the lead's vocabulary overlap"
        if kind == "comment-widget":
            reason += " (readers' comments may echo the article: not held against them)"
        elif not check_topic:
            reason += f" (not held against a short {kind} block)"
    else:
        reason = (
            f"{scored_blocks} trailing blocks share only {tail_relative:.2f}x the lead's "
            "vocabulary overlap with the article"
        )
    return OfftopicTail(span=span, reason=reason, evidence=evidence)


# --- the model's features and decisions -------------------------------------------------------

_SENTENCE_ENDS = (".", "!", "?", "。", "！", "？", "…", '"', "”", "»", "’", ")", "」")
_SEPARATORS = re.compile(r"[|·•»›◆■►▸→]|\s/\s")
# A character every _SEPARATORS match holds: tested first, as substrings, the pattern then
# runs on the few blocks that hold one instead of trying every position of every block.
_SEPARATOR_CHARS = "|·•»›◆■►▸→/"


def _has_separator(text: str) -> bool:
    return any(c in text for c in _SEPARATOR_CHARS) and _SEPARATORS.search(text) is not None


# "Read more: ...", "Le puede interesar: ...": a short label, a colon, then something else.
_LABEL_COLON = re.compile(r"[^:：.!?]{2,40}[:：]\s*\S")
# How far around a block the cue lines and link text of its neighbours are counted.
_NEIGHBOURS = 2
# A cue line in the first part of the text is page head, not the start of a tail.
_TAIL_CUE_FROM = 0.2


def block_features(
    doc: Document, units: list[_Unit], cohesion_tail: OfftopicTail | None = None
) -> list[list[float]]:
    """One row of :data:`provaudit.offtopic_model.FEATURES` per unit (units with their
    cue kinds, terms and words set)."""
    rules = offtopic_rules.current()
    text = doc.text
    size = max(1, len(text))
    lead: Counter[str] = Counter()
    lead_units: set[int] = set()
    words = 0
    for i, u in enumerate(units):
        if u.role != _CONTENT:
            continue
        lead.update(u.terms)
        lead_units.add(i)
        words += u.words
        if words >= rules.LEAD_WORDS:
            break
    title = terms(doc.metadata.title or "")
    site = (doc.metadata.sitename or "").casefold() or None
    everywhere: Counter[str] = Counter()
    for u in units:
        everywhere.update(u.terms)
    # A unit's terms in the title or the lead (its own count in the lead left out, for a unit
    # of the lead), and its terms found in another unit: counted by set intersection below.
    in_lead_terms = (
        title | lead.keys(),
        title | {t for t, count in lead.items() if count > 1},
    )
    recurring = {t for t, count in everywhere.items() if count > 1}
    tail_start = cohesion_tail.span.start if cohesion_tail is not None else None
    blocks = doc.blocks
    evidence = [
        (blocks[u.para] if blocks is not None and u.para < len(blocks) else NOT_FOUND)
        for u in units
    ]
    cue_before = False
    rows: list[list[float]] = []
    n = len(units)
    text_model = load_text_model()
    for i, u in enumerate(units):
        ev: BlockEvidence = evidence[i]
        own = 1 if i in lead_units else 0
        n_terms = len(u.terms)
        in_lead = len(u.terms & in_lead_terms[own])
        elsewhere = len(u.terms & recurring)
        stripped = u.text.rstrip()
        # These two counts were a tenth of boilerplate detection's time on
        # bench/boilerplate_real.py as generators: count_spaces and count_digits make no call
        # per character.
        digits = count_digits(stripped)
        chars = len(stripped) - count_spaces(stripped)
        around = [j for j in range(i - _NEIGHBOURS, i + _NEIGHBOURS + 1) if 0 <= j < n and j != i]
        adjacent = [evidence[j] for j in (i - 1, i + 1) if 0 <= j < n]
        row: dict[str, float] = {
            "log_words": math.log1p(u.words),
            "log_chars": math.log1p(len(stripped)),
            "ends_sentence": float(stripped.endswith(_SENTENCE_ENDS)),
            "title_shape": float(u.headline),
            "short_line": float(u.words <= 3),
            "digit_share": digits / max(1, chars),
            "separators": float(_has_separator(stripped)),
            "label_colon": float(_LABEL_COLON.match(stripped) is not None),
            "cue_prefix": float(_flat_cue(stripped) is not None),
            "names_site": float(site is not None and site in stripped.casefold()),
            "truncated": float(u.truncated),
            "sentence_piece": float(u.sentence),
            "text_furniture": text_model.score(u.text),
            "lead_overlap": in_lead / n_terms if n_terms else 0.0,
            "text_overlap": elsewhere / n_terms if n_terms else 0.0,
            "few_terms": float(n_terms < 3),
            "position": u.start / size,
            "after_tail_cue": float(cue_before),
            "in_cohesion_tail": float(tail_start is not None and u.start >= tail_start),
            "cued_neighbours": sum(units[j].kind is not None for j in around) / (2 * _NEIGHBOURS),
            "html": float(blocks is not None),
            "html_found": float(ev.found),
            "link": ev.link,
            "mostly_link": float(ev.link >= 0.5),
            "list_item": ev.list_item,
            "heading": ev.heading,
            "inside_main": float(ev.inside_main),
            "after_main": float(ev.after_main),
            "page_position": ev.position,
            "neighbour_link": sum(e.link for e in adjacent) / 2,
            "page_repeats": float(ev.repeats),
        }
        if u.kind is not None:
            row[f"cue:{u.kind}"] = 1.0
        for group in ev.groups:
            row[f"group:{group}"] = 1.0
        rows.append([row.get(name, 0.0) for name in FEATURES])
        if u.role == _CUE and u.start / size >= _TAIL_CUE_FROM:
            cue_before = True
    return rows


# The kind of a block the model flags without a cue, by the furniture its page names.
_GROUP_KIND = {
    "related": "related-links",
    "share": "share-subscribe",
    "comment": "comment-widget",
    "promo": "promo",
    "navigation": "navigation",
    "byline": "byline",
    "tags": "tags",
    "footer": "footer",
    "aside": "sidebar",
    "header": "page-header",
    "caption": "caption",
    "form": "form",
}
# How many of the features that decided a flag its evidence names.
_EVIDENCE_FEATURES = 3


def _decided(u: _Unit, row: list[float], model: Model, ev: BlockEvidence) -> tuple[str, str]:
    """The kind of a flagged block and the evidence for it, in words."""
    values = dict(zip(FEATURES, row, strict=True))
    phrases: list[str] = []
    for _, name in model.contributions(row):
        phrase = _phrase(name, values[name], u, ev)
        if phrase and phrase not in phrases:
            phrases.append(phrase)
        if len(phrases) == _EVIDENCE_FEATURES:
            break
    if u.kind is not None:
        kind = u.kind
    else:
        group = next((g for g in sorted(ev.groups) if g in _GROUP_KIND), None)
        if group is not None:
            kind = _GROUP_KIND[group]
        elif ev.link >= 0.5:
            kind = "link-list"
        else:
            kind = "page-chrome"
    return kind, f"score {u.score:.2f}: " + "; ".join(phrases or ["its features together"])


def _reads_like_furniture(score: float, words: list[str]) -> str:
    """The word score's phrase: the words that pushed it, or (none did: its length and shape,
    or no word the score knows) the score alone."""
    if not words:
        return f"its text reads like page furniture ({score:.2f})"
    return f"its words read like page furniture ({score:.2f}, {', '.join(map(repr, words))})"


def _phrase(name: str, value: float, u: _Unit, ev: BlockEvidence) -> str | None:
    """One feature of a block, as a fact-checker reads it (the feature pushed towards a
    flag: a yes/no feature that is off pushed as its absence)."""
    low = value == 0
    if name in PAGE_FEATURES and not ev.found:
        return None  # no page to speak of (plain text), or the block was not found on it
    if name.startswith("cue:"):
        return u.evidence or name[4:]
    if name.startswith("group:"):
        return f"inside {ev.container}" if ev.container else f"inside a {name[6:]} element"
    if name in ("link", "mostly_link"):
        return f"{value if name == 'link' else ev.link:.0%} of its characters are link text"
    if name == "text_furniture":
        # Not among the phrases below, which are all built for each name: this one reads the
        # block's features again.
        return _reads_like_furniture(value, load_text_model().evidence(u.text))
    phrases = {
        "neighbour_link": f"the lines around it are {value:.0%} link text",
        "lead_overlap": f"shares {value:.0%} of its words with the lead",
        "text_overlap": (
            f"{value:.0%} of its words recur elsewhere in the text"
            if value >= 0.5
            else f"shares {value:.0%} of its words with the rest of the text"
        ),
        "few_terms": "fewer than three content words" if value else None,
        "after_main": "after the article's element on the page" if value else None,
        "inside_main": "outside the article's element on the page" if low else None,
        "html_found": "not found as one piece of the page" if low else None,
        "list_item": f"{value:.0%} list item" if value else None,
        "heading": "a heading" if value else None,
        "position": f"{value:.0%} of the way through the text",
        "page_position": f"{value:.0%} of the way down the page",
        "in_cohesion_tail": (
            "in a trailing run that shares little of the article's vocabulary" if value else None
        ),
        "after_tail_cue": "after a related-news, comments or promo line" if value else None,
        "cued_neighbours": f"{value:.0%} of the lines around it are chrome" if value else None,
        "title_shape": "title-shaped (a few words, no full stop)" if value else None,
        "short_line": "a line of at most three words" if value else None,
        "ends_sentence": "does not end like a sentence" if low else None,
        "log_words": f"{u.words} word{'s' if u.words != 1 else ''}",
        "log_chars": f"{len(u.text)} characters",
        "digit_share": f"{value:.0%} digits",
        "separators": "separators between items (| · •)" if value else None,
        "label_colon": "a label and a colon before it" if value else None,
        "cue_prefix": f"starts with a cue ({(_flat_cue(u.text) or ('', ''))[1]})"
        if value
        else None,
        "names_site": "names the site" if value else None,
        "truncated": "cut off with an ellipsis" if value else None,
        "page_repeats": (
            f"its text occurs {value + 1:.0f} times on the page"
            if value > 0
            else "not whole on the page (found by its first words)"
            if value < 0
            else None
        ),
        "sentence_piece": None,
        "html": None,
    }
    return phrases.get(name)


# A sub-heading heads prose about the article: the next block that is not itself a heading
# (at most HEADING_RUN headings on) has at least HEADS_PROSE_WORDS words, ends like a
# sentence, shares at least HEADS_PROSE_LEAD of its content words with the lead and is not
# flagged. Only for plain text: the model was fit on pages, where a heading's element speaks
# for it, and without one it took seed 000's "Forecast" and "Timeline" for labels near chrome.
# On pages the rule would unflag real furniture of the fit half ("Staff Reports",
# "Hauptinhalt", "Learn more about our programs"); on the fit half read as plain text
# (bench/boilerplate_real.py's pages with their page evidence dropped) it unflags no leaked
# furniture string and no benchmark junk line (trafilatura-eval 15/60, benchmark 0.210 with
# and without it). The values are round numbers, not tuned further.
HEADING_RUN = 1
HEADS_PROSE_WORDS = 12
HEADS_PROSE_LEAD = 0.2
_LEAD_OVERLAP = FEATURES.index("lead_overlap")


def _heading_shape(u: _Unit) -> bool:
    """A heading: a label or a title, not "Read more: ..." (a label and what it labels)."""
    if u.sentence or _LABEL_COLON.match(u.text):
        return False
    return _is_label(u.text) or u.headline


def _keep_subheadings(units: list[_Unit], rows: list[list[float]]) -> None:
    """Unflag title-shaped blocks without a cue that head cohesive prose about the article."""
    n = len(units)
    for i in range(n - 1, -1, -1):
        u = units[i]
        if not u.flagged or u.kind is not None or not _heading_shape(u):
            continue
        j = i + 1
        while j < n and j - i <= HEADING_RUN and _heading_shape(units[j]):
            j += 1
        if j >= n or j - i > HEADING_RUN + 1:
            continue
        body = units[j]
        if (
            not body.flagged
            and body.kind is None
            and body.words >= HEADS_PROSE_WORDS
            and body.text.rstrip().endswith(_SENTENCE_ENDS)
            and rows[j][_LEAD_OVERLAP] >= HEADS_PROSE_LEAD
        ):
            u.flagged = False


# A tail by the model: a block it flags from which at least this share of the characters to
# the end are in flagged blocks, with at least TAIL_MIN_FLAGGED such blocks.
TAIL_FLAGGED_SHARE = 0.8
TAIL_MIN_FLAGGED = 2


# A tail found by vocabulary alone, with no cue line, is reported when the model flags at
# least this share of its characters. On pages, on its own it cut article endings on 13 of the
# 23 article strings wrongly flagged on trafilatura-eval before the model. In text without a
# page it was reported unconfirmed until held-out look 13: there, read as plain text,
# unconfirmed ones flagged 8 of the held-out half's 703 trafilatura-eval article strings (15 ->
# 7) and found no teaser tail the confirmed ones miss (3 of 15 either way); out of fold on the
# fit half 2.22% -> 1.77% of its article strings, at the cost of 0.015 of the benchmark's junk
# recall. Lost with it: headerless briefs the model does not flag (tests/test_offtopic.py).
COHESION_TAIL_FLAGGED = 0.5


def _confirmed(tail: OfftopicTail, units: list[_Unit], model: Model) -> bool:
    if tail.evidence.get("cue") is not None:
        return True
    inside = [u for u in units if u.start >= tail.span.start]
    size = sum(u.end - u.start for u in inside)
    flagged = sum(u.end - u.start for u in inside if u.flagged)
    return size > 0 and flagged >= COHESION_TAIL_FLAGGED * size


def _model_tail(
    text: str,
    units: list[_Unit],
    cohesion_tail: OfftopicTail | None,
    model: Model,
) -> OfftopicTail | None:
    """The off-topic tail: the earliest flagged block after which nearly everything is
    flagged, or else the cohesion tail, which without a cue line must be confirmed by the
    model (see COHESION_TAIL_FLAGGED)."""
    rules = offtopic_rules.current()
    n = len(units)
    flagged = [u.flagged for u in units]
    content_words = 0
    words_before: list[int] = []
    for u in units:
        words_before.append(content_words)
        if not u.flagged:
            content_words += u.words
    best: int | None = None
    total = flagged_chars = blocks = 0
    for s in range(n - 1, -1, -1):
        size = units[s].end - units[s].start
        total += size
        if flagged[s]:
            flagged_chars += size
            blocks += 1
        if (
            flagged[s]
            and blocks >= TAIL_MIN_FLAGGED
            and flagged_chars >= TAIL_FLAGGED_SHARE * total
            and words_before[s] >= rules.MIN_ARTICLE_WORDS
        ):
            best = s
    if cohesion_tail is not None and not _confirmed(cohesion_tail, units, model):
        cohesion_tail = None
    if best is None:
        return cohesion_tail
    if cohesion_tail is not None and cohesion_tail.span.start <= units[best].start:
        return cohesion_tail
    start = units[best]
    tail_units = units[best:]
    shown = [u for u in tail_units if u.terms][: rules.MAX_EVIDENCE_BLOCKS]
    n_flagged = sum(1 for u in tail_units if u.flagged)
    reason = (
        f"{n_flagged} of the {len(tail_units)} blocks from here to the end are page furniture "
        f"by the model (the first: {start.text[:60]!r})"
    )
    # The same vocabulary scores as the cohesion tail's, against the article before the tail:
    # what the tail shares with it, next to what the lead shares with the rest of it.
    lead_terms, lead_end, lead_span = _lead(units)
    vocab: set[str] = set()
    body: set[str] = set()
    for i, u in enumerate(units[:best]):
        if u.role == _CONTENT:
            vocab |= u.terms
            if i >= lead_end:
                body |= u.terms
    lead_shared = len(lead_terms & body) / len(lead_terms) if lead_terms and body else 0.0
    baseline = max(lead_shared, rules.MIN_LEAD_OVERLAP)
    term_sum = sum(len(u.terms) for u in tail_units)
    shared_sum = sum(len(u.terms & vocab) for u in tail_units)
    tail_shared = shared_sum / term_sum if term_sum else 0.0

    if term_sum:
        reason += f"; they share {tail_shared / baseline:.2f}x the lead's vocabulary overlap"

    def shared(u: _Unit) -> float:
        return len(u.terms & vocab) / len(u.terms) if u.terms else 0.0

    evidence: dict[str, Any] = {
        **_cue_lead_tail(
            start if start.kind is not None else None,
            (lead_span, len(lead_terms), lead_shared),
            (tail_shared, tail_shared / baseline, term_sum, len(tail_units)),
        ),
        "blocks": [
            {
                "start": u.start,
                "end": u.end,
                "shape": "title" if u.headline else "prose",
                "terms": len(u.terms),
                "shared": round(shared(u), 3),
                "relative": round(shared(u) / baseline, 3),
                "score": round(u.score, 3),
            }
            for u in shown
        ],
        "more_blocks": max(0, len(tail_units) - len(shown)),
        "model": {"flagged_blocks": n_flagged, "threshold": model.threshold},
    }
    return OfftopicTail(
        span=Span.of(text, start.start, units[-1].end), reason=reason, evidence=evidence
    )
