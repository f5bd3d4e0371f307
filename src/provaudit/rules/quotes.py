"""Quote marks, speech cues and thresholds for quote extraction (applied by ``quotes.py``).

The cue lists and thresholds are data: ``data/rules/quotes.toml`` (each threshold with the
sweep it was chosen by), which a user's rules extend or override (see
:mod:`provaudit.ruleset`); :func:`current` is their typed view, with the patterns built from
them (compiled on first use). Quote-mark families and the patterns' structure are code, here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .. import ruleset
from ..patterns import lazy


def words(listing: str) -> list[str]:
    """The white-space separated words of ``listing`` (word lists read best as prose)."""
    return listing.split()


# --- Quote marks -------------------------------------------------------------------------------
# A mark belongs to a family; a quote opened by one member of a family is closed by any member
# of it, so German „…“, English “…”, Swedish ”…” and typewriter "…" all pair up, and so does a
# typo like “…“ (two openers; the second is right-flanking, so it closes).
DOUBLE_MARKS = '"“”„‟＂〝〞〟'
SINGLE_MARKS = "'‘’‚‛＇"
GUILLEMETS = "«»"
SINGLE_GUILLEMETS = "‹›"
FAMILY: dict[str, str] = {
    **dict.fromkeys(DOUBLE_MARKS, "double"),
    **dict.fromkeys(SINGLE_MARKS, "single"),
    **dict.fromkeys(GUILLEMETS, "guillemet"),
    **dict.fromkeys(SINGLE_GUILLEMETS, "single-guillemet"),
    "「": "corner",
    "」": "corner",
    "『": "white-corner",
    "』": "white-corner",
}
# When a closing mark finds no opener of its own family, it may close one of these instead
# ('One party won't tax." closes with the wrong mark). Not the other way round: a lone
# closing single mark is more often an apostrophe (Lyin' Ted) than a mismatched quote.
FALLBACK_FAMILY = {"double": "single"}
# Families whose open mark may run on across paragraphs, and those whose first piece is kept
# when no closing mark ever comes (a single mark left open is likelier an apostrophe).
CARRY_FAMILIES = frozenset(
    {"double", "single", "guillemet", "single-guillemet", "corner", "white-corner"}
)
UNCLOSED_FAMILIES = frozenset({"double", "guillemet", "corner", "white-corner"})
# Marks whose glyph says which end they are. Used only when spacing cannot tell (CJK text has
# no spaces: 按“总额”而非). Corner brackets always go by glyph.
GLYPH_OPENERS = frozenset("“„‟‘‚‛«‹「『〝")
GLYPH_CLOSERS = frozenset("”’»›」』〞〟")
BRACKETS_ONLY = frozenset("「」『』")
# Single marks double as apostrophes; these families need the apostrophe rules.
APOSTROPHE_LIKE = frozenset("'’‘‛")
QUOTE_MARK = re.compile("[" + re.escape("".join(FAMILY)) + "]")

# Leading elisions that start with an apostrophe-like mark: 'em, 'tis, '90s, rock 'n' roll.
ELISION_AFTER = re.compile(r"(?:em|tis|twas|til|cause|n|bout|round|\d\d?s?)\b", re.IGNORECASE)


# --- Speakers -----------------------------------------------------------------------------------
def _upper_class() -> str:
    """A character class of the upper-case letters of Latin, Greek, Cyrillic and Armenian."""
    chars = [chr(c) for c in range(0x41, 0x590) if chr(c).isupper()]
    chars += [chr(c) for c in range(0x1E00, 0x2000) if chr(c).isupper()]
    return "[" + "".join(re.escape(c) for c in chars) + "]"


UPPER = _upper_class()
# A capitalised name word: Dresser, O'Rourke, Ocasio-Cortez, McConnell, D.C.
_CAP_WORD = UPPER + r"[\w'’.\-]*"
_GAP = r"[^\S\n]{1,2}"  # between the words of a name: not across a blanked-out quote
# Between a speaker and the verb: `Dresser, has said` / `Trump quickly told` / `he had written`.
_TO_VERB = rf",?{_GAP}(?:\w+ly{_GAP})?(?:has{_GAP}|had{_GAP}|have{_GAP})?"
# A role: "a White House spokesman", "the memo", "the former governor of Texas".
ROLE = rf"(?i:the|a|an|his|her|their|its|one|another){_GAP}(?:\w[\w'’\-]*{_GAP}){{0,4}}\w[\w'’\-]*"
# What may stand between a cue and the opening mark for the cue to introduce the quote (a
# short quote so introduced is speech, not a scare-quoted term): `said that "`, `told
# reporters: "`, `said on Friday, "`.
CUE_ADJACENT = re.compile(r"^\s*(?:that\s*|(?:\S+\s+){0,3}\S*[,:]\s*|[,:]?\s*)$")
# The part of a window up to a sentence end is cut off: a cue in the previous sentence names
# the previous quote's speaker, not this one's.
SENTENCE_END = re.compile(
    r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSen)(?<!\bRep)(?<!\bGov)(?<!\bGen)(?<!\bSt)"
    r"(?<!\b[A-Z])[.!?…]+[\"'”’»]*\s+(?=[\"'“‘«„]?" + UPPER + "|$)"
)


def is_title_case_word(word: str) -> bool:
    """True when ``word`` starts with a capital letter or a digit."""
    first = word[:1]
    return first.isupper() or first.isdigit()


def is_punctuation(ch: str) -> bool:
    """Unicode punctuation or symbol (CommonMark's notion, for flanking)."""
    return unicodedata.category(ch)[0] in "PS"


def _either(items: tuple[str, ...]) -> str:
    """A non-capturing alternation of ``items`` as literal text, longest first (a shorter
    alternative never takes a longer one's match)."""
    return (
        "(?:" + "|".join(re.escape(w) for w in sorted(set(items), key=lambda w: (-len(w), w))) + ")"
    )


@dataclass(frozen=True, eq=False)
class QuoteRules:
    """Section ``quotes`` of the rules (data/rules/quotes.toml says what each value is), with
    the patterns built from its lists."""

    QUOTE_CARRY_PARAGRAPHS: int
    TERM_MAX_WORDS: int
    TITLE_CUES: tuple[str, ...]
    TITLE_SMALL_WORDS: frozenset[str]
    TITLE_MIN_WORDS: int
    TITLE_MAX_WORDS: int
    TITLE_CASE_SHARE: float
    NAME_TITLES: tuple[str, ...]
    NAME_PARTICLES: tuple[str, ...]
    PRONOUNS: frozenset[str]
    SPEECH_VERBS: tuple[str, ...]
    ACCORDING_TO: tuple[str, ...]
    CJK_SPEECH_VERBS: tuple[str, ...]
    SPEAKER_WINDOW_BEFORE: int
    SPEAKER_WINDOW_AFTER: int
    PRONOUN_PARAGRAPHS: int
    NOT_NAMES: frozenset[str]
    TURN_MAX_NAME_WORDS: int
    NOT_SPEAKERS: frozenset[str]
    TURN_MIN_LINES: int

    @cached_property
    def TITLE_CUE(self) -> re.Pattern[str]:
        """A title cue right before a quote's opening mark."""
        return lazy(rf"\b{_either(self.TITLE_CUES)}\s*[,:]?\s*$", re.IGNORECASE)

    @cached_property
    def _name_titles(self) -> str:
        return _either(self.NAME_TITLES) + r"\.?"

    @cached_property
    def NAME(self) -> str:
        """One to five capitalised words (with particles between), after an optional
        honorific, with an optional parenthetical affiliation: "Sen. Brian Schatz (D-Hawaii)"."""
        particle = _either(self.NAME_PARTICLES)
        return (
            rf"(?:{self._name_titles}{_GAP})?{_CAP_WORD}(?:{_GAP}(?:{particle}{_GAP})?{_CAP_WORD}){{0,4}}"
            r"(?:\s?\([^()\n]{1,40}\))?"
        )

    @cached_property
    def _verb(self) -> str:
        return _either(self.SPEECH_VERBS)

    @cached_property
    def _pronoun(self) -> str:
        return "(?i:" + _either(tuple(self.PRONOUNS)) + r")\b"

    @cached_property
    def _according_to(self) -> str:
        phrases = (r"\s+".join(re.escape(w) for w in p.split()) for p in self.ACCORDING_TO)
        return "(?i:" + "|".join(phrases) + ")"

    @cached_property
    def SPEAKER_AFTER(self) -> re.Pattern[str]:
        """Cue after the closing mark: `," said Mr. Trump` / `," Santorum told` / `” he said`."""
        name, verb, pronoun = self.NAME, self._verb, self._pronoun
        return lazy(
            rf"^[\s,.;:!?…—–-]*(?:"
            # `," said Mr. Trump` / `», — сказал лидер оппозиции Том Рейес` (a role word or
            # three before the name)
            rf"(?P<verb1>{verb}){_GAP}(?:[^\W\d_]+{_GAP}){{0,3}}?(?P<name1>{name}|{ROLE})"
            rf"|(?P<name2>{name}|{pronoun}|{ROLE}){_TO_VERB}(?P<verb2>{verb})\b"
            rf"|{self._according_to}{_GAP}(?P<name3>{name}|{ROLE})"
            r")"
        )

    @cached_property
    def SPEAKER_BEFORE(self) -> re.Pattern[str]:
        """Cue before the opening mark, nearest first: `Dresser writes that '…` / `Trump said:
        "…` / `according to Dresser, "…` / `Dresser: "…`. Roles and pronouns ("the memo
        says", "he said") and bare colons only count right before the mark (CUE_ADJACENT)."""
        name, verb, pronoun = self.NAME, self._verb, self._pronoun
        return lazy(
            # `Tom Reyes, told reporters:` / `Dresser writes that`
            rf"(?:(?P<name1>{name}){_TO_VERB}(?P<verb1>{verb})\b"
            rf"|(?P<role1>{pronoun}|{ROLE}){_TO_VERB}(?P<verb2>{verb})\b"
            rf"|{self._according_to}{_GAP}(?P<name2>{name}|{ROLE}|[^\W\d_]+)"
            rf"|(?P<verb3>{verb}){_GAP}(?P<name3>{name})\s*[,:]"
            rf"|(?P<name4>{name})\s*:(?=\s*$))"
        )

    @cached_property
    def SPEAKER_BEFORE_CJK(self) -> re.Pattern[str]:
        """Chinese and Japanese cues glue to the name: 王毅说：“…” / 王毅表示，."""
        return lazy(
            rf"(?P<name>[\u4e00-\u9fff·]{{2,6}}){_either(self.CJK_SPEECH_VERBS)}[：:，,]?\s*$"
        )

    @cached_property
    def SPEAKER_TURN(self) -> re.Pattern[str]:
        """A speaker-turn line: a name of one to TURN_MAX_NAME_WORDS capitalised words (or a
        "Mr."-style title first), an optional ", role", a colon and the words spoken."""
        more = self.TURN_MAX_NAME_WORDS - 1
        return lazy(
            rf"(?P<name>(?:{self._name_titles}\s)?{UPPER}[\w'’.\-]*(?:[^\S\n]{UPPER}[\w'’.\-]*){{0,{more}}})"
            r"(?:,[^\S\n][^:\n]{1,40})?[^\S\n]?:[^\S\n]+(?P<speech>\S[^\n]*)"
        )


# Quote extraction's rules in force.
current = ruleset.section_view("quotes", QuoteRules)


def __getattr__(name: str) -> Any:
    return ruleset.view_attribute(current, name)
