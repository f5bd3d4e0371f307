"""Quote marks, speech cues and thresholds for quote extraction (applied by ``quotes.py``).

Numbers here were chosen on BASIL (../shared/data/basil, 300 articles, 722 gold quote spans)
with ``python bench/quotes.py``; each comment names the sweep.
"""

from __future__ import annotations

import re
import unicodedata


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
# A quote left open at a paragraph's end runs on into at most this many more paragraphs
# looking for its closing mark (tweets and letters quoted paragraph by paragraph without
# reopening marks). Swept 0-6 on BASIL (bench/quotes.py --sweep): recall 0.965, 0.971, 0.977,
# 0.978 for 0-3, flat after, while quotes found keep growing (3,556 at 3, 3,567 at 6).
QUOTE_CARRY_PARAGRAPHS = 3
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

# --- Kinds --------------------------------------------------------------------------------------
# Up to this many words, a quote no speech cue introduces is a scare-quoted term ('moat',
# "elitist", 'side quests') unless it reads as a sentence (capital first, . ! ? last). Read 12
# random uncued BASIL quotes of each length: a quoted word or phrase rather than speech in
# 12/12 of one word, 10/12 of two, 7/12 of three, 4/12 of four.
TERM_MAX_WORDS = 3
# Title: a quote right after one of these words, or a Title-Case phrase of 2+ words in text that
# is not itself Title Case (a headline quotes in Title Case whatever it quotes).
TITLE_CUE = re.compile(
    r"\b(?:titled|entitled|headlined|headline|dubbed|book|novel|film|movie|song|album|show|"
    r"program|programme|series|podcast|column|op-ed|essay|report|bill|act|magazine|newspaper|"
    r"ad|video)\s*[,:]?\s*$",
    re.IGNORECASE,
)
TITLE_SMALL_WORDS = frozenset(
    words(
        "a an and as at but by for from in into nor of on or the to up vs via with de la le du "
        "des der die das und von"
    )
)
TITLE_MIN_WORDS = 2
TITLE_MAX_WORDS = 14
# Share of the non-small words that must be capitalised for a quote to read as a title.
TITLE_CASE_SHARE = 0.8


# --- Speakers -----------------------------------------------------------------------------------
def _upper_class() -> str:
    """A character class of the upper-case letters of Latin, Greek, Cyrillic and Armenian."""
    chars = [chr(c) for c in range(0x41, 0x590) if chr(c).isupper()]
    chars += [chr(c) for c in range(0x1E00, 0x2000) if chr(c).isupper()]
    return "[" + "".join(re.escape(c) for c in chars) + "]"


UPPER = _upper_class()
# A capitalised name word: Dresser, O'Rourke, Ocasio-Cortez, McConnell, D.C.
_CAP_WORD = UPPER + r"[\w'’.\-]*"
_NAME_PARTICLE = r"(?:de|da|di|del|della|van|von|der|den|bin|al|el|la|le|du|dos|y)"
NAME_TITLES = (
    r"(?:Mr|Mrs|Ms|Mx|Dr|Sen|Rep|Gov|Gen|Prof|Sgt|Lt|Col|Capt|Rev|Adm|Pres|Supt|Amb|St)\.?"
)
# One to five capitalised words (with particles between), after an optional honorific, with an
# optional parenthetical affiliation: "Sen. Brian Schatz (D-Hawaii)".
_GAP = r"[^\S\n]{1,2}"  # between the words of a name: not across a blanked-out quote
NAME = (
    rf"(?:{NAME_TITLES}{_GAP})?{_CAP_WORD}(?:{_GAP}(?:{_NAME_PARTICLE}{_GAP})?{_CAP_WORD}){{0,4}}"
    r"(?:\s?\([^()\n]{1,40}\))?"
)
# A role: "a White House spokesman", "the memo", "the former governor of Texas".
ROLE = rf"(?i:the|a|an|his|her|their|its|one|another){_GAP}(?:\w[\w'’\-]*{_GAP}){{0,4}}\w[\w'’\-]*"
PRONOUNS = frozenset(
    words(
        "he she they we i it он она они мы я він вона вони ми er sie il elle ils elles él ella "
        "ellos ele ela eles"
    )
)
_PRONOUN = "(?i:" + "|".join(sorted(PRONOUNS, key=len, reverse=True)) + r")\b"
# Speech verbs, past and present, in the languages the corpus sees most; "according to" and
# its translations are cues of their own (the name follows them).
SPEECH_VERBS = words(
    "said says say told tells tell wrote writes write argued argues argue added adds stated "
    "states noted notes explained explains asked asks claimed claims insisted insists warned "
    "warns declared declares continued continues replied replies responded responds tweeted "
    "tweets posted posts stressed stresses acknowledged acknowledges admitted admits announced "
    "announces recalled recalls remarked remarks emphasized emphasizes emphasised emphasises "
    "alleged alleges contended contends countered counters suggested suggests observed observes "
    "testified testifies conceded concedes quipped quips joked jokes vowed vows promised promises "
    "predicted predicts concluded concludes urged urges cautioned cautions charged charges "
    "complained complains wondered wonders shouted yelled whispered added recounted recounts "
    "confirmed confirms denied denies reiterated reiterates maintained maintains "
    "сказал сказала сказали заявил заявила заявили отметил отметила отметили написал написала "
    "написали говорит говорят пишет считает подчеркнул подчеркнула добавил добавила "
    "сказав сказала заявив заявила зазначив зазначила написав написала додав додала "
    "sagte sagt sagten schrieb schreibt erklärte erklärt betonte betont "
    "dit dit-il dit-elle déclare déclaré affirme affirmé explique expliqué écrit ajoute ajouté "
    "dijo dice afirmó afirma declaró explicó escribió añadió "
    "disse diz afirmou declarou explicou escreveu acrescentou"
)
_VERB = "(?:" + "|".join(sorted(set(SPEECH_VERBS), key=len, reverse=True)) + ")"
ACCORDING_TO = (
    r"(?i:according\s+to|as\s+told\s+by|по\s+словам|по\s+мнению|за\s+словами|laut|selon|según|"
    r"segundo|de\s+acordo\s+com|secondo)"
)
# Up to this many characters each side of a quote are searched for a speech cue.
SPEAKER_WINDOW_BEFORE = 160
SPEAKER_WINDOW_AFTER = 90
# A pronoun speaker ("he said") takes the name of the last named speaker when that one was
# quoted in the same paragraph or at most this many paragraphs before; else it stays null.
# Read 8 random BASIL pronoun cues at each distance: the name was right 7/8 in the same
# paragraph, 6/8 one back, 6/8 two back, 2/8 three back.
PRONOUN_PARAGRAPHS = 2
# Cue after the closing mark: `," said Mr. Trump` / `," Santorum told` / `” he said`.
SPEAKER_AFTER = re.compile(
    rf"^[\s,.;:!?…—–-]*(?:"
    # `," said Mr. Trump` / `», — сказал лидер оппозиции Том Рейес` (a role word or three
    # before the name)
    rf"(?P<verb1>{_VERB}){_GAP}(?:[^\W\d_]+{_GAP}){{0,3}}?(?P<name1>{NAME}|{ROLE})"
    rf"|(?P<name2>{NAME}|{_PRONOUN}|{ROLE}),?{_GAP}(?:\w+ly{_GAP})?(?:has{_GAP}|had{_GAP}|have{_GAP})?(?P<verb2>{_VERB})\b"
    rf"|{ACCORDING_TO}{_GAP}(?P<name3>{NAME}|{ROLE})"
    r")",
)
# Cue before the opening mark, nearest first: `Dresser writes that '…` / `Trump said: "…` /
# `according to Dresser, "…` / `Dresser: "…`. Roles and pronouns ("the memo says", "he said")
# and bare colons only count right before the mark (see CUE_ADJACENT).
SPEAKER_BEFORE = re.compile(
    # `Tom Reyes, told reporters:` / `Dresser writes that`
    rf"(?:(?P<name1>{NAME}),?{_GAP}(?:\w+ly{_GAP})?(?:has{_GAP}|had{_GAP}|have{_GAP})?(?P<verb1>{_VERB})\b"
    rf"|(?P<role1>{_PRONOUN}|{ROLE}),?{_GAP}(?:\w+ly{_GAP})?(?:has{_GAP}|had{_GAP}|have{_GAP})?(?P<verb2>{_VERB})\b"
    rf"|{ACCORDING_TO}{_GAP}(?P<name2>{NAME}|{ROLE}|[^\W\d_]+)"
    rf"|(?P<verb3>{_VERB}){_GAP}(?P<name3>{NAME})\s*[,:]"
    rf"|(?P<name4>{NAME})\s*:(?=\s*$))"
)
# What may stand between a cue and the opening mark for the cue to introduce the quote (a
# short quote so introduced is speech, not a scare-quoted term): `said that "`, `told
# reporters: "`, `said on Friday, "`.
CUE_ADJACENT = re.compile(r"^\s*(?:that\s*|(?:\S+\s+){0,3}\S*[,:]\s*|[,:]?\s*)$")
# Chinese and Japanese cues glue to the name: 王毅说：“…” / 王毅表示， / 「…」と述べた.
SPEAKER_BEFORE_CJK = re.compile(
    r"(?P<name>[\u4e00-\u9fff·]{2,6})(?:说|表示|称|指出|写道|认为|强调|透露)[：:，,]?\s*$"
)
# Words that start sentences in capitals but never name a speaker.
NOT_NAMES = frozenset(
    words(
        "the this that these those it its there here but and or so if when while as in on at for "
        "with then now still yet a an we i you he she they some many most all one no not what why "
        "how who which where after before since because although though however also even just "
        "only both each every other such our their his her my your us them him me said says told "
        "monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow "
        "january february march april may june july august september october november december "
        "last next earlier later meanwhile instead indeed"
    )
)
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


# --- Transcripts --------------------------------------------------------------------------------
# A speaker-turn line: "AMY GOODMAN: words", "TRUMP: words", "Linda: words". The label is a
# name of one to TURN_MAX_NAME_WORDS words, each capitalised (or a "Mr."-style title), then a
# colon and the words spoken, to the end of the line.
TURN_MAX_NAME_WORDS = 4
SPEAKER_TURN = re.compile(
    r"(?P<name>(?:"
    + NAME_TITLES
    + r"\s)?"
    + UPPER
    + r"[\w'’.\-]*(?:[^\S\n]"
    + UPPER
    + r"[\w'’.\-]*){0,3})(?:,[^\S\n][^:\n]{1,40})?[^\S\n]?:[^\S\n]+(?P<speech>\S[^\n]*)"
)
# Labels read on 6,000 news-12k articles that end in a colon and are no speaker: page chrome
# ("Advertisement:", "READ MORE:"), section heads ("THE FACTS:") and notes.
NOT_SPEAKERS = frozenset(
    words(
        "advertisement photos photo file more read related see also contributing update "
        "updated correction note editor's editor’s watch now opinion source sources issue "
        "facts reality check winner loser full coverage special buzz cut just watched tagged "
        "rt re credit credits caption warning disclaimer share follow subscribe email video "
        "audio listen transcript getty images ap reuters breaking live latest headline summary "
        "background context why what how when where who q a question answer"
    )
)
# A document reads as a transcript with at least this many turn lines, by at least two
# speakers: a lone "Trump: ..." line is a headline's style, not a turn.
TURN_MIN_LINES = 3
