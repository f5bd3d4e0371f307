"""Patterns, word lists and thresholds for figures (applied by ``figures.py``)."""

from __future__ import annotations

import re

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
# Nouns of time make a duration rather than a count.
TIME_NOUNS = frozenset(words("second minute hour day week month year decade century"))
# A bare number followed by one of these is no count ("one of", "two to", "10 a.m.").
NOT_COUNT_NOUNS = frozenset(
    words(
        "of to and or a an the in on at by for from with than as per percent points point am pm "
        "a.m p.m is are was were be been has have had will would can could may might must "
        "times time more less most least other others years-old "
        # adjectives and adverbs that follow numbers more than the nouns they qualify do
        "very new different key major main top big small large few many such same last next "
        "first second third several additional separate consecutive straight total recent "
        "previous former current active full whole old young straight-up percent-"
    )
)
# Word numbers this common are no counts on their own ("one reason", "a ten").
WORD_NUMBERS_NOT_COUNTS = frozenset(words("one"))

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
# The month names that are English words too need a number next to them to be a month.
AMBIGUOUS_MONTHS = frozenset(words("may mar jan jun dec sep"))

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
# Sweeps: bench/quotes.py --sweep, on BASIL's 300 articles related as one corpus. A check
# inside one event is plausible; one across events is mostly chance (the figure recurs or the
# context words are generic), so each setting is read as checks inside / across events.
#
# A figure's context: the content words within this many words either side, in its sentence,
# not reaching past a neighbouring figure. 4/6/8/12 give 36/38/38/32 checks inside one event,
# 15/22/23/32 across: 4 keeps nearly all the checks inside events and drops a third of the
# chance ones (the words nearest a figure say what it counts).
CONTEXT_WORDS = 4
# Two sources' figures are about the same thing when their contexts share this many content
# words: 1/2/3/4 give 36/36/27/15 checks inside one event, 30/15/12/2 across; 2 halves the
# chance ones and keeps all inside (and the seed corpus's agreeing $30 billion, whose sources
# share "Anthropic" and "figure").
FIGURE_MIN_SHARED = 2
# Flagging a disagreement takes this many (with DISAGREE_MAX_RATIO, which makes most of the
# old spurious ones impossible; before it, 2/3/4 gave 34/6/3 disagreements across events for
# 6/5/1 inside one).
FIGURE_MIN_SHARED_DISAGREE = 3
# Two figures that disagree are linked only when their values are within this ratio of each
# other: outlets reporting one quantity differently differ by a typo, an update or rounding
# ($5,687.75 / $5,587.75; 38-word / 35-word; $3.5 / $3.6 billion), while figures of one topic
# further apart are different quantities ($5 billion demanded, $1.3 billion offered; $5,150
# for capes, $4,272.78 for a cruise). Swept with FIGURE_MIN_SHARED_DISAGREE on the fit half
# of the hand-labelled BASIL pairs (bench/figures.py --sweep; tests/data/figures): at 2
# shared words, ratios 1.1/1.25/1.5/2/none call 2/3/3/6/20 pairs disagreeing, 2/2/2/2/1 of
# them rightly (of 7 labelled); at 3 words 1/1/1/2/6, 1 rightly each; at 4, none rightly.
# 2 and 1.1 found the most with none wrongly called in the labelled pairs; but reading every
# disagreeing check on all of BASIL at 2 (8 checks) found 5 wrong, all joining different
# events (polls, dates, different sums), and at 3 (3 checks) 1: so 3 (see
# FIGURE_MIN_SHARED_DISAGREE), chosen on all of BASIL, held-out half included.
DISAGREE_MAX_RATIO = 1.1
# Dates: the same month, or at most this many days apart (as YYYYMMDD numbers).
DISAGREE_MAX_DAYS = 3
# Kinds compared across sources ("two years", "three times" are said of everything; on
# news-12k, durations made the largest, chained checks).
CHECKED_KINDS = frozenset({"money", "percent", "count", "date"})
# A context word next to figures (of one kind and unit) in more sources than this links none:
# in a large corpus "revenue" is next to thousands of figures and says nothing on its own
# (the shingle index's DOCUMENT_FREQUENCY_CAP, for the same reason).
FIGURE_SOURCE_CAP = 12
# A check shows at most this many of the context words its figures share, and the first
# ABOUT_WORDS of them as its label ("anthropic's figure").
CONTEXT_SHOWN = 8
ABOUT_WORDS = 3
# Values agree when they differ by at most half the coarser precision of the two as written
# ("$30 billion" is $30.4 billion to the nearest billion); approximate ones ("about", "nearly")
# by this share too (a convention for "about", not a measured setting).
ABOUT_TOLERANCE = 0.1
# Not context: the words that make the figures themselves.
CONTEXT_STOPWORDS = frozenset(
    set(MAGNITUDES)
    | set(CURRENCY_WORDS)
    | set(WORD_NUMBERS)
    | set(MONTHS)
    | {"percent", "per", "cent"}
)

# --- What a figure counts (its subject) ---------------------------------------------------------
# The head a figure attaches to: "84 people were killed" counts "killed"; "$30 billion in
# revenue" and "a valuation of $30 billion" count "revenue" and "valuation". Read from the words
# right after the figure (through one of SUBJECT_LINKS: "in revenue", "of emails"), up to
# SUBJECT_WORDS of them, else the word just before it (through SUBJECT_LEFT_SKIP).
SUBJECT_WORDS = 2
SUBJECT_LINKS = frozenset(words("in of worth a an the"))
SUBJECT_LEFT_SKIP = frozenset(
    words("a an the of to by for at his her their its our your this that these those another")
)
# Between a counted noun and what happened to it ("50 people were killed", "53 others
# reportedly wounded"): skipped to reach the participle, which is then what the figure counts.
SUBJECT_AUXILIARIES = frozenset(
    words(
        "were was are is be been being have has had who that which reportedly also already "
        "later now so far all have since originally initially"
    )
)
# Participles and adjectives that say what happened to the counted ("killed", "dead").
SUBJECT_OUTCOMES = frozenset(
    words(
        "killed dead died wounded injured hurt missing arrested detained displaced evacuated "
        "hospitalized hospitalised rescued charged indicted convicted sentenced deported "
        "infected affected fired laid furloughed employed unemployed registered enrolled "
        "sold raised spent paid cut saved lost earned donated stolen seized elected"
    )
)
# Words that end the phrase after a figure ("$5 million in revenue last year").
SUBJECT_PHRASE_STOPS = frozenset(
    words("last next this per every each year years month months week weeks day days annually")
)
# Words that name no subject on their own ("people" is killed or injured; "others" too).
GENERIC_SUBJECTS = frozenset(
    words(
        "people persons person individuals others ones times total number amount more less "
        "due ago apiece each annually overall combined alone means"
    )
)
# Words that name the same subject, across wording and language: each maps to one key. The
# seed's "$300亿年化营收" (004) is the "$30 billion annualized revenue" of 002; the issue's
# "killed" and "injured" must stay apart.
SUBJECT_CONCEPTS: dict[str, str] = {
    **dict.fromkeys(
        words(
            "killed dead died death deaths fatality fatalities slain victims "
            "погибли погибших погиб убиты убитых загинули загиблих 死亡 遇难 丧生 死"
        ),
        "killed",
    ),
    **dict.fromkeys(
        words("wounded injured hurt injuries раненых ранены поранені 受伤 伤"), "injured"
    ),
    **dict.fromkeys(
        words(
            "revenue revenues sales turnover 营收 收入 营业额 年化营收 выручка выручки доход "
            "доходы дохід виручка"
        ),
        "revenue",
    ),
    **dict.fromkeys(words("valuation valued 估值 оценка"), "valuation"),
    **dict.fromkeys(words("arrested arrests detained 逮捕 задержаны затримані"), "arrested"),
}
# Chinese has no spaces: the subject after a figure is the run of Han characters up to one of
# these (的 "of", 被 passive, 了 aspect ...), at most CJK_SUBJECT_CHARS long.
CJK_SUBJECT_STOPS = frozenset("的被了是在和与及或而其为将把对从向于让给")
CJK_SUBJECT_CHARS = 4

# --- Ranges -------------------------------------------------------------------------------------
# "between 19 and 22 million", "from 500,000 to 1.6 million", "10-20 people": a number just
# before a figure, joined to it by one of these, makes the figure a range.
RANGE_JOIN = r"(?:\s+(?:to|and|through)\s+|\s?[-–—]\s?)"
RANGE_LEAD = r"(?i:between|from)\s+"
# --- Comparing values ---------------------------------------------------------------------------
# A round figure of this size or more stands for any value it rounds or truncates to
# ("$700 billion" for $716 billion, "$43,000" for $43,350: both read as compatible in the
# hand-labelled BASIL pairs, tests/data/figures/README.md). Smaller whole numbers are counts
# as written ("50 killed" is not 49).
ROUND_FIGURE_MIN = 1000
# A round figure of one significant digit stands for values at most this share away
# ("$700 billion" for $716 billion, 2.3% away, labelled compatible; "50,000" for 55,000,
# 10% away, labelled a disagreement: tests/data/figures).
ROUND_SHARE = 0.05
