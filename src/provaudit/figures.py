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

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .align import stem
from .model import Document, Span
from .patterns import guarded
from .rules import figures as rules
from .rules.quotes import words
from .text import FUNCTION_WORDS as STOPWORDS

KINDS = ("money", "percent", "count", "duration", "date")
BOUNDS = ("exact", "about", "at_least", "at_most")

_PREFIX_MONEY = re.compile(
    rf"(?P<sign>{rules.CURRENCY_SIGN})\s?(?P<num>{rules.NUMBER})"
    rf"(?:\s?(?P<mag>{rules.MAGNITUDE})|(?P<abbr>{rules.MAGNITUDE_ABBREV}))?"
    rf"(?:\s?(?P<word>{rules.CURRENCY_WORD}))?"
)
# A number: digits or words not glued to a word before; Chinese numerals may be (的三百亿).
_NUM = rf"(?:(?<![\w.,])(?:{rules.NUMBER}|{rules.WORD_NUMBER})|{rules.CJK_NUMBER})"
_SUFFIX_MONEY = guarded(
    rf"(?P<num>{_NUM})\s?(?:(?P<mag>{rules.MAGNITUDE})\s?)?"
    rf"(?:of\s)?(?P<word>{rules.CURRENCY_WORD})"
)
_MAGNITUDE = guarded(rf"(?P<num>{_NUM})\s?(?P<mag>{rules.MAGNITUDE})(?!\s+of\b)")
_PERCENT = guarded(
    rf"(?<![\w.,])(?P<num>{rules.NUMBER})(?P<pct>{rules.PERCENT})(?![^\W\d_])"
    rf"|{rules.PERCENT_PREFIX}(?P<num2>{rules.NUMBER}|{rules.CJK_NUMBER})"
)
_HYPHEN_COUNT = guarded(
    rf"(?<![\w.,-])(?P<num>\d+|{rules.WORD_NUMBER})-(?P<noun>[^\W\d_]+)(?![\w-])"
)
_COUNT = guarded(
    rf"(?<![\w.,$€£¥-])(?P<num>{rules.NUMBER}|{rules.WORD_NUMBER})\s(?P<noun>[^\W\d_][\w'’]*)"
)
# Patterns that start with a digit or a name get a look-ahead guard (patterns.guarded: most
# offsets turned away with one test; figure extraction 0.52 s -> 0.4 s on the 181 benchmark
# pages); the ISO date starts with literal digits, which the engine searches for itself.
_DATES = tuple(
    re.compile(p) if p.startswith("(?P<y1>") else guarded(p) for p in rules.DATE_PATTERNS
)
# Date patterns that start with a month name (a case-insensitive alternation, which the regex
# engine tries at every position of a text: two thirds of figure extraction time). A match of
# one starts MONTH_LETTERS letters before the end of a run of letters that is followed by an
# optional dot, space and a digit, so only those places are tried.
_MONTH_FIRST = frozenset(
    i for i, p in enumerate(rules.DATE_PATTERNS) if p.startswith(("(?P<mn2>", "(?P<mn4>"))
)
_MONTH_LETTERS = range(min(map(len, rules.MONTHS)), max(map(len, rules.MONTHS)) + 1)
_BEFORE_DAY_OR_YEAR = re.compile(r"(?<![^\W\d_])[^\W\d_]+(?=\.?\s+\d)")
_QUALIFIER = re.compile(rules.QUALIFIER)
_PRECEDING_WORD = re.compile(r"([^\W\d_][\w'’.-]*)\s*$")
_SENTENCE_END = re.compile(r"[.!?。！？]\s|\n")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


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

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            **self.span.to_json(),
            "value": _number(self.value),
            "unit": self.unit,
            "kind": self.kind,
            "bound": self.bound,
        }
        if self.iso is not None:
            out["iso"] = self.iso
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
    if text[0] in rules.CJK_DIGITS or text[0] in rules.CJK_UNITS:
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
    if not any(ch in rules.CJK_UNITS for ch in text):
        digits = "".join(str(rules.CJK_DIGITS[ch]) for ch in text if ch in rules.CJK_DIGITS)
        return (float(digits), 1.0) if digits else None
    total = current = 0
    for ch in text:
        if ch in rules.CJK_DIGITS:
            current = rules.CJK_DIGITS[ch]
        else:
            total += max(current, 1) * rules.CJK_UNITS[ch]
            current = 0
    total += current
    return float(total), 1.0


def _word_number(text: str) -> tuple[float, float] | None:
    total = 0
    for word in re.split(r"[\s-]+", text.casefold()):
        n = rules.WORD_NUMBERS.get(word)
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
    return rules.MAGNITUDES.get(" ".join(word.casefold().rstrip(".").split()), 1.0)


def _currency(sign: str | None, word: str | None, magnitude: str | None) -> str | None:
    if word:
        unit = rules.CURRENCY_WORDS.get(word.casefold().rstrip("."))
        if unit is not None:
            return unit
    if sign:
        unit = rules.CURRENCY_SIGNS.get(sign)
        if sign == "¥" and ((magnitude and magnitude[0] in rules.YUAN_HINTS) or word == "元"):
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
                month = rules.MONTHS[name]
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
    out = []
    for m in _HYPHEN_COUNT.finditer(text):
        parsed = parse_number(m.group("num"))
        if parsed is None or parsed[0] <= 0:
            continue
        noun = m.group("noun").casefold()
        if noun == rules.FIGURE_DIGITS_NOUN:
            # "nine-figure": a sum with that many digits, at least 10^(n-1).
            value = 10.0 ** (parsed[0] - 1)
            out.append(_Found(m.start(), m.end(), 4, value, None, "money", value, bound="at_least"))
            continue
        kind = "duration" if noun in rules.TIME_NOUNS else "count"
        out.append(_Found(m.start(), m.end(), 4, parsed[0], noun, kind, parsed[1]))
    return out


def _counts(text: str) -> list[_Found]:
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
    figures = []
    for f in kept:
        bound = f.bound or _bound(text, f.start)
        figures.append(
            Figure(
                Span.of(text, f.start, f.end), f.value, f.unit, f.kind, bound, f.iso, f.precision
            )
        )
    return tuple(figures)


_ANY_WORD_NUMBER = re.compile(rules.WORD_NUMBER)
_ANY_DIGIT = re.compile(r"\d|" + rules.CJK_NUMBER)


def _bound(text: str, start: int) -> str:
    m = _QUALIFIER.search(text, max(0, start - 24), start)
    if m is None:
        return "exact"
    return rules.QUALIFIERS.get(m.group().strip().casefold(), "exact")


# --- Checks -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FigureCheck:
    """Figures several sources state about the same thing, and whether they agree.

    ``members``: each figure with its ``source``; ``context``: content words the linked
    figures' surroundings share (as written, nearest the first figure first), the first few
    of which make ``about``; ``values``: the distinct values stated."""

    id: str
    agree: bool
    members: tuple[dict[str, Any], ...]
    kind: str = "count"
    unit: str | None = None
    values: tuple[float, ...] = ()
    context: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "agree": self.agree,
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
        left = _context(text[lo:left_end])[-rules.CONTEXT_WORDS :]
        right = _context(text[fig.span.end : hi])[: rules.CONTEXT_WORDS]
        out.append(tuple(left + right))
    return out


def _context(text: str) -> list[tuple[str, str]]:
    words: list[tuple[str, str]] = []
    for m in _WORD.finditer(text):
        word = m.group().casefold().replace("’", "'")
        if _CJK.search(word):
            words.extend((ch, ch) for ch in word if ch not in STOPWORDS)
            continue
        key = stem(word)
        if key not in STOPWORDS and word not in rules.CONTEXT_STOPWORDS and len(key) > 1:
            words.append((key, word))
    return words


def values_agree(a: Figure, b: Figure) -> bool:
    """Whether two figures' values can both be right (see ``ABOUT_TOLERANCE``)."""
    if a.kind == "date" or b.kind == "date":
        ia, ib = a.iso or "", b.iso or ""
        if ia.startswith("--") or ib.startswith("--"):
            return ia[-5:] == ib[-5:] if len(ia) >= 7 and len(ib) >= 7 else ia[-2:] == ib[-2:]
        common = min(len(ia), len(ib))
        return ia[:common] == ib[:common]
    bounds = {a.bound, b.bound}
    if "at_least" in bounds or "at_most" in bounds:
        lo = [f.value for f in (a, b) if f.bound == "at_least"]
        hi = [f.value for f in (a, b) if f.bound == "at_most"]
        exact = [f.value for f in (a, b) if f.bound in ("exact", "about")]
        return all(v >= x * (1 - rules.ABOUT_TOLERANCE) for v in exact for x in lo) and all(
            v <= x * (1 + rules.ABOUT_TOLERANCE) for v in exact for x in hi
        )
    tolerance = max(a.precision, b.precision) / 2
    if "about" in bounds:
        tolerance = max(tolerance, rules.ABOUT_TOLERANCE * max(abs(a.value), abs(b.value)))
    return abs(a.value - b.value) <= tolerance * (1 + 1e-9)


@dataclass(frozen=True, slots=True)
class FigureFeatures:
    """What checks need of one source's figures: the figures and the words around each
    (``(stem, word)`` in text order). Computed per source (a map); picklable."""

    source: str
    figures: tuple[Figure, ...]
    contexts: tuple[tuple[tuple[str, str], ...], ...]


def figure_features(source: str, text: str, figures: Sequence[Figure]) -> FigureFeatures:
    """The features of one source's figures (pure)."""
    return FigureFeatures(source, tuple(figures), tuple(context_words(text, figures)))


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
    if len({feat.source for feat in features}) < 2:
        return ()  # a check compares sources: none with one (`audit PAGE`)
    items: list[tuple[str, Figure, frozenset[str]]] = []
    spelled: list[tuple[tuple[str, str], ...]] = []
    for feat in sorted(features, key=lambda f: f.source):
        for fig, context in zip(feat.figures, feat.contexts, strict=True):
            items.append((feat.source, fig, frozenset(s for s, _ in context)))
            spelled.append(context)
    postings: dict[tuple[str, str | None, str], list[int]] = {}
    for n, (_, fig, stems) in enumerate(items):
        if fig.kind not in rules.CHECKED_KINDS or (fig.kind == "date" and len(fig.iso or "") < 7):
            continue  # "two years", "in 2019": said of everything, checked against nothing
        for word in stems:
            postings.setdefault((fig.kind, fig.unit, word), []).append(n)
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
        if score < rules.FIGURE_MIN_SHARED:
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
        if best_other.get((y, items[x][0])) == x and x < y and shared_words(x, y) >= strong:
            edges.append((x, y))  # both lack an equal counterpart: a disagreement
    return _checks(items, spelled, sorted(set(edges)))


def _checks(
    items: Sequence[tuple[str, Figure, frozenset[str]]],
    spelled: Sequence[tuple[tuple[str, str], ...]],
    edges: Sequence[tuple[int, int]],
) -> tuple[FigureCheck, ...]:
    """Connected components of linked figures with two or more sources, as checks."""
    parent = list(range(len(items)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x, y in edges:
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)
    members_of: dict[int, set[int]] = {}
    linking: dict[int, set[str]] = {}  # the context stems the component's links share
    for x, y in edges:
        root = find(x)
        members_of.setdefault(root, set()).update((x, y))
        linking.setdefault(root, set()).update(items[x][2] & items[y][2])
    built = []
    for root, found in members_of.items():
        if len({items[n][0] for n in found}) < 2:
            continue
        members = sorted(found, key=lambda n: (items[n][0], items[n][1].span.start))
        figs = [items[n][1] for n in members]
        # Agreement needs every two figures as written: compare each distinct reading once.
        readings = list({(f.value, f.bound, f.precision, f.iso): f for f in figs}.values())
        agree = all(values_agree(a, b) for i, a in enumerate(readings) for b in readings[i + 1 :])
        shared = set.intersection(*(set(items[n][2]) for n in members)) or linking[root]
        context = _spelled(shared, [spelled[n] for n in members])
        built.append(
            (
                [(items[n][0], items[n][1].span.start) for n in members],
                agree,
                figs[0].kind,
                figs[0].unit,
                tuple(sorted({f.value for f in figs})),
                tuple(context[: rules.CONTEXT_SHOWN]),
                tuple({"source": items[n][0], **items[n][1].to_json()} for n in members),
            )
        )
    built.sort(key=lambda b: b[0])
    return tuple(
        FigureCheck(f"f{i}", agree, members, kind, unit, values, context)
        for i, (_, agree, kind, unit, values, context, members) in enumerate(built, 1)
    )


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
