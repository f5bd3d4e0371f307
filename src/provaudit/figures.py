"""Figures (money, percentages, counts, durations, dates) normalised to a value and a unit, and
cross-source checks of figures stated about the same thing.

Extraction is a handful of patterns (``rules/figures.py``) tried at every place, the most
specific kept where they overlap: money ("$30 billion", "30 billion dollars", "$30B",
"$300亿" = 3e10 USD, "30 млрд долларов"), percentages ("12.5%", "百分之五"), bare magnitudes
("30 млрд" = 3e10), hyphenated counts ("four-page" = 4 page; "nine-figure" = at least 1e8 of
money), counts ("five priorities"), durations ("10-year") and dates ("April 14, 2026",
"2026年4月14日", "14 апреля"). A qualifier just before ("about", "more than", "up to") sets
the figure's ``bound``.

Checks: two sources' figures of the same kind and unit (money, percentages, counts and dates
to the month; not durations or bare years) are about the same thing when the content words
around them (same sentence, up to ``CONTEXT_WORDS`` either side) share at least
``FIGURE_MIN_SHARED``. A figure links to an equal figure in the other source when there is
one; only two figures that both have no equal counterpart there, are each other's best match
and share ``FIGURE_MIN_SHARED_DISAGREE`` context words link as a disagreement. Linked figures form a check (connected components); it agrees
when every pair of its values does.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .align import stem
from .model import Document, Span
from .patterns import guarded
from .rules import figures as figure_rules
from .rules.quotes import words
from .text import FUNCTION_WORDS as STOPWORDS

KINDS = ("money", "percent", "count", "duration", "date")
BOUNDS = ("exact", "about", "at_least", "at_most", "range")
VERDICTS = ("agree", "compatible", "disagree")

_PREFIX_MONEY = re.compile(
    rf"(?P<sign>{figure_rules.CURRENCY_SIGN})\s?(?P<num>{figure_rules.NUMBER})"
    rf"(?:\s?(?P<mag>{figure_rules.MAGNITUDE})|(?P<abbr>{figure_rules.MAGNITUDE_ABBREV}))?"
    rf"(?:\s?(?P<word>{figure_rules.CURRENCY_WORD}))?"
)
# A number: digits or words not glued to a word before; Chinese numerals may be (的三百亿).
_NUM = rf"(?:(?<![\w.,])(?:{figure_rules.NUMBER}|{figure_rules.WORD_NUMBER})|{figure_rules.CJK_NUMBER})"
_SUFFIX_MONEY = guarded(
    rf"(?P<num>{_NUM})\s?(?:(?P<mag>{figure_rules.MAGNITUDE})\s?)?"
    rf"(?:of\s)?(?P<word>{figure_rules.CURRENCY_WORD})"
)
_MAGNITUDE = guarded(rf"(?P<num>{_NUM})\s?(?P<mag>{figure_rules.MAGNITUDE})(?!\s+of\b)")
_PERCENT = guarded(
    rf"(?<![\w.,])(?P<num>{figure_rules.NUMBER})(?P<pct>{figure_rules.PERCENT})(?![^\W\d_])"
    rf"|{figure_rules.PERCENT_PREFIX}(?P<num2>{figure_rules.NUMBER}|{figure_rules.CJK_NUMBER})"
)
_HYPHEN_COUNT = guarded(
    rf"(?<![\w.,-])(?P<num>\d+|{figure_rules.WORD_NUMBER})-(?P<noun>[^\W\d_]+)(?![\w-])"
)
_COUNT = guarded(
    rf"(?<![\w.,$€£¥-])(?P<num>{figure_rules.NUMBER}|{figure_rules.WORD_NUMBER})\s(?P<noun>[^\W\d_][\w'’]*)"
)
# Patterns that start with a digit or a name get a look-ahead guard (patterns.guarded: most
# offsets turned away with one test; figure extraction 0.52 s -> 0.4 s on the 181 benchmark
# pages); the ISO date starts with literal digits, which the engine searches for itself.
_DATES = tuple(
    re.compile(p) if p.startswith("(?P<y1>") else guarded(p) for p in figure_rules.DATE_PATTERNS
)
# Date patterns that start with a month name (a case-insensitive alternation, which the regex
# engine tries at every position of a text: two thirds of figure extraction time). A match of
# one starts MONTH_LETTERS letters before the end of a run of letters that is followed by an
# optional dot, space and a digit, so only those places are tried.
_MONTH_FIRST = frozenset(
    i for i, p in enumerate(figure_rules.DATE_PATTERNS) if p.startswith(("(?P<mn2>", "(?P<mn4>"))
)
_MONTH_LETTERS = range(min(map(len, figure_rules.MONTHS)), max(map(len, figure_rules.MONTHS)) + 1)
_BEFORE_DAY_OR_YEAR = re.compile(r"(?<![^\W\d_])[^\W\d_]+(?=\.?\s+\d)")
_QUALIFIER = re.compile(figure_rules.QUALIFIER)
_PRECEDING_WORD = re.compile(r"([^\W\d_][\w'’.-]*)\s*$")
_SENTENCE_END = re.compile(r"[.!?。！？]\s|\n")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_SCRIPT_RUN = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]+|[^\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]+"
)


@dataclass(frozen=True, slots=True)
class Figure:
    """A stated quantity: ``value`` in ``unit`` (3e10 ``USD``); ``kind`` money, percent,
    count, duration or date; ``bound`` exact, about, at_least or at_most. Dates carry ``iso``
    (``2026-04-14``, ``2026-04``, ``--04-14`` without a year) and a value YYYYMMDD.
    ``precision`` is the place of the last digit written (1e9 for "$30 billion")."""

    span: Span
    value: float
    unit: str | None
    kind: str
    bound: str = "exact"
    iso: str | None = None
    precision: float = field(default=1.0, compare=False)
    counts: str | None = None
    high: float | None = None

    @property
    def granularity(self) -> str | None:
        """Dates only: ``year``, ``month`` or ``day``, as precise as the date is written."""
        if self.iso is None:
            return None
        parts = self.iso.removeprefix("--").count("-") + (0 if self.iso.startswith("--") else 1)
        return ("year", "month", "day")[min(parts, 3) - 1]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            **self.span.to_json(),
            "value": _number(self.value),
            "unit": self.unit,
            "kind": self.kind,
            "bound": self.bound,
            "counts": self.counts,
        }
        if self.high is not None:
            out["high"] = _number(self.high)
        if self.iso is not None:
            out["iso"] = self.iso
            out["granularity"] = self.granularity
        return out


def _number(value: float) -> float | int:
    """An integral value as an int (JSON ``30000000000``, not ``3e10``)."""
    return int(value) if value.is_integer() and abs(value) < 2**63 else value


# --- Numbers ------------------------------------------------------------------------------------


def parse_number(text: str) -> tuple[float, float] | None:
    """``(value, precision)`` of digits as written: ``"1,234.5"`` -> (1234.5, 0.1);
    ``"30,5"`` -> (30.5, 0.1); ``"1 234"`` -> (1234, 1); word numbers ("twenty-five") too."""
    text = unicodedata.normalize("NFKC", text).strip()
    if not text:
        return None
    if text[0] in figure_rules.CJK_DIGITS or text[0] in figure_rules.CJK_UNITS:
        return _cjk_number(text)
    if not text[0].isdigit():
        return _word_number(text)
    digits = re.sub(r"[ \u00a0\u202f\u2009]", "", text)
    if "," in digits and "." in digits:
        decimal = max(digits.rfind(","), digits.rfind("."))
        whole = re.sub(r"[.,]", "", digits[:decimal])
        fraction = digits[decimal + 1 :]
    elif "," in digits:
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+", digits):
            whole, fraction = digits.replace(",", ""), ""
        else:
            whole, _, fraction = digits.partition(",")
    elif "." in digits:
        if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", digits):
            whole, fraction = digits.replace(".", ""), ""
        else:
            whole, _, fraction = digits.partition(".")
    else:
        whole, fraction = digits, ""
    try:
        value = float(f"{whole}.{fraction}" if fraction else whole)
    except ValueError:
        return None
    return value, 10.0 ** -len(fraction)


def _cjk_number(text: str) -> tuple[float, float] | None:
    """五 -> 5, 三十 -> 30, 十五 -> 15, 两千五百 -> 2500, 三〇五 -> 305 (digit by digit)."""
    if not any(ch in figure_rules.CJK_UNITS for ch in text):
        digits = "".join(
            str(figure_rules.CJK_DIGITS[ch]) for ch in text if ch in figure_rules.CJK_DIGITS
        )
        return (float(digits), 1.0) if digits else None
    total = current = 0
    for ch in text:
        if ch in figure_rules.CJK_DIGITS:
            current = figure_rules.CJK_DIGITS[ch]
        else:
            total += max(current, 1) * figure_rules.CJK_UNITS[ch]
            current = 0
    total += current
    return float(total), 1.0


def _word_number(text: str) -> tuple[float, float] | None:
    total = 0
    for word in re.split(r"[\s-]+", text.casefold()):
        n = figure_rules.WORD_NUMBERS.get(word)
        if n is None:
            return None
        if word in ("hundred", "dozen"):
            total = max(total, 1) * n
        else:
            total += n
    return float(total), 1.0


def _magnitude(word: str | None) -> float:
    if not word:
        return 1.0
    return figure_rules.MAGNITUDES.get(" ".join(word.casefold().rstrip(".").split()), 1.0)


def _currency(sign: str | None, word: str | None, magnitude: str | None) -> str | None:
    if word:
        unit = figure_rules.CURRENCY_WORDS.get(word.casefold().rstrip("."))
        if unit is not None:
            return unit
    if sign:
        unit = figure_rules.CURRENCY_SIGNS.get(sign)
        if sign == "¥" and (
            (magnitude and magnitude[0] in figure_rules.YUAN_HINTS) or word == "元"
        ):
            return "CNY"
        return unit
    return None


# --- Extraction -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    priority: int  # lower wins where candidates overlap
    value: float
    unit: str | None
    kind: str
    precision: float
    bound: str | None = None
    iso: str | None = None


def _money(text: str) -> list[_Found]:
    out = []
    for m in _PREFIX_MONEY.finditer(text):
        parsed = parse_number(m.group("num"))
        if parsed is None:
            continue
        mag = m.group("mag") or m.group("abbr")
        scale = _magnitude(mag)
        unit = _currency(m.group("sign"), m.group("word"), mag)
        out.append(
            _Found(m.start(), m.end(), 0, parsed[0] * scale, unit, "money", parsed[1] * scale)
        )
    for m in _SUFFIX_MONEY.finditer(text):
        parsed = parse_number(m.group("num"))
        if parsed is None:
            continue
        scale = _magnitude(m.group("mag"))
        unit = _currency(None, m.group("word"), m.group("mag"))
        out.append(
            _Found(m.start(), m.end(), 0, parsed[0] * scale, unit, "money", parsed[1] * scale)
        )
    return out


def _percents(text: str) -> list[_Found]:
    out = []
    for m in _PERCENT.finditer(text):
        parsed = parse_number(m.group("num") or m.group("num2"))
        if parsed is None:
            continue
        pct = (m.group("pct") or "").casefold()
        unit = "percentage point" if "point" in pct else "percent"
        out.append(_Found(m.start(), m.end(), 1, parsed[0], unit, "percent", parsed[1]))
    return out


def _month_starts(text: str) -> list[int]:
    """Every offset where a month name followed by a day or a year could start, in order."""
    starts: list[int] = []
    for m in _BEFORE_DAY_OR_YEAR.finditer(text):
        a, q = m.span()
        starts.extend(q - n for n in reversed(_MONTH_LETTERS) if q - n >= a)
    return starts


def _matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` when every match starts at one of ``starts`` (ascending)."""
    end = 0
    for p in starts:
        if p >= end and (m := pattern.match(text, p)) is not None:
            end = m.end()
            yield m


def _dates(text: str) -> list[_Found]:
    rules = figure_rules.current()
    out = []
    starts: list[int] | None = None
    for i, pattern in enumerate(_DATES):
        if i in _MONTH_FIRST:
            if starts is None:
                starts = _month_starts(text)
            found = _matches_at(pattern, text, starts)
        else:
            found = pattern.finditer(text)
        for m in found:
            groups = {k: v for k, v in m.groupdict().items() if v}
            year = next((int(v) for k, v in groups.items() if k.startswith("y")), None)
            month_name = next((v for k, v in groups.items() if k.startswith("mn")), None)
            month = next(
                (int(v) for k, v in groups.items() if k[0] == "m" and k[1:].isdigit()), None
            )
            day = next((int(v) for k, v in groups.items() if k.startswith("d")), None)
            if month_name is not None:
                name = month_name.casefold().rstrip(".")
                month = figure_rules.MONTHS[name]
                if name in rules.AMBIGUOUS_MONTHS and day is None and month_name[0].islower():
                    continue  # "may 2020" in lower case is a verb more often than a month
            if year is None and month is None:
                continue
            if day is not None and month is None:
                continue
            if year is not None and month is None:
                iso = f"{year:04d}"
            elif year is None:
                iso = f"--{month:02d}" + (f"-{day:02d}" if day else "")
            else:
                iso = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
            value = (year or 0) * 10000 + (month or 0) * 100 + (day or 0)
            start, end = m.span("fig") if "fig" in groups else m.span()
            out.append(_Found(start, end, 2, float(value), None, "date", 1.0, iso=iso))
    return out


def _magnitudes(text: str) -> list[_Found]:
    out = []
    for m in _MAGNITUDE.finditer(text):
        parsed = parse_number(m.group("num"))
        if parsed is None:
            continue
        scale = _magnitude(m.group("mag"))
        out.append(
            _Found(m.start(), m.end(), 3, parsed[0] * scale, None, "count", parsed[1] * scale)
        )
    return out


def _hyphen_counts(text: str) -> list[_Found]:
    rules = figure_rules.current()
    out = []
    for m in _HYPHEN_COUNT.finditer(text):
        parsed = parse_number(m.group("num"))
        if parsed is None or parsed[0] <= 0:
            continue
        noun = m.group("noun").casefold()
        if noun == figure_rules.FIGURE_DIGITS_NOUN:
            # "nine-figure": a sum with that many digits, at least 10^(n-1).
            value = 10.0 ** (parsed[0] - 1)
            out.append(_Found(m.start(), m.end(), 4, value, None, "money", value, bound="at_least"))
            continue
        kind = "duration" if noun in rules.TIME_NOUNS else "count"
        out.append(_Found(m.start(), m.end(), 4, parsed[0], noun, kind, parsed[1]))
    return out


def _counts(text: str) -> list[_Found]:
    rules = figure_rules.current()
    out = []
    for m in _COUNT.finditer(text):
        num, noun = m.group("num"), m.group("noun")
        if noun.casefold() in rules.NOT_COUNT_NOUNS or not noun[0].islower() or len(noun) < 2:
            continue
        if num.casefold() in rules.WORD_NUMBERS_NOT_COUNTS:
            continue
        if re.fullmatch(r"(?:1[89]|20)\d\d", num):
            continue  # a year ("2019 election"), not 2,019 elections
        before = _PRECEDING_WORD.search(text, max(0, m.start() - 30), m.start())
        if (
            before is not None
            and before.group(1)[0].isupper()
            and before.group(1).casefold() not in _DETERMINERS
        ):
            continue  # "Layer 2 network", "Section 3 says": a label, not a count
        parsed = parse_number(num)
        if parsed is None:
            continue
        unit = _singular(noun.casefold())
        kind = "duration" if unit in rules.TIME_NOUNS else "count"
        out.append(_Found(m.start(), m.end(), 5, parsed[0], unit, kind, parsed[1]))
    return out


_DETERMINERS = frozenset(
    words("the these those all only about some nearly over its their his her our")
)


def _singular(noun: str) -> str:
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith("s") and not noun.endswith(("ss", "us", "is")) and len(noun) > 3:
        return noun[:-1]
    return noun


def extract_figures(doc: Document) -> tuple[Figure, ...]:
    """Every figure stated in ``doc``, in text order."""
    text = doc.text
    if not _ANY_DIGIT.search(text) and not _ANY_WORD_NUMBER.search(text):
        return ()
    found = (
        _money(text)
        + _percents(text)
        + _dates(text)
        + _magnitudes(text)
        + _hyphen_counts(text)
        + _counts(text)
    )
    found.sort(key=lambda f: (f.priority, f.start, -(f.end - f.start)))
    kept: list[_Found] = []
    taken: list[tuple[int, int]] = []
    for f in found:
        if any(f.start < e and s < f.end for s, e in taken):
            continue
        kept.append(f)
        taken.append((f.start, f.end))
    kept.sort(key=lambda f: (f.start, f.end))
    figures: list[Figure] = []
    for f in kept:
        if figures and f.start < figures[-1].span.end:
            continue  # the low end of a range taken by the figure before
        start, bound, high, value = f.start, f.bound, None, f.value
        ranged = _range_start(text, f) if f.kind != "date" else None
        if ranged is not None:
            start, value, high, bound = ranged[0], ranged[1], f.value, "range"
            while figures and figures[-1].span.start >= start:
                figures.pop()  # "$19" of "between $19 and $22 million"
        bound = bound or _bound(text, start)
        counts = _counts_of(text, start, f.end, f.kind, f.unit)
        figures.append(
            Figure(
                Span.of(text, start, f.end),
                value,
                f.unit,
                f.kind,
                bound,
                f.iso,
                f.precision,
                counts,
                high,
            )
        )
    return tuple(figures)


_RANGE_LOW = re.compile(
    rf"(?:{figure_rules.RANGE_LEAD})?(?P<sign>{figure_rules.CURRENCY_SIGN})?(?P<num>{figure_rules.NUMBER}"
    rf"|{figure_rules.WORD_NUMBER})(?:\s?(?P<mag>{figure_rules.MAGNITUDE}))?{figure_rules.RANGE_JOIN}$"
)
_RANGE_REACH = 48  # characters before a figure searched for the low end of a range


def _range_start(text: str, f: _Found) -> tuple[int, float, float] | None:
    """``(start, low)`` when ``f`` is the high end of a range ("from 500,000 to 1.6
    million"), the low end in the figure's scale (19 of "between $19 and $22 million" is
    $19 million)."""
    lo = max(0, f.start - _RANGE_REACH)
    m = _RANGE_LOW.search(text, lo, f.start)
    if m is None or (m.start() > lo and (text[m.start() - 1].isalnum())):
        return None
    parsed = parse_number(m.group("num"))
    if parsed is None or parsed[0] <= 0:
        return None
    low = parsed[0] * _magnitude(m.group("mag"))
    if not m.group("mag") and f.value > low * 1000:
        # The high end's magnitude covers both: the largest power of ten keeping low <= high.
        scale = 10.0 ** int(math.log10(f.value / low))
        low *= scale
    if low >= f.value:
        return None  # "2-1", "9/11 10": not a range upwards
    lead = m.start()
    return lead, low, f.value


_SUBJECT_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


def _words_after(text: str, end: int, limit: int) -> list[tuple[str, int]]:
    """Up to ``limit`` words after ``end`` in its clause, case-folded, with their starts."""
    out: list[tuple[str, int]] = []
    pos = end
    while len(out) < limit:
        m = _SUBJECT_WORD.match(text, pos + len(text[pos:]) - len(text[pos:].lstrip(" ")))
        if m is None:
            break
        out.append((m.group().casefold().replace("’", "'"), m.start()))
        pos = m.end()
    return out


def _counts_of(text: str, start: int, end: int, kind: str, unit: str | None) -> str | None:
    """What a figure counts: the head noun or verb it attaches to, as written (case-folded).

    "84 people were killed" -> killed; "$30 billion in revenue" -> revenue; "a valuation of
    $30 billion" -> valuation; "$300亿年化营收" -> 年化营收. None for dates and where no word
    says it (see ``SUBJECT_LINKS``)."""
    rules = figure_rules.current()
    if kind == "date":
        return None
    cjk = _CJK_RUN.match(text, end)
    if cjk is not None:
        run = cjk.group()
        for n, ch in enumerate(run):
            if ch in figure_rules.CJK_SUBJECT_STOPS:
                run = run[:n]
                break
        return run[: rules.CJK_SUBJECT_CHARS] or None
    after = _words_after(text, end, 6)
    head: str | None = None
    i = 0
    if kind == "count" and unit is not None:
        head = unit  # the counted noun, already read ("five priorities")
    else:
        if i < len(after) and after[i][0] in rules.SUBJECT_LINKS:
            i += 1
        phrase: list[str] = []
        while i < len(after) and len(phrase) < rules.SUBJECT_WORDS:
            word = after[i][0]
            if (
                word in STOPWORDS
                or word in rules.SUBJECT_AUXILIARIES
                or word in rules.SUBJECT_PHRASE_STOPS
                or not word.isalpha()
            ):
                break
            if not text[after[i][1]].islower():
                break
            phrase.append(word)
            i += 1
        if phrase:
            head = phrase[-1]
    if head in rules.SUBJECT_PHRASE_STOPS:
        head = None
    # What happened to the counted: "people were killed", "people killed".
    j = i
    while j < len(after) and after[j][0] in rules.SUBJECT_AUXILIARIES:
        j += 1
    if kind == "count" and j < len(after) and after[j][0] in rules.SUBJECT_OUTCOMES:
        return after[j][0]
    if head is None or head in rules.GENERIC_SUBJECTS:
        left = _word_before(text, start)
        if left is not None:
            return left
    return head


_LEFT_WORDS = re.compile(r"([^\W\d_]+(?:['’][^\W\d_]+)*)[^\w\n]*$")


def _word_before(text: str, start: int) -> str | None:
    """The nearest content word before ``start`` in its clause (skipping SUBJECT_LEFT_SKIP and
    a qualifier), lower-case as written; None past a sentence end or a capitalised name."""
    rules = figure_rules.current()
    pos = start
    for _ in range(4):
        m = _LEFT_WORDS.search(text, max(0, pos - 40), pos)
        if m is None or _SENTENCE_END.search(text, m.end(1), pos):
            return None
        word = m.group(1).casefold().replace("’", "'")
        if (
            word in rules.SUBJECT_LEFT_SKIP
            or word in figure_rules.QUALIFIERS
            or word in ("than", "least", "most", "just", "only", "nearly", "roughly", "some")
        ):
            pos = m.start(1)
            continue
        if not m.group(1)[0].islower() or word in STOPWORDS or _CJK.search(word):
            return None
        return word
    return None


_ANY_WORD_NUMBER = re.compile(figure_rules.WORD_NUMBER)
_ANY_DIGIT = re.compile(r"\d|" + figure_rules.CJK_NUMBER)


def _bound(text: str, start: int) -> str:
    m = _QUALIFIER.search(text, max(0, start - 24), start)
    if m is None:
        return "exact"
    return figure_rules.QUALIFIERS.get(m.group().strip().casefold(), "exact")


# --- Checks -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FigureCheck:
    """Figures several sources state about the same thing, and whether they agree.

    ``members``: each figure with its ``source``; ``context``: content words the linked
    figures' surroundings share (as written, nearest the first figure first), the first few
    of which make ``about``; ``values``: the distinct values stated; ``verdict``: agree,
    compatible or disagree (see :func:`relation`; ``agree`` is False only for disagree);
    ``subject``: what the figures count, in words ("killed", "revenue / 年化营收")."""

    id: str
    agree: bool
    members: tuple[dict[str, Any], ...]
    kind: str = "count"
    unit: str | None = None
    values: tuple[float, ...] = ()
    context: tuple[str, ...] = ()
    verdict: str = "agree"
    subject: str = ""

    def to_json(self) -> dict[str, Any]:
        rules = figure_rules.current()
        return {
            "id": self.id,
            "agree": self.agree,
            "verdict": self.verdict,
            "subject": self.subject,
            "kind": self.kind,
            "unit": self.unit,
            "values": [_number(v) for v in self.values],
            "about": " ".join(self.context[: rules.ABOUT_WORDS]),
            "context": list(self.context),
            "members": list(self.members),
        }


def context_words(text: str, figures: Sequence[Figure]) -> list[tuple[tuple[str, str], ...]]:
    """Each figure's context: the content words near it in its sentence, not past a
    neighbouring figure (see ``CONTEXT_WORDS``), in text order, as ``(stem, word)``."""
    out = []
    for n, fig in enumerate(figures):
        lo = figures[n - 1].span.end if n > 0 else 0
        hi = figures[n + 1].span.start if n + 1 < len(figures) else len(text)
        left_end = fig.span.start
        for m in _SENTENCE_END.finditer(text, lo, left_end):
            lo = m.end()
        stop = _SENTENCE_END.search(text, fig.span.end, hi)
        if stop is not None:
            hi = stop.start()
        left = _context(text[lo:left_end])
        left = left[len(left) - _reach(reversed(left)) :]
        right = _context(text[fig.span.end : hi])
        out.append(tuple(left + right[: _reach(right)]))
    return out


def _reach(words: Iterable[tuple[str, str]]) -> int:
    """How many of ``words`` (nearest first) make ``CONTEXT_WORDS`` words: a Chinese
    character counts half (a Chinese word is one to two characters, mostly two)."""
    rules = figure_rules.current()
    budget = float(rules.CONTEXT_WORDS)
    n = 0
    for _, word in words:
        budget -= 0.5 if len(word) == 1 and _CJK.match(word) else 1.0
        if budget < 0:
            break
        n += 1
    return n


def _context(text: str) -> list[tuple[str, str]]:
    words: list[tuple[str, str]] = []
    for m in _WORD.finditer(text):
        word = m.group().casefold().replace("’", "'")
        if _CJK.search(word):
            # Chinese glued to Latin (说Anthropic对外): each character, and the Latin words.
            for part in _SCRIPT_RUN.findall(word):
                if _CJK.match(part):
                    words.extend((ch, ch) for ch in part if ch not in STOPWORDS)
                elif len(part) > 1 and (key := stem(part)) not in STOPWORDS:
                    words.append((key, part))
            continue
        key = stem(word)
        if key not in STOPWORDS and word not in figure_rules.CONTEXT_STOPWORDS and len(key) > 1:
            words.append((key, word))
    return words


def values_agree(a: Figure, b: Figure) -> bool:
    """Whether two figures' values can both be right (see :func:`relation`)."""
    return relation(a, b) != "disagree"


def relation(a: Figure, b: Figure) -> str:
    """``agree``, ``compatible`` or ``disagree``: the two figures' values as intervals.

    Each figure stands for an interval: a range its two ends; "at least" up from its value,
    "at most" down to it; "about" within ``ABOUT_TOLERANCE``; an exact value what rounds to it
    at the precision written (a round figure of ``ROUND_FIGURE_MIN`` or more, what rounds or
    truncates to it: "$43 million" for $43,885,310); a date its whole year, month or day as
    written. Disjoint intervals disagree; one inside the other agree ("at least 84" and
    "84", "November 2015" and "Nov. 13, 2015"); overlapping ones are compatible (both can be
    right, neither says the other: "about 60,000" and "more than 60,000")."""
    if a.kind == "date" or b.kind == "date":
        ia, ib = _date_interval(a, b), _date_interval(b, a)
        ca, cb = ia, ib
    elif a.bound == b.bound == "exact":
        return _exact_relation(a, b)
    else:
        ia, ib = _interval(a), _interval(b)
        # What each states, without the slack of rounding: an exact value is its value.
        ca = (a.value, a.value) if a.bound == "exact" else ia
        cb = (b.value, b.value) if b.bound == "exact" else ib
    if ia[0] > ib[1] or ib[0] > ia[1]:
        return "disagree"
    if (ia[0] <= cb[0] and cb[1] <= ia[1]) or (ib[0] <= ca[0] and ca[1] <= ib[1]):
        return "agree"
    return "compatible"


def near_values(a: Figure, b: Figure) -> bool:
    """Whether two values are near enough to be one quantity reported differently (see
    ``DISAGREE_MAX_RATIO``; dates within ``DISAGREE_MAX_DAYS``)."""
    rules = figure_rules.current()
    if a.kind == "date" or b.kind == "date":
        ia, ib = _date_interval(a, b), _date_interval(b, a)
        gap = max(ia[0], ib[0]) - min(ia[1], ib[1])  # YYYYMMDD numbers: months are 100 apart
        return gap <= rules.DISAGREE_MAX_DAYS or (ia[0] // 100 == ib[0] // 100)
    lo, hi = sorted((abs(a.value), abs(b.value)))
    return lo > 0 and hi / lo <= rules.DISAGREE_MAX_RATIO


def _rounding(f: Figure) -> float:
    """The place a figure is rounded to: the last digit written, or for a round figure of
    ``ROUND_FIGURE_MIN`` or more its last non-zero digit ("$700 billion": 1e11)."""
    rules = figure_rules.current()
    p = f.precision
    if abs(f.value) >= rules.ROUND_FIGURE_MIN:
        while p * 10 <= abs(f.value) and math.isclose(f.value % (p * 10), 0, abs_tol=p / 1000):
            p *= 10
    return p


def _exact_relation(a: Figure, b: Figure) -> str:
    """Two exact values: equal at the precision both are written to agree; a round figure
    agrees with a more precise value it rounds or truncates to; else they disagree."""
    rules = figure_rules.current()
    pa, pb = _rounding(a), _rounding(b)
    coarse, fine = (a, b) if pa >= pb else (b, a)
    p = max(pa, pb)
    if min(pa, pb) == p or abs(coarse.value) < rules.ROUND_FIGURE_MIN:
        ok = abs(a.value - b.value) <= p / 2 * (1 + 1e-9)
    elif abs(coarse.value) >= 10 * p:
        # Two significant digits or more: rounded or truncated ("$43 million").
        ok = coarse.value - p / 2 <= fine.value < coarse.value + p
    else:
        # One ("50,000", "$700 billion"): rounded only, and by ROUND_SHARE at most.
        ok = abs(fine.value - coarse.value) <= min(p / 2, rules.ROUND_SHARE * abs(coarse.value))
    return "agree" if ok else "disagree"


def _interval(f: Figure) -> tuple[float, float]:
    """The values a figure allows (a bound is taken as written: "at least 84" from 84)."""
    rules = figure_rules.current()
    slack = f.precision / 2
    if f.bound == "range" and f.high is not None:
        return f.value - slack, f.high + slack
    if f.bound == "at_least":
        return f.value, math.inf
    if f.bound == "at_most":
        return -math.inf, f.value
    if f.bound == "about":
        spread = rules.ABOUT_TOLERANCE * abs(f.value)
        return f.value - spread - slack, f.value + spread + slack
    slack = min(_rounding(f) / 2, max(slack, rules.ROUND_SHARE * abs(f.value)))
    return f.value - slack, f.value + slack


def _date_interval(f: Figure, other: Figure) -> tuple[float, float]:
    """A date's first and last day (as YYYYMMDD numbers) at its granularity; without a year
    (--11-13), or compared with one written without, month and day only."""
    iso = f.iso or ""
    yearless = iso.startswith("--") or (other.iso or "").startswith("--")
    parts = iso.removeprefix("--").split("-")
    if not iso.startswith("--"):
        year, rest = int(parts[0]), parts[1:]
    else:
        year, rest = 0, parts
    if yearless:
        year = 0
    month = int(rest[0]) if rest else None
    day = int(rest[1]) if len(rest) > 1 else None
    if month is None:
        return year * 10000 + 101, year * 10000 + 1231
    if day is None:
        return year * 10000 + month * 100 + 1, year * 10000 + month * 100 + 31
    value = year * 10000 + month * 100 + day
    return value, value


@dataclass(frozen=True, slots=True)
class FigureFeatures:
    """What checks need of one source's figures: the figures and the words around each
    (``(stem, word)`` in text order). Computed per source (a map); picklable."""

    source: str
    figures: tuple[Figure, ...]
    contexts: tuple[tuple[tuple[str, str], ...], ...]
    # Each figure's subject keys (what it counts, see subject_keys); empty where unknown.
    subjects: tuple[frozenset[str], ...] = ()


def figure_features(source: str, text: str, figures: Sequence[Figure]) -> FigureFeatures:
    """The features of one source's figures (pure)."""
    return FigureFeatures(
        source,
        tuple(figures),
        tuple(context_words(text, figures)),
        tuple(subject_keys(text, f) for f in figures),
    )


def _concept(word: str) -> str:
    """A subject word's key: its concept where SUBJECT_CONCEPTS has one (in any language),
    else its stem. Chinese runs take the concept of a word they contain (年化营收: revenue)."""
    return _concept_in(_concepts(figure_rules.current()), word)


@dataclass(frozen=True)
class _Concepts:
    """SUBJECT_CONCEPTS as looked up: by word and by stem; the Chinese words, longest first;
    the keys of SUBJECT_OUTCOMES."""

    by_word: dict[str, str]
    cjk: tuple[tuple[str, str], ...]
    outcomes: frozenset[str] = frozenset()


def _concept_in(table: _Concepts, word: str) -> str:
    found = table.by_word.get(word) or table.by_word.get(stem(word))
    if found is not None:
        return found
    if _CJK.match(word):
        for key, concept in table.cjk:
            if key in word:
                return concept
        return word
    return stem(word)


@functools.cache
def _concepts(rules: figure_rules.FigureRules) -> _Concepts:
    """The concept tables of the rules in force (built once for each)."""
    by_word = {
        **{stem(w): c for w, c in rules.SUBJECT_CONCEPTS.items()},
        **rules.SUBJECT_CONCEPTS,
    }
    cjk = sorted(
        ((w, c) for w, c in rules.SUBJECT_CONCEPTS.items() if _CJK.match(w)),
        key=lambda x: -len(x[0]),
    )
    table = _Concepts(by_word, tuple(cjk))
    outcomes = frozenset(_concept_in(table, w) for w in rules.SUBJECT_OUTCOMES)
    return _Concepts(by_word, tuple(cjk), outcomes)


def subject_keys(text: str, fig: Figure) -> frozenset[str]:
    """What a figure is about, as keys: its ``counts`` and the words naming it right after it
    (through "in", "of": "$30 billion revenue figure" is about revenue and figure) or just
    before it, each as its concept or stem; generic words ("people") left out."""
    rules = figure_rules.current()
    if fig.kind == "date":
        return frozenset()
    found: set[str] = set()
    if fig.counts:
        found.add(fig.counts)
    after = _words_after(text, fig.span.end, rules.SUBJECT_WORDS + 1)
    for n, (word, at) in enumerate(after):
        if n == 0 and word in rules.SUBJECT_LINKS:
            continue
        if (
            word in STOPWORDS
            or word in rules.SUBJECT_AUXILIARIES
            or word in rules.SUBJECT_PHRASE_STOPS
            or not text[at].islower()
        ):
            break
        found.add(word)
    # A word before names the subject only through "of" ("a valuation of $30 billion");
    # a verb before ("divert $3.6 billion", "to the tune of") says what was done with it.
    left = _word_before(text, fig.span.start)
    if left is not None and _OF_BEFORE.search(text, max(0, fig.span.start - 8), fig.span.start):
        found.add(left)
    elif fig.counts == left:
        found.discard(left)
    return frozenset(
        _concept(w) for w in found if w not in rules.GENERIC_SUBJECTS and w not in STOPWORDS
    )


def same_subject(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two figures' subjects allow them to be about the same thing: they share a key
    and do not name two different outcomes (killed and injured)."""
    if not a or not b:
        return True  # nothing says what one of them counts: the context words decide
    return not _other_outcomes(a, b) and bool(a & b)


def _other_outcomes(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two subjects name different outcomes (killed, injured): never one quantity.
    Other words may differ and still name it ("revenue figure", "annualized revenue")."""
    keys = _concepts(figure_rules.current()).outcomes
    outcomes_a, outcomes_b = a & keys, b & keys
    return bool(outcomes_a and outcomes_b and not outcomes_a & outcomes_b)


_OF_BEFORE = re.compile(r"\bof\s+(?:\S+\s+)?$")


def check_figures(
    figures: Sequence[tuple[str, Document, Sequence[Figure]]],
) -> tuple[FigureCheck, ...]:
    """Group figures that several sources state about the same thing; say whether they agree.

    Independent of the order of ``figures``; ids f1, f2, ... in the order of members' places.
    """
    return check_figure_features(
        [figure_features(source, doc.text, figs) for source, doc, figs in figures]
    )


def check_figure_features(features: Sequence[FigureFeatures]) -> tuple[FigureCheck, ...]:
    """:func:`check_figures` from per-source features: an index join on context words."""
    rules = figure_rules.current()
    if len({feat.source for feat in features}) < 2:
        return ()  # a check compares sources: none with one (`audit PAGE`)
    items: list[tuple[str, Figure, frozenset[str]]] = []
    spelled: list[tuple[tuple[str, str], ...]] = []
    subjects: list[frozenset[str]] = []
    for feat in sorted(features, key=lambda f: f.source):
        subs = feat.subjects or (frozenset(),) * len(feat.figures)
        for fig, context, sub in zip(feat.figures, feat.contexts, subs, strict=True):
            # The subject's keys count as context: "$300亿年化营收" shares "revenue" with
            # "$30 billion revenue figure" though no word is spelled alike.
            items.append((feat.source, fig, frozenset(s for s, _ in context) | sub))
            spelled.append(context)
            subjects.append(sub)
    postings: dict[tuple[str, str | None, str], list[int]] = {}
    for n, (_, fig, stems) in enumerate(items):
        if fig.kind not in rules.CHECKED_KINDS or (fig.kind == "date" and len(fig.iso or "") < 7):
            continue  # "two years", "in 2019": said of everything, checked against nothing
        # Counts pair whatever noun they count ("50 people killed", "50 killed"): their
        # subjects decide; money and percentages only in one unit.
        unit = None if fig.kind == "count" else fig.unit
        for word in stems:
            postings.setdefault((fig.kind, unit, word), []).append(n)
    size = len(items)
    shared: dict[int, int] = {}  # x * size + y -> context words shared
    for group in postings.values():
        if len({items[n][0] for n in group}) > rules.FIGURE_SOURCE_CAP:
            continue
        for i, x in enumerate(group):
            for y in group[i + 1 :]:
                if items[x][0] != items[y][0]:
                    key = x * size + y
                    shared[key] = shared.get(key, 0) + 1
    del postings
    candidates: dict[int, dict[str, list[tuple[int, int]]]] = {}
    for key, count in shared.items():
        x, y = divmod(key, size)
        fig = items[x][1]
        score = count
        if score < rules.FIGURE_MIN_SHARED or not same_subject(subjects[x], subjects[y]):
            continue
        candidates.setdefault(x, {}).setdefault(items[y][0], []).append((score, y))
        candidates.setdefault(y, {}).setdefault(items[x][0], []).append((score, x))
    del shared
    scores = {
        (x, y): score
        for x, options in candidates.items()
        for by in options.values()
        for score, y in by
    }

    def shared_words(x: int, y: int) -> int:
        return scores.get((x, y), 0)

    strong = rules.FIGURE_MIN_SHARED_DISAGREE
    edges: list[tuple[int, int]] = []
    best_other: dict[tuple[int, str], int] = {}
    for x, by_source in candidates.items():
        for source, options in by_source.items():
            equal = [y for _, y in options if values_agree(items[x][1], items[y][1])]
            if equal:
                edges.extend((min(x, y), max(x, y)) for y in equal)
            else:
                best_other[(x, source)] = max(options, key=lambda o: (o[0], -o[1]))[1]
    for (x, _), y in best_other.items():
        if (
            best_other.get((y, items[x][0])) == x
            and x < y
            and shared_words(x, y) >= strong
            and near_values(items[x][1], items[y][1])
        ):
            edges.append((x, y))  # both lack a compatible counterpart: a disagreement
    # Strongest links first (most context words shared), so a component grows from its
    # clearest pairs before a weaker link may be refused (see _checks).
    ranked = sorted(set(edges), key=lambda e: (-shared_words(*e), e))
    return _checks(items, spelled, subjects, ranked)


def _checks(
    items: Sequence[tuple[str, Figure, frozenset[str]]],
    spelled: Sequence[tuple[tuple[str, str], ...]],
    subjects: Sequence[frozenset[str]],
    edges: Sequence[tuple[int, int]],
) -> tuple[FigureCheck, ...]:
    """Components of linked figures with two or more sources, as checks.

    Links join components in the order given, and only when every two figures of the two
    components could be one quantity (no two outcomes, :func:`near_values`): a chain
    of links does not make "$5 billion" demanded and "$1.3 billion" offered one check, or
    one event's "$750,000" and another's "$250,000" of campaign funds."""
    rules = figure_rules.current()
    parent = list(range(len(items)))
    # Each component's distinct readings (value, bounds, subject): what a join compares.
    readings: dict[int, dict[tuple[Any, ...], int]] = {}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def reading(n: int) -> tuple[Any, ...]:
        f = items[n][1]
        return (f.value, f.high, f.bound, f.precision, f.iso, subjects[n])

    def fits(rx: int, ry: int) -> bool:
        xs = readings.get(rx) or {reading(rx): rx}
        ys = readings.get(ry) or {reading(ry): ry}
        return all(
            not _other_outcomes(subjects[a], subjects[b]) and near_values(items[a][1], items[b][1])
            for a in xs.values()
            for b in ys.values()
        )

    def context_of(n: int) -> set[str]:
        return {stem_ for stem_, _ in spelled[n]}

    kept: list[tuple[int, int]] = []
    for x, y in edges:
        rx, ry = find(x), find(y)
        if rx == ry:
            kept.append((x, y))
            continue
        if not fits(rx, ry):
            continue
        merged = readings.pop(rx, {}) or {reading(rx): rx}
        merged.update(readings.pop(ry, {}) or {reading(ry): ry})
        root = min(rx, ry)
        parent[max(rx, ry)] = root
        readings[root] = merged
        kept.append((x, y))
    members_of: dict[int, set[int]] = {}
    linking: dict[int, set[str]] = {}  # the context stems the component's links share
    for x, y in kept:
        root = find(x)
        members_of.setdefault(root, set()).update((x, y))
        linking.setdefault(root, set()).update(context_of(x) & context_of(y))
    built = []
    for root, found in members_of.items():
        if len({items[n][0] for n in found}) < 2:
            continue
        members = sorted(found, key=lambda n: (items[n][0], items[n][1].span.start))
        figs = [items[n][1] for n in members]
        # Agreement needs every two figures as written: compare each distinct reading once.
        distinct = list({(f.value, f.high, f.bound, f.precision, f.iso): f for f in figs}.values())
        verdicts = {relation(a, b) for i, a in enumerate(distinct) for b in distinct[i + 1 :]}
        verdict = next((v for v in reversed(VERDICTS) if v in verdicts), "agree")
        # The words shown are context words (subject keys are concepts, spelled by ``subject``).
        shared = set.intersection(*(context_of(n) for n in members))
        shared = shared or linking[root]
        context = _spelled(shared, [spelled[n] for n in members])
        built.append(
            (
                [(items[n][0], items[n][1].span.start) for n in members],
                verdict,
                figs[0].kind,
                figs[0].unit,
                tuple(sorted({f.value for f in figs})),
                tuple(context[: rules.CONTEXT_SHOWN]),
                tuple({"source": items[n][0], **items[n][1].to_json()} for n in members),
                _subject_words([items[n][1] for n in members], [subjects[n] for n in members]),
            )
        )
    built.sort(key=lambda b: b[0])
    return tuple(
        FigureCheck(
            f"f{i}", verdict != "disagree", members, kind, unit, values, context, verdict, subject
        )
        for i, (_, verdict, kind, unit, values, context, members, subject) in enumerate(built, 1)
    )


def _subject_words(figs: Sequence[Figure], subjects: Sequence[frozenset[str]]) -> str:
    """What a check's figures count, in words: the subject key most members name (the
    earliest member's on a tie), as each member's ``counts`` naming it spells it
    ("年化营收 / revenue"); else the first member's ``counts``."""
    tally: dict[str, int] = {}
    for keys in subjects:
        for key in keys:
            tally[key] = tally.get(key, 0) + 1
    order = [k for keys in subjects for k in sorted(keys)]
    best = max(order, key=lambda k: (tally[k], -order.index(k)), default=None)
    out: list[str] = []
    for fig in figs:
        if fig.counts and _concept(fig.counts) == best and fig.counts not in out:
            out.append(fig.counts)
    if not out:
        out = [next((f.counts for f in figs if f.counts), best or "")]
    return " / ".join(w for w in out if w)


def _spelled(shared: set[str], contexts: Sequence[tuple[tuple[str, str], ...]]) -> list[str]:
    """The shared context words as the first member writing each spells it, in that member's
    text order (the first member's words first)."""
    out: list[str] = []
    seen: set[str] = set()
    for context in contexts:
        for stem_, word in context:
            if stem_ in shared and stem_ not in seen:
                seen.add(stem_)
                out.append(word)
    return out
