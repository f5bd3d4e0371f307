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


# --- Cross-source alignment (align/) --------------------------------------------------------
# Function words, ignored when counting the content words two quotes share (English, plus the
# commonest of the other languages the corpus sees). Matching itself keeps every word.
STOPWORDS = frozenset(
    words(
        "a an the and or but nor so yet for of in on at to from by with without into onto over "
        "under about above below between among through during before after since until as than "
        "that this these those there here it its it's is are was were be been being am do does did "
        "done doing have has had having will would shall should can could may might must not no "
        "i me my we us our you your he him his she her they them their who whom whose which what "
        "when where why how all any both each every few more most other some such only own same "
        "very just also too then once again further if because while up down out off s t "
        "и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только "
        "ее мне было вот от меня еще нет о из ему теперь когда даже ну ли если уже или ни быть "
        "der die das und in zu den von mit sich des auf für ist im dem nicht ein eine als auch es "
        "le la les de des du un une et en est que qui dans pour pas sur au avec ce il elle "
        "el la los las de del y en que un una es por con para se al lo como más "
        "的 了 是 在 和 有 我 他 她 这 那 也 就 都 而 及 与 着 或 之"
    )
)
# Sweeps below: bench/quotes.py --sweep, results in bench/results/quotes-sweeps.json. On
# BASIL (300 articles, 100 events, aligned as one corpus) each setting is read as events with
# a quote shared across outlets (recall; 82 of 100 at the chosen values) against clusters
# joining different events (mostly chance; 9 at the chosen values).
#
# Words per shingle in the passage index. BASIL's figures are the same for 4 to 7 (reworded
# quotes come through the bigram index whatever the shingle length); 5 keeps the shortest
# match looked for in unquoted text (TEXT_MIN_WORDS) several shingles long, which the join's
# anchoring relies on, and shorter shingles pair more sources through stock phrases.
SHINGLE_WORDS = 5
# A shingle in more sources than this is boilerplate or a stock phrase and pairs none. On
# news-12k (3,000 articles): 4/8/12/24/48 give 463/465/466/468/469 quote clusters but 320/
# 476/580/1,315/1,420 reused passages; of the 788 passages 24 adds to 12, 787 pair articles
# of one outlet (newsletter sign-up blurbs, syndication notices). Time is flat (6.5-7.4 s).
DOCUMENT_FREQUENCY_CAP = 12
# The passage index is a group-by over shingle hashes in this many partitions, one counted in
# memory at a time (the partitions a distributed group-by would shuffle by). Not a quality
# setting: the join took 7.9 s with 16 and 9.2 s with 64 on 10,000 news-12k articles; fewer
# partitions hold bigger counters.
INDEX_PARTITIONS = 16
# Quotes shorter than this are not clustered (scare-quoted words like 'moat'). BASIL: 2/3/4/5
# give 84/82/81/81 events and 17/9/8/7 clusters across events.
CLUSTER_MIN_WORDS = 3
# Quote pairs proposed by shared content-word bigrams need this many shared bigrams (or all
# of the shorter quote's, when it has fewer). BASIL: 1/2/3 give 84/82/80 events, 12/9/8
# across events. A bigram in more sources than QUOTE_BIGRAM_CAP proposes none (as for
# shingles, DOCUMENT_FREQUENCY_CAP's value).
QUOTE_MIN_SHARED_BIGRAMS = 2
QUOTE_BIGRAM_CAP = DOCUMENT_FREQUENCY_CAP
# When two quotes (or a quote and a stretch of text) are the same quotation:
# - equal up to case, punctuation and inflection ("exact", "minor");
# - "fragment": the shorter, of FRAGMENT_MIN_WORDS or more, is inside the other
#   (BASIL: 3/4/5/6/8 give 84/83/82/81/80 events, 19/10/9/8/7 across events);
# - "variant": their words (inflection aside) are LINK_MIN_SIMILARITY alike (twice the words
#   they share in order over the words of both; BASIL: 0.3/0.4/0.5/0.6/0.7 give 83/82/82/79/79
#   events, 17/11/9/8/7 across), sharing LINK_MIN_CONTENT content words or more (2/3/4/5:
#   82/82/82/79 events, 9/9/8/6 across) and a run of LINK_MIN_RUN words (2/3/4/5: 82/82/81/81
#   events, 9 across each); or they share a run of LINK_LONG_RUN words that with the rest
#   makes LINK_MIN_OVERLAP of the shorter one's content words: one outlet quoting more of a
#   sentence and changing some of it (run 5/6/7/8/10/off: 275/271/268/268/264/263 clusters,
#   12/9/9/9/7/7 across; overlap 0.3/0.5/0.7/0.9: 270/268/267/264 clusters, 9/9/8/7 across;
#   events 82 throughout). Shared idioms alone ("in such a short period of time") are chance.
# Against unquoted text the bar is higher: stock phrases recur unquoted ("this is the first
# time", "will not be tolerated", "of the presidential campaign of Donald J. Trump", read in
# news-12k clusters). The stretch must have TEXT_MIN_WORDS words (BASIL 6/8/10/12: 84/82/82/82
# events, 10/9/9/9 across; on news-12k, 1,000 articles, 6 adds 8 clusters to 75, among them
# "it is the right thing to do" and "on the right side of history" unquoted), a fragment
# TEXT_FRAGMENT_MIN_WORDS (8/10/12/16: 10/9/9/9 across; 12 for the same reason), a variant
# must be TEXT_MIN_SIMILARITY alike (BASIL flat from 0.5 to 0.7; 0.6 from reading news-12k
# clusters, where 0.5 joined paraphrases like "At the end of the day, I just don't"), and
# the long-run rule does not apply.
FRAGMENT_MIN_WORDS = 5
LINK_MIN_SIMILARITY = 0.5
LINK_MIN_CONTENT = 3
LINK_MIN_RUN = 3
LINK_LONG_RUN = 8
LINK_MIN_OVERLAP = 0.5
TEXT_MIN_WORDS = 8
TEXT_FRAGMENT_MIN_WORDS = 12
TEXT_MIN_SIMILARITY = 0.6
# How many words either side of the stretch the shingles matched are searched when aligning a
# quote with another source's text (BASIL: no difference from 0 to 8; 4 allows an edit at
# either end of a quote given unquoted).
WINDOW_SLACK = 4
# Reused passages: unquoted runs of at least REUSE_MIN_WORDS words in both sources. BASIL's
# articles were written independently (its README: no pair with 50% 5-gram containment):
# 10/12/15/20 words find 13/4/1/0 passages there; news-12k (1,000): 251/197/176/134, 71 at
# 30. Runs of shared shingles with at most REUSE_GAP differing words between them join into
# one passage (0/1/3/6: 134/134/134/136 passages on news-12k, 1,000).
REUSE_MIN_WORDS = 20
REUSE_GAP = 3
# A passage more than this share quoted (in either source) is a quote, reported as a cluster
# (by construction: a majority decides which of the two reports the words).
REUSE_MAX_QUOTED = 0.5
# Clusters bigger than this compare members with the canonical one only, not all pairs (a
# bound on work, not quality: news-12k at 10,000 articles has clusters of up to 43 members).
CLUSTER_PAIRWISE_MAX = 24
# Reported floats are rounded to this many decimals.
ROUND = 4
