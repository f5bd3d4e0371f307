"""Patterns, word lists and thresholds for figures (applied by ``figures.py``).

The number words, magnitudes, currencies, months and qualifiers the figure patterns are built
from are code, here. The other word lists and the thresholds are data
(``data/rules/figures.toml``, each threshold with the sweep it was chosen by), which a user's
rules extend or override (see :mod:`provaudit.ruleset`): :func:`current` is their typed view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .. import ruleset
from .quotes import words

# --- Numbers ------------------------------------------------------------------------------------
# Digits with thousands separators (1,234,567 / 1 234 567 / 1.234.567) or a decimal part
# (2.5 / 2,5). \d takes any script's decimal digits (fullwidth ３０ too).
NUMBER = r"\d{1,3}(?:(?:,|\.|[ \u00a0\u202f\u2009])\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)?"
WORD_NUMBERS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip
# Chinese numerals: 五, 三十, 三百, 两千五百 (亿 and 万 are magnitudes, see MAGNITUDES).
CJK_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
    "八": 8, "九": 9,
}  # fmt: skip
CJK_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
CJK_NUMBER = "[" + "".join(CJK_DIGITS) + "".join(CJK_UNITS) + "]+"
# "twenty-five", "one hundred", "two dozen": a word number is one to three of these.
_WORD_NUMBER_ONE = "(?:" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + ")"
WORD_NUMBER = rf"(?i:{_WORD_NUMBER_ONE}(?:[\s-]+{_WORD_NUMBER_ONE}){{0,2}})"

# --- Magnitudes ---------------------------------------------------------------------------------
# Each word or suffix, its value. Chinese 亿 is 10^8 and 万 10^4, so "$300亿" is $3e10.
MAGNITUDES: dict[str, float] = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "mio": 1e6, "b": 1e9, "bn": 1e9, "bln": 1e9,
    "tn": 1e12, "trn": 1e12,
    "тыс": 1e3, "тысяча": 1e3, "тысячи": 1e3, "тысяч": 1e3, "тис": 1e3, "тисяча": 1e3,
    "тисячі": 1e3, "тисяч": 1e3,
    "млн": 1e6, "миллион": 1e6, "миллиона": 1e6, "миллионов": 1e6, "мільйон": 1e6,
    "мільйони": 1e6, "мільйонів": 1e6,
    "млрд": 1e9, "миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9, "мільярд": 1e9,
    "мільярди": 1e9, "мільярдів": 1e9,
    "трлн": 1e12, "триллион": 1e12, "триллиона": 1e12, "триллионов": 1e12, "трильйон": 1e12,
    "mrd": 1e9, "milliarde": 1e9, "milliarden": 1e9, "millionen": 1e6, "milliard": 1e9,
    "milliards": 1e9, "millions": 1e6, "millones": 1e6, "millón": 1e6, "mil millones": 1e9,
    "千": 1e3, "万": 1e4, "萬": 1e4, "百万": 1e6, "千万": 1e7, "亿": 1e8, "億": 1e8, "万亿": 1e12,
    "兆": 1e12,
}  # fmt: skip
# English magnitude words take a plural ("billions") only in vague use; "thousands of" is no
# figure. Abbreviations (m, b, k) only count glued to a number after a currency sign ($30B).
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


# Abbreviations written with a full stop ("30 млн руб.", "5 Mio."): the stop belongs to them.
ABBREVIATED = frozenset(words("руб долл грн тыс тис mio mrd mln bln"))


def _alternation(items: list[str]) -> str:
    """Longest first; alphabetic items must end a word (EUR is not the start of Europe),
    Chinese ones need not (Chinese has no spaces: 300亿美元的收入)."""
    parts = []
    for item in sorted(items, key=len, reverse=True):
        if _CJK.search(item):
            parts.append(re.escape(item))
        elif item in ABBREVIATED:
            parts.append(re.escape(item) + r"(?:\.|(?![^\W\d_]))")
        else:
            parts.append(re.escape(item) + r"(?![^\W\d_])")
    return "(?i:" + "|".join(parts) + ")"


_MAGNITUDE_WORDS = [m for m in MAGNITUDES if len(m) > 2 or not m.isascii()]
MAGNITUDE = _alternation(_MAGNITUDE_WORDS)
MAGNITUDE_ABBREV = r"(?i:bn|mn|mln|bln|tn|trn|k|m|b)\b"

# --- Currencies ---------------------------------------------------------------------------------
# Signs written before the number, and words (or signs) written after it.
CURRENCY_SIGNS: dict[str, str] = {
    "US$": "USD", "U.S.$": "USD", "$": "USD", "C$": "CAD", "A$": "AUD", "HK$": "HKD",
    "NZ$": "NZD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB", "₹": "INR", "₴": "UAH",
    "₩": "KRW", "₺": "TRY", "CHF": "CHF", "USD": "USD", "EUR": "EUR", "GBP": "GBP",
    "RMB": "CNY", "CNY": "CNY", "JPY": "JPY", "RUB": "RUB", "UAH": "UAH", "INR": "INR",
}  # fmt: skip
CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD", "dollars": "USD", "usd": "USD", "euro": "EUR", "euros": "EUR",
    "eur": "EUR", "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "gbp": "GBP",
    "yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "cny": "CNY", "yen": "JPY", "jpy": "JPY",
    "rupee": "INR", "rupees": "INR", "ruble": "RUB", "rubles": "RUB", "rouble": "RUB",
    "roubles": "RUB", "rub": "RUB", "hryvnia": "UAH", "hryvnias": "UAH", "uah": "UAH",
    "рубль": "RUB", "рубля": "RUB", "рублей": "RUB", "руб": "RUB", "доллар": "USD",
    "доллара": "USD", "долларов": "USD", "долл": "USD", "долар": "USD", "долари": "USD",
    "доларів": "USD", "евро": "EUR", "євро": "EUR", "гривня": "UAH", "гривні": "UAH",
    "гривень": "UAH", "грн": "UAH",
    "美元": "USD", "美金": "USD", "欧元": "EUR", "英镑": "GBP", "日元": "JPY", "港元": "HKD",
    "人民币": "CNY", "元": "CNY", "円": "JPY",
}  # fmt: skip
CURRENCY_SIGN = (
    "(?:"
    + "|".join(
        re.escape(s) + (r"(?![^\W\d_])" if s[-1].isalpha() else "")
        for s in sorted(CURRENCY_SIGNS, key=len, reverse=True)
    )
    + ")"
)
CURRENCY_WORD = _alternation(list(CURRENCY_WORDS))
# "¥" is the yen's and the yuan's sign: next to Chinese magnitudes or 元 it is the yuan.
YUAN_HINTS = frozenset("万萬亿億元")

# --- Percentages --------------------------------------------------------------------------------
PERCENT = (
    r"(?:[^\S\n]?[%％]|(?i:\s?per\s?cent(?:age\s+points?)?|\s?pct\b|\s?percentage\s+points?|"
    r"\s?процент\w*|\s?відсот\w*|\s?Prozent\w*|\s?pour\s?cent|\s?por\s?ciento))"
)
PERCENT_PREFIX = r"(?:百分之)"

# --- Counts -------------------------------------------------------------------------------------
# "four-page", "10-year", "nine-figure": a number joined to a noun by a hyphen.
# "-figure" counts digits: nine-figure is at least 10^8 (a sum of money).
FIGURE_DIGITS_NOUN = "figure"

# --- Dates --------------------------------------------------------------------------------------
MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "січня": 1, "лютого": 2, "березня": 3, "квітня": 4, "травня": 5, "червня": 6,
    "липня": 7, "серпня": 8, "вересня": 9, "жовтня": 10, "листопада": 11, "грудня": 12,
}  # fmt: skip
_MONTH = "(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DATE_PATTERNS = (
    # 2026-04-14
    r"(?P<y1>(?:1[89]|20)\d\d)-(?P<m1>0[1-9]|1[0-2])-(?P<d1>0[1-9]|[12]\d|3[01])(?!\d)",
    # April 14, 2026 / April 14
    rf"(?P<mn2>{_MONTH})\s+(?P<d2>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<y2>(?:1[89]|20)\d\d)(?!\d))?",
    # 14 April 2026 / 14 апреля 2026 / 14 April
    rf"(?<!\d)(?P<d3>[12]\d|3[01]|0?[1-9])\s+(?P<mn3>{_MONTH})(?:\s+(?P<y3>(?:1[89]|20)\d\d)(?!\d))?",
    # April 2026
    rf"(?P<mn4>{_MONTH})\s+(?P<y4>(?:1[89]|20)\d\d)(?!\d)",
    # 2026年4月14日 / 2026年4月 / 4月14日
    r"(?:(?P<y5>(?:1[89]|20)\d\d)年)?(?P<m5>1[0-2]|0?[1-9])月(?:(?P<d5>[12]\d|3[01]|0?[1-9])日)?",
    # in 2019 / since 2008 / в 2020 году (the preposition is not part of the figure)
    r"\b(?i:in|since|by|until|from|of|before|after|during|в|у|з|до|с)\s(?P<fig>(?P<y6>(?:1[89]|20)\d\d))(?![\d%,.]\d)(?!\s*(?:%|percent))",
)

# --- Qualifiers ---------------------------------------------------------------------------------
# Words just before a figure that make it approximate or a bound.
QUALIFIERS: dict[str, str] = {
    "about": "about", "around": "about", "roughly": "about", "approximately": "about",
    "some": "about", "nearly": "about", "almost": "about", "close to": "about", "~": "about",
    "an estimated": "about", "estimated": "about", "около": "about", "примерно": "about",
    "почти": "about", "близько": "about", "майже": "about", "约": "about", "近": "about",
    "more than": "at_least", "over": "at_least", "at least": "at_least",
    "upwards of": "at_least", "in excess of": "at_least", "above": "at_least",
    "более": "at_least", "свыше": "at_least", "понад": "at_least", "超过": "at_least",
    "less than": "at_most", "under": "at_most", "up to": "at_most", "at most": "at_most",
    "fewer than": "at_most", "below": "at_most", "менее": "at_most", "до": "at_most",
}  # fmt: skip
QUALIFIER = (
    "(?i:" + "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True)) + r")\s*$"
)

# --- Checks across sources ----------------------------------------------------------------------
# Not context: the words that make the figures themselves.
CONTEXT_STOPWORDS = frozenset(
    set(MAGNITUDES)
    | set(CURRENCY_WORDS)
    | set(WORD_NUMBERS)
    | set(MONTHS)
    | {"percent", "per", "cent"}
)

# --- What a figure counts (its subject) ---------------------------------------------------------
# Chinese has no spaces: the subject after a figure is the run of Han characters up to one of
# these (的 "of", 被 passive, 了 aspect ...), at most CJK_SUBJECT_CHARS long.
CJK_SUBJECT_STOPS = frozenset("的被了是在和与及或而其为将把对从向于让给")

# --- Ranges -------------------------------------------------------------------------------------
# "between 19 and 22 million", "from 500,000 to 1.6 million", "10-20 people": a number just
# before a figure, joined to it by one of these, makes the figure a range.
RANGE_JOIN = r"(?:\s+(?:to|and|through)\s+|\s?[-–—]\s?)"
RANGE_LEAD = r"(?i:between|from)\s+"
# --- Comparing values ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class FigureRules:
    """Section ``figures`` of the rules (data/rules/figures.toml says what each value is)."""

    TIME_NOUNS: frozenset[str]
    NOT_COUNT_NOUNS: frozenset[str]
    WORD_NUMBERS_NOT_COUNTS: frozenset[str]
    AMBIGUOUS_MONTHS: frozenset[str]
    CONTEXT_WORDS: int
    FIGURE_MIN_SHARED: int
    FIGURE_MIN_SHARED_DISAGREE: int
    DISAGREE_MAX_RATIO: float
    DISAGREE_MAX_DAYS: int
    CHECKED_KINDS: frozenset[str]
    FIGURE_SOURCE_CAP: int
    CONTEXT_SHOWN: int
    ABOUT_WORDS: int
    ABOUT_TOLERANCE: float
    SUBJECT_WORDS: int
    SUBJECT_LINKS: frozenset[str]
    SUBJECT_LEFT_SKIP: frozenset[str]
    SUBJECT_AUXILIARIES: frozenset[str]
    SUBJECT_OUTCOMES: frozenset[str]
    SUBJECT_PHRASE_STOPS: frozenset[str]
    GENERIC_SUBJECTS: frozenset[str]
    CJK_SUBJECT_CHARS: int
    ROUND_FIGURE_MIN: int
    ROUND_SHARE: float
    SUBJECT_CONCEPTS: dict[str, str]


# The figures' rules in force.
current = ruleset.section_view("figures", FigureRules)


def __getattr__(name: str) -> Any:
    return ruleset.view_attribute(current, name)
