"""Quotations: spans between quote marks, with their kind and speaker.

Marks are paired per paragraph with a stack, using the spacing around each mark the way
CommonMark decides emphasis: a mark followed by a word can open, a mark preceded by one can
close, and a mark glued on both sides goes by its glyph (CJK text has no spaces: 按“总额”而非).
A closing mark closes the nearest open mark of its family (double, single, guillemets, corner
brackets), so „…“, “…”, ”…”, «…», »…«, 「…」, 『…』 and typewriter quotes all pair, and nested
quotes come out as two quotes.

Single marks double as apostrophes. A mark between two letters (``OpenAI's``, ``don’t``) or
before an elision (``'90s``, ``'em``) is never a quote mark; after a plural ``s`` (``players'``)
it closes a quote only when nothing later in the paragraph can.

A quotation running over several paragraphs follows the news convention: each paragraph opens
with a quote mark and only the last one closes. Each paragraph's piece is a quote of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .model import Document, Span
from .rules import quotes as quote_rules
from .text import CJK_CHAR, CJK_OR_PUNCT, WORD, WORD_CHAR

KINDS = ("quotation", "term", "title")

_LEADING_SPACE = re.compile(r"\s*")


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted passage; ``span`` covers the words inside the marks.

    ``kind``: ``quotation``, ``term`` (a short scare-quoted word) or ``title``.
    ``speaker``: who is quoted, where a speech cue names them (``Dresser writes that '…'``,
    ``"…," Santorum told``, ``according to …``, ``Name: "…"``); a pronoun takes the last
    named speaker shortly before; else None.
    ``id`` is unique inside its source (``q1``, ``q2``, ... in text order).
    """

    id: str
    span: Span
    kind: str
    speaker: str | None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, **self.span.to_json(), "kind": self.kind, "speaker": self.speaker}


@dataclass(frozen=True, slots=True)
class _Mark:
    pos: int
    family: str
    can_open: bool
    can_close: bool
    weak: bool  # a closer that may be an apostrophe (players', goin')


def _is_space(ch: str | None) -> bool:
    return ch is None or ch.isspace()


def _is_punct(ch: str | None) -> bool:
    return ch is not None and quote_rules.is_punctuation(ch)


def _is_wordish(ch: str | None) -> bool:
    return ch is not None and ch.isalnum() and not CJK_CHAR.match(ch)


def _classify(text: str, pos: int, lo: int, hi: int) -> _Mark | None:
    """What the mark at ``pos`` can do inside the paragraph ``[lo, hi)``; None: not a mark."""
    ch = text[pos]
    prev = text[pos - 1] if pos > lo else None
    nxt = text[pos + 1] if pos + 1 < hi else None
    family = quote_rules.FAMILY[ch]
    if ch in quote_rules.BRACKETS_ONLY:
        opener = ch in quote_rules.GLYPH_OPENERS
        return _Mark(pos, family, opener, not opener, False)
    weak = False
    if ch in quote_rules.APOSTROPHE_LIKE:
        if _is_wordish(prev) and _is_wordish(nxt):
            return None  # OpenAI's, don’t, rock'n'roll
        if not _is_wordish(prev) and quote_rules.ELISION_AFTER.match(text, pos + 1, hi):
            return None  # '90s, 'em, 'n'
        weak = prev is not None and prev in "sS" and ch in "'’"
    # CommonMark flanking, with punctuation and symbols as "punctuation".
    left = not _is_space(nxt) and (not _is_punct(nxt) or _is_space(prev) or _is_punct(prev))
    right = not _is_space(prev) and (not _is_punct(prev) or _is_space(nxt) or _is_punct(nxt))
    if (left and right) or CJK_OR_PUNCT.match(prev or "") or CJK_OR_PUNCT.match(nxt or ""):
        # Glued on both sides, or in CJK text, which has no spaces (消亡。”反对派): the glyph
        # decides, where it says which end it is.
        if ch in quote_rules.GLYPH_OPENERS:
            left, right = True, False
        elif ch in quote_rules.GLYPH_CLOSERS:
            left, right = False, True
    if not left and not right:
        return None
    return _Mark(pos, family, left, right, weak and right and not left)


@dataclass(slots=True)
class _Carry:
    """A quote left open at the end of a paragraph, running on into the next ones."""

    family: str
    pieces: list[tuple[int, int, int]]  # start, end, paragraph index

    def confirm(self) -> list[tuple[int, int, int]]:
        pieces, self.pieces = self.pieces, []
        return pieces


def _marks(text: str, lo: int, hi: int) -> list[_Mark]:
    found = (
        _classify(text, m.start(), lo, hi) for m in quote_rules.QUOTE_MARK.finditer(text, lo, hi)
    )
    return [m for m in found if m is not None]


def _pairs(text: str, paragraphs: Sequence[Span]) -> list[tuple[int, int, int]]:
    """Inner ranges ``(after opener, before closer, paragraph index)`` of every quote.

    Marks pair inside a paragraph. A quote still open at a paragraph's end runs on (the news
    convention reopens it at the next paragraph's start; a quoted tweet or letter may just go
    on) until a mark closes it, within ``QUOTE_CARRY_PARAGRAPHS``; each paragraph's piece is
    then a quote. One that never closes keeps only its first piece, to its paragraph's end.
    """
    rules = quote_rules.current()
    found: list[tuple[int, int, int]] = []
    carry: _Carry | None = None
    for index, para in enumerate(paragraphs):
        lo, hi = para.start, para.end
        marks = _marks(text, lo, hi) if quote_rules.QUOTE_MARK.search(text, lo, hi) else []
        stack: list[_Mark] = []
        virtual: _Mark | None = None
        if carry is not None:
            if (
                marks
                and marks[0].pos == lo
                and marks[0].can_open
                and marks[0].family == carry.family
            ):
                found.extend(carry.confirm())  # reopened by convention: what ran on is quoted
                virtual = marks.pop(0)
            else:
                virtual = _Mark(lo - 1, carry.family, True, False, False)
            stack.append(virtual)
        for i, mark in enumerate(marks):
            if mark.can_close and stack:
                at = _find_opener(stack, mark.family)
                if at is None and not mark.can_open:
                    fallback = quote_rules.FALLBACK_FAMILY.get(mark.family)
                    at = _find_opener(stack, fallback) if fallback else None
                if (
                    at is not None
                    and mark.weak
                    and any(
                        m.can_close and not m.weak and m.family == stack[at].family
                        for m in marks[i + 1 :]
                    )
                ):
                    at = None  # "the players' union …'": a later mark closes it
                if at is not None:
                    opener = stack[at]
                    del stack[at:]
                    found.append((opener.pos + 1, mark.pos, index))
                    if opener is virtual and carry is not None:
                        found.extend(carry.confirm())
                        carry = None
                    continue
            if mark.can_open:
                stack.append(mark)
        if not stack:
            continue
        piece = (stack[0].pos + 1, hi, index)
        if carry is not None:
            carry.pieces.append(piece)
        elif stack[0].family in quote_rules.CARRY_FAMILIES:
            carry = _Carry(stack[0].family, [piece])
        if carry is not None and len(carry.pieces) > rules.QUOTE_CARRY_PARAGRAPHS:
            found.extend(_give_up(carry))
            carry = None
    if carry is not None:
        found.extend(_give_up(carry))
    return found


def _give_up(carry: _Carry) -> list[tuple[int, int, int]]:
    """A quote that never closed: its first piece, where its mark is a loud one."""
    if not carry.pieces or carry.family not in quote_rules.UNCLOSED_FAMILIES:
        return []
    return carry.pieces[:1]


def _find_opener(stack: list[_Mark], family: str) -> int | None:
    for at in range(len(stack) - 1, -1, -1):
        if stack[at].family == family:
            return at
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _paragraphs(doc: Document) -> Sequence[Span]:
    if doc.paragraphs:
        return doc.paragraphs
    return (Span.of(doc.text, 0, len(doc.text)),) if doc.text else ()


def speaker_turn(line: str) -> tuple[str, int] | None:
    """``(speaker, where the speech starts)`` when ``line`` is a speaker's turn in a
    transcript ("AMY GOODMAN: words", "TRUMP: words"); None otherwise. The speaker is the
    label before the colon without a role after a comma ("JAKE TAPPER, CNN HOST")."""
    rules = quote_rules.current()
    m = rules.SPEAKER_TURN.match(line)
    if m is None:
        return None
    name = " ".join(m.group("name").split())
    named = [w.strip(".").casefold() for w in name.split(" ")]
    if (
        len(named) > rules.TURN_MAX_NAME_WORDS
        or any(w in rules.NOT_SPEAKERS for w in named)
        or named[0] in rules.NOT_NAMES
        or len(name.replace(".", "")) < 2
    ):
        return None
    return name, m.start("speech")


def is_speech(paragraph: str) -> bool:
    """Whether a paragraph is a speaker's turn (:func:`speaker_turn`): its "..." is a pause
    in speech, not text cut off (offtopic's truncated-text cue asks)."""
    return speaker_turn(paragraph) is not None


def _turns(text: str, paragraphs: Sequence[Span]) -> list[tuple[int, int, int, str]]:
    """The speech of every speaker-turn paragraph, ``(start, end, paragraph index, speaker)``,
    when the document reads as a transcript (``TURN_MIN_LINES`` turns, two speakers)."""
    rules = quote_rules.current()
    found = []
    for index, para in enumerate(paragraphs):
        if text[para.start : para.start + 1].isupper():  # a label starts with a capital
            turn = speaker_turn(para.text)
            if turn is not None:
                start, end = _trim(text, para.start + turn[1], para.end)
                if start < end and WORD_CHAR.search(text, start, end):
                    found.append((start, end, index, turn[0]))
    if len(found) < rules.TURN_MIN_LINES or len({t[3].casefold() for t in found}) < 2:
        return []
    return found


def extract_quotes(doc: Document) -> tuple[Quote, ...]:
    """Every quotation in ``doc``, in text order (outer before inner at the same place).

    In a transcript, each speaker's turn is a quotation by that speaker (see
    :func:`speaker_turn`), unless quote marks already enclose it."""
    rules = quote_rules.current()
    text = doc.text
    paragraphs = _paragraphs(doc)
    ranges: list[tuple[int, int, int]] = []  # start, end, paragraph index
    for start, end, index in _pairs(text, paragraphs):
        start, end = _trim(text, start, end)
        if start < end and WORD_CHAR.search(text, start, end):
            ranges.append((start, end, index))
    turns: dict[tuple[int, int], str] = {}
    for start, end, index, who in _turns(text, paragraphs):
        if any(s <= start + 1 and end - 1 <= e for s, e, _ in ranges):
            continue  # 'TRUMP: "We will..."': the marks' quote is the speech
        ranges.append((start, end, index))
        turns[(start, end)] = who
    ranges.sort(key=lambda r: (r[0], -r[1]))
    quotes: list[Quote] = []
    last_named: tuple[int, str] | None = None  # paragraph index, name
    for n, (start, end, index) in enumerate(ranges, 1):
        para = paragraphs[index]
        span = Span.of(text, start, end)
        turn = turns.get((start, end))
        if turn is not None:
            quotes.append(Quote(f"q{n}", span, "quotation", turn))
            last_named = (index, turn)
            continue
        title = _is_title(text, span, para)
        speaker, adjacent = (None, False) if title else _speaker(text, span, para, ranges)
        if speaker is not None and speaker.casefold() in rules.PRONOUNS:
            speaker = (
                last_named[1]
                if last_named is not None and index - last_named[0] <= rules.PRONOUN_PARAGRAPHS
                else None
            )
        elif speaker is not None:
            last_named = (index, speaker)
        if title:
            kind = "title"
        elif (
            len(WORD.findall(span.text)) <= rules.TERM_MAX_WORDS
            and not adjacent
            and not (span.text[:1].isupper() and span.text[-1:] in ".!?")
        ):
            kind = "term"
        else:
            kind = "quotation"
        quotes.append(Quote(f"q{n}", span, kind, speaker))
    return tuple(quotes)


def _is_title(text: str, span: Span, para: Span) -> bool:
    """A quoted title: after a cue word (``titled "Strong."``), or a Title-Case phrase in text
    that is not Title Case itself."""
    rules = quote_rules.current()
    words = WORD.findall(span.text)
    if not words or len(words) > rules.TITLE_MAX_WORDS:
        return False
    before = text[max(para.start, span.start - 40) : max(para.start, span.start - 1)]
    if rules.TITLE_CUE.search(before) and words[0][:1].isupper():
        return True
    core = span.text.rstrip(" .,;:")
    if len(words) < rules.TITLE_MIN_WORDS or ". " in core or ", " in core:
        return False  # a sentence or a list, not a name
    if _title_share(words) < rules.TITLE_CASE_SHARE:
        return False
    outside = WORD.findall(text[para.start : span.start - 1] + " " + text[span.end + 1 : para.end])
    return len(outside) >= 3 and _title_share(outside) < rules.TITLE_CASE_SHARE


def _title_share(words: Sequence[str]) -> float:
    rules = quote_rules.current()
    big = [w for w in words if w.casefold() not in rules.TITLE_SMALL_WORDS]
    if not big:
        return 0.0
    return sum(1 for w in big if quote_rules.is_title_case_word(w)) / len(big)


def _blank_quotes(
    text: str, lo: int, hi: int, ranges: Sequence[tuple[int, int, int]], own: tuple[int, int]
) -> str:
    """``text[lo:hi]`` with other quotes' words blanked (their speech verbs cue nothing)."""
    window = text[lo:hi]
    for start, end, _ in ranges:
        if (start, end) != own and start - 1 < hi and end + 1 > lo:
            # The marks go too: a lone mark would read as a word.
            a, b = max(start - 1, lo) - lo, min(end + 1, hi) - lo
            window = window[:a] + " " * (b - a) + window[b:]
    return window


def _speaker(
    text: str, span: Span, para: Span, ranges: Sequence[tuple[int, int, int]]
) -> tuple[str | None, bool]:
    """The speaker a cue next to the quote names, and whether the cue is adjacent to it.

    A quote inside another looks for cues inside that one only (the enclosing quote's own
    speaker cue introduces the enclosing quote, not this one).
    """
    rules = quote_rules.current()
    own = (span.start, span.end)
    lo, hi = para.start, para.end
    enclosing = [(s, e) for s, e, _ in ranges if s <= span.start - 1 and span.end + 1 <= e]
    if enclosing:
        lo, hi = max(s for s, _ in enclosing), min(e for _, e in enclosing)
    after_lo = min(span.end + 1, hi)
    after = _blank_quotes(
        text, after_lo, min(hi, after_lo + rules.SPEAKER_WINDOW_AFTER), ranges, own
    )
    m = rules.SPEAKER_AFTER.match(after)
    if m:
        name = m.group("name1") or m.group("name2") or m.group("name3")
        cleaned = _clean_name(name)
        if cleaned is not None:
            return cleaned, True
    before_lo = max(lo, span.start - 1 - rules.SPEAKER_WINDOW_BEFORE)
    before = _blank_quotes(text, before_lo, max(lo, span.start - 1), ranges, own)
    cut = None
    for end in quote_rules.SENTENCE_END.finditer(before):
        cut = end.end()
    if cut is not None:
        before = before[cut:]
    cjk = rules.SPEAKER_BEFORE_CJK.search(before)
    if cjk:
        return cjk.group("name"), True
    best: tuple[str, bool] | None = None
    for m in rules.SPEAKER_BEFORE.finditer(before):
        adjacent = quote_rules.CUE_ADJACENT.match(before[m.end() :]) is not None
        role = m.group("role1") or (m.group("name2") and not m.group("name2")[:1].isupper())
        if role and not adjacent:
            continue  # "its stated financial run rate": a role needs the cue right there
        name = m.group("name1") or m.group("role1") or m.group("name2")
        cleaned = _clean_name(name or m.group("name3") or m.group("name4"))
        if cleaned is not None:
            best = (cleaned, adjacent)
    return best if best is not None else (None, False)


_ROLE_LEAD = re.compile(r"^(?i:the|a|an|his|her|their|its|one|another)\s+(?:[a-z][\w'’\-]*\s+)*")


def _clean_name(name: str | None) -> str | None:
    """A speaker's name as written, or None when the cue's subject is not a name."""
    rules = quote_rules.current()
    if not name:
        return None
    name = " ".join(name.split())
    first = name.split(" ", 1)[0].casefold()
    if first in rules.PRONOUNS:
        return first
    # "the NAACP President Benjamin Todd Jealous" -> the capitalised part names the speaker.
    lead = _ROLE_LEAD.match(name)
    if lead and lead.end() < len(name) and name[lead.end()].isupper():
        name = name[lead.end() :]
    words = name.split(" ")
    if words[0].casefold().strip(".") in rules.NOT_NAMES and not lead:
        words = words[1:]
        if not words or not words[0][:1].isupper():
            return None
        name = " ".join(words)
    return name.rstrip(".,") or None
