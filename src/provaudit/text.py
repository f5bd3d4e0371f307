"""How the stages read text: scripts, words, sentence ends, function words and the word diff.

One place for the character classes and patterns every stage reads text with. Where stages
need different things the variants are named here, each with why; one pattern bent to fit
every stage would change what some of them find.

- **Scripts.** :data:`CJK_CHAR`: kana, Han (with extension A and the compatibility
  ideographs), the characters of languages written without spaces, each one a word to
  alignment. :data:`CJK_OR_PUNCT` adds CJK punctuation and fullwidth forms: a quote mark next
  to either is in CJK text (quotes). :data:`CJK_OR_HANGUL` adds Hangul syllables: the runs
  off-topic scoring counts by character bigrams. Language detection's script tables
  (rules/languages.py) are finer still (radicals, extension B and beyond, kana apart from Han)
  and stay beside the detector.
- **Words.** :data:`WORD`: letters and digits with inner apostrophes ("don't", "l'été", "3D"),
  no underscores: what quotes and alignment count and match. :data:`LETTER_WORD`: the same
  without digits, for figures' context words (the numbers are the figures). :data:`LETTER_RUN`:
  letters only, an apostrophe splits: word lists looked up by language detection and off-topic
  vocabulary. :data:`ANY_WORD` (``\\w+``): a headline's length, where digits and underscores
  count as words.
- **Sentence ends.** :data:`SENTENCE_END`: terminal punctuation and what closes a quotation
  after it, before white space, or a CJK full stop (language detection's kinds: the paragraph's
  end is a sentence end too). :data:`SENTENCE_END_BEFORE_TEXT` wants something after the
  white space (provenance's :func:`sentences` leaves a paragraph's last sentence to its end).
  :func:`sentences` then skips abbreviations and stops followed by a lower-case letter.
  Quote speaker windows cut at their own sentence end (rules/quotes.py ``SENTENCE_END``:
  honorifics, and a capital after, since a wrong cut loses the speaker); off-topic scoring
  splits long paragraphs at its own (rules/offtopic.py, keeping the closers and the white
  space apart), and figures take a context up to ``[.!?。！？]\\s`` or a line break (figures.py):
  both may switch to these when their owners next change them.
- **Function words.** :data:`FUNCTION_WORDS`: grammar words of the languages the corpus sees,
  left out when counting the content words two quotes share. Not to be confused with the
  off-topic scorer's stop-words (rules/offtopic.py: every word that carries no topic, dates and
  "said" among them) or language detection's per-language lists (rules/languages.py).
- **Names.** :func:`outlet_slug`: an outlet's identifier, for the provenance stage and the
  PROV-JSON renderer alike.
- **Word diff.** :func:`word_diff` diffs two word sequences (diff-match-patch on words, each
  distinct word one character); :func:`text_diff` diffs two strings by words, white space and
  punctuation, for display.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from diff_match_patch import diff_match_patch

# --- Scripts ---------------------------------------------------------------------------------

KANA_AND_HAN = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"  # kana, Han extension A, Han
CJK_COMPATIBILITY = "\uf900-\ufaff"  # compatibility ideographs (豈, 﨑): Han too
CJK_PUNCTUATION = "\u3000-\u303f"  # 、。「」 and the ideographic space
FULLWIDTH = "\uff00-\uffef"  # fullwidth and halfwidth forms (，：！)
HANGUL_SYLLABLES = "\uac00-\ud7af"

CJK_CHAR = re.compile(f"[{KANA_AND_HAN}{CJK_COMPATIBILITY}]")
CJK_OR_PUNCT = re.compile(f"[{CJK_PUNCTUATION}{KANA_AND_HAN}{CJK_COMPATIBILITY}{FULLWIDTH}]")
CJK_OR_HANGUL = re.compile(f"[{KANA_AND_HAN}{HANGUL_SYLLABLES}{CJK_COMPATIBILITY}]")

# --- Words -----------------------------------------------------------------------------------

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
WORD_SPLIT = re.compile(f"({WORD.pattern})")  # re.split keeping the words: gap, word, gap, ...
WORD_CHAR = re.compile(r"[^\W_]")
LETTER = re.compile(r"[^\W\d_]")
LETTER_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
LETTER_RUN = re.compile(r"[^\W\d_]+")
ANY_WORD = re.compile(r"\w+")

# The ASCII characters str.isspace and str.isdigit are true of.
_ASCII_SPACES = "".join(c for c in map(chr, range(128)) if c.isspace())
_ASCII_DIGITS = "".join(c for c in map(chr, range(128)) if c.isdigit())


def count_spaces(text: str) -> int:
    """How many characters of ``text`` are white space (str.isspace). In ASCII text by
    str.count of each such character: no call per character (this runs on every block)."""
    if text.isascii():
        return sum(map(text.count, _ASCII_SPACES))
    # str.split() splits at exactly the characters str.isspace is true of: what it leaves is
    # the rest (no call per character).
    return len(text) - sum(map(len, text.split()))


def count_digits(text: str) -> int:
    """How many characters of ``text`` are digits (str.isdigit), counted as count_spaces
    counts white space."""
    if text.isascii():
        return sum(map(text.count, _ASCII_DIGITS))
    return sum(map(str.isdigit, text))


# --- Sentences -------------------------------------------------------------------------------

_STOPS = r"[.!?…]+"
_CLOSERS = r"[\"'”’»)\]]*"  # what may close a quotation or a parenthesis after the stop
_CJK_STOPS = r"[。！？]+[”’」』）]*"
SENTENCE_END = re.compile(_STOPS + _CLOSERS + r"(?=\s)|" + _CJK_STOPS)
SENTENCE_END_BEFORE_TEXT = re.compile(_STOPS + _CLOSERS + r"(?=\s+\S)|" + _CJK_STOPS)
# Between two words, a sentence may end (for segmenting: an abbreviation's dot may split too).
SENTENCE_BREAK = re.compile(r"[.!?…。！？]")
# A line that ends like a sentence.
LINE_END = re.compile(r"[.!?…。！？][\"'”’»)\]]*\s*$")
ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Inc|Co|Corp|Ltd|Jr|Sr|vs|etc|No|Nos|Gen|Sen|Rep|Gov)"
    r"|\b[A-Z]|\b(?:[A-Za-z]\.)+[A-Za-z])$"
)


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut after every :data:`SENTENCE_END`, white space kept with the
    sentence after it; the stretch's end ends the last one."""
    out: list[tuple[int, int]] = []
    s = start
    for m in SENTENCE_END.finditer(text, start, end):
        out.append((s, m.end()))
        s = m.end()
    if s < end:
        out.append((s, end))
    return out


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text[start:end]``, without the white space
    between them.

    A sentence ends at ., !, ? or … (and closing quotes) before white space and a character
    that is not a lower-case letter, unless the word before the stop is an abbreviation; or at
    a CJK full stop.
    """
    out: list[tuple[int, int]] = []
    first = start
    for m in SENTENCE_END_BEFORE_TEXT.finditer(text, start, end):
        if text[m.start()] == "." and ABBREVIATION.search(
            text, max(start, m.start() - 8), m.start()
        ):
            continue
        after = m.end()
        while after < end and text[after].isspace():
            after += 1
        if after < end and text[after].islower():
            continue
        out.append((first, m.end()))
        first = after
    if first < end:
        out.append((first, end))
    return [(s, e) for s, e in out if text[s:e].strip()]


# --- Names ---------------------------------------------------------------------------------


def outlet_slug(name: str) -> str:
    """An identifier for an outlet made of ``[a-z0-9-]`` where the name allows ("the-verge");
    names in other scripts keep their letters."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    slug = re.sub(r"[^\w]+", "-", folded).strip("-_")
    return slug or "outlet"


# --- Function words --------------------------------------------------------------------------

# English, plus the commonest of the other languages the corpus sees.
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "so",
        "yet",
        "for",
        "of",
        "in",
        "on",
        "at",
        "to",
        "from",
        "by",
        "with",
        "without",
        "into",
        "onto",
        "over",
        "under",
        "about",
        "above",
        "below",
        "between",
        "among",
        "through",
        "during",
        "before",
        "after",
        "since",
        "until",
        "as",
        "than",
        "that",
        "this",
        "these",
        "those",
        "there",
        "here",
        "it",
        "its",
        "it's",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "do",
        "does",
        "did",
        "done",
        "doing",
        "have",
        "has",
        "had",
        "having",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "not",
        "no",
        "i",
        "me",
        "my",
        "we",
        "us",
        "our",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "they",
        "them",
        "their",
        "who",
        "whom",
        "whose",
        "which",
        "what",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "every",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "only",
        "own",
        "same",
        "very",
        "just",
        "also",
        "too",
        "then",
        "once",
        "again",
        "further",
        "if",
        "because",
        "while",
        "up",
        "down",
        "out",
        "off",
        "s",
        "t",
        "и",
        "в",
        "во",
        "не",
        "что",
        "он",
        "на",
        "я",
        "с",
        "со",
        "как",
        "а",
        "то",
        "все",
        "она",
        "так",
        "его",
        "но",
        "да",
        "ты",
        "к",
        "у",
        "же",
        "вы",
        "за",
        "бы",
        "по",
        "только",
        "ее",
        "мне",
        "было",
        "вот",
        "от",
        "меня",
        "еще",
        "нет",
        "о",
        "из",
        "ему",
        "теперь",
        "когда",
        "даже",
        "ну",
        "ли",
        "если",
        "уже",
        "или",
        "ни",
        "быть",
        "der",
        "die",
        "das",
        "und",
        "in",
        "zu",
        "den",
        "von",
        "mit",
        "sich",
        "des",
        "auf",
        "für",
        "ist",
        "im",
        "dem",
        "nicht",
        "ein",
        "eine",
        "als",
        "auch",
        "es",
        "le",
        "la",
        "les",
        "de",
        "des",
        "du",
        "un",
        "une",
        "et",
        "en",
        "est",
        "que",
        "qui",
        "dans",
        "pour",
        "pas",
        "sur",
        "au",
        "avec",
        "ce",
        "il",
        "elle",
        "el",
        "la",
        "los",
        "las",
        "de",
        "del",
        "y",
        "en",
        "que",
        "un",
        "una",
        "es",
        "por",
        "con",
        "para",
        "se",
        "al",
        "lo",
        "como",
        "más",
        "的",
        "了",
        "是",
        "在",
        "和",
        "有",
        "我",
        "他",
        "她",
        "这",
        "那",
        "也",
        "就",
        "都",
        "而",
        "及",
        "与",
        "着",
        "或",
        "之",
    ]
)

# --- Word diff -------------------------------------------------------------------------------


def _diff_engine() -> diff_match_patch:
    engine = diff_match_patch()
    # No deadline: the diffs are short, and without one the diff is optimal (and so the same
    # whichever text comes first, and however busy the machine is).
    engine.Diff_Timeout = 0
    return engine


_DMP = _diff_engine()
_PRIVATE_USE = 0xE000
_PRIVATE_USE_SIZE = 0xF900 - 0xE000


def _encode(a: Sequence[str], b: Sequence[str]) -> tuple[str, str]:
    """Each distinct word as one character (diff-match-patch's linesToChars, for words)."""
    table: dict[str, str] = {}

    def char(word: str) -> str:
        c = table.get(word)
        if c is None:
            n = len(table)
            c = chr(_PRIVATE_USE + n if n < _PRIVATE_USE_SIZE else 0xF0000 + n - _PRIVATE_USE_SIZE)
            table[word] = c
        return c

    return "".join(map(char, a)), "".join(map(char, b))


def word_diff(
    a: Sequence[str], b: Sequence[str], *, cleanup: str = "aligned"
) -> list[tuple[int, int]]:
    """The diff of two word sequences as ``(op, number of words)`` (op -1, 0, 1).

    ``cleanup`` says where diff-match-patch's semantic cleanup runs: ``"aligned"``, on the
    stretch from the first equal word to the last (words one side has before or after it are
    where two quotes were cut, not changes, and must not pull the equal words next to them
    into an edit); ``"whole"``, on all of it (two texts shown side by side); ``"none"``.
    """
    ta, tb = _encode(a, b)
    diffs = _DMP.diff_main(ta, tb, False)
    if cleanup == "whole":
        _DMP.diff_cleanupSemantic(diffs)
    elif cleanup == "aligned":
        equal = [i for i, (op, _) in enumerate(diffs) if op == 0]
        if equal:
            core = diffs[equal[0] : equal[-1] + 1]
            _DMP.diff_cleanupSemantic(core)
            diffs = diffs[: equal[0]] + core + diffs[equal[-1] + 1 :]
    elif cleanup != "none":
        raise ValueError(f"cleanup must be 'aligned', 'whole' or 'none', not {cleanup!r}")
    return [(op, len(chunk)) for op, chunk in diffs]


# A display token: a word (with underscores and digits), a run of white space, or one other
# character: words are diffed whole, never in pieces, and so is the space between them.
DIFF_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def text_diff(a: str, b: str) -> list[tuple[int, str]]:
    """The diff from ``a`` to ``b`` by :data:`DIFF_TOKEN` as diff-match-patch ``(op, text)``
    pairs (-1 deleted, 0 equal, 1 inserted), semantic cleanup on the whole."""
    ta, tb = DIFF_TOKEN.findall(a), DIFF_TOKEN.findall(b)
    out: list[tuple[int, str]] = []
    ia = ib = 0
    for op, n in word_diff(ta, tb, cleanup="whole"):
        if op == 1:
            out.append((op, "".join(tb[ib : ib + n])))
            ib += n
        else:
            out.append((op, "".join(ta[ia : ia + n])))
            ia += n
            ib += n if op == 0 else 0
    return out
