"""Stage 3, alignment: how two passages compare (verdict, similarity, whether they are the
same quotation), the diff shown, and where a quote's words align in a window of another source."""

from __future__ import annotations

import bisect
import functools
from array import array
from collections.abc import Hashable, Sequence, Set
from dataclasses import dataclass
from typing import Any

from ..rules import align as align_rules
from ..text import FUNCTION_WORDS, word_diff
from .words import STOPWORD_IDS, Words, stem, words_of

# Typographic normal form for "exact": marks, dashes and spaces unified.
_TYPO = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′`´ʼ＇", "'"),
        **dict.fromkeys("“”„‟″«»‹›「」『』〝〞〟＂", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
        **dict.fromkeys("\u00a0\u2007\u202f\u2009\u200a\u2002\u2003", " "),
    }
)
_EDGE_PUNCT = " \t\n\"'.,;:!?-…()[]"


def common_words(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[int, int]]:
    """The pairs ``(i, j)`` of one longest common subsequence of ``a`` and ``b``, in order:
    Hunt-Szymanski's (each word of ``a`` in turn, its places in ``b`` last to first, each pair
    linked to the best subsequence one shorter ending before it). Deciding whether candidates
    match needs only this; diff-match-patch (whose pure-Python bisection takes milliseconds on
    a dissimilar pair) draws the diffs the report shows."""
    where: dict[Hashable, list[int]] = {}
    for j in range(len(b) - 1, -1, -1):
        where.setdefault(b[j], []).append(j)
    ends: list[int] = []  # ends[k]: the least end in b of a common subsequence k + 1 long
    tails: list[Any] = []  # tails[k]: its last pair, linked to the one before
    for i, word in enumerate(a):
        for j in where.get(word, ()):
            k = bisect.bisect_left(ends, j)
            link: Any = (i, j, tails[k - 1] if k else None)
            if k == len(ends):
                ends.append(j)
                tails.append(link)
            else:
                ends[k] = j
                tails[k] = link
    out: list[tuple[int, int]] = []
    link = tails[-1] if tails else None
    while link is not None:
        out.append((link[0], link[1]))
        link = link[2]
    return out[::-1]


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch of one source's text and its words (offsets into the source's text)."""

    source: str
    quote: str | None
    start: int
    end: int
    text: str
    keys: tuple[str, ...]
    stems: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, source: str, quote: str | None, text: str, start: int, end: int) -> Passage:
        return cls.from_words(source, quote, text, words_of(text, start, end), start, end)

    @classmethod
    def from_words(
        cls, source: str, quote: str | None, text: str, found: Words, start: int, end: int
    ) -> Passage:
        return cls(
            source,
            quote,
            start,
            end,
            text[start:end],
            found.keys,
            tuple(map(stem, found.keys)),
            found.starts,
            found.ends,
        )

    def surfaces(self) -> list[str]:
        """Each word as written with what follows it up to the next word."""
        base = self.start
        text = self.text
        nexts = [*self.starts[1:], self.ends[-1]] if self.starts else []
        return [text[s - base : e - base] for s, e in zip(self.starts, nexts, strict=True)]


@dataclass(frozen=True, slots=True)
class Comparison:
    """How two passages differ."""

    verdict: str
    similarity: float
    linked: bool


@functools.lru_cache(maxsize=4096)
def _typographic(text: str) -> str:
    """The text with typographic variants unified and edge punctuation dropped (cached: a
    cluster's members are compared pairwise)."""
    return " ".join(text.translate(_TYPO).split()).strip(_EDGE_PUNCT)


def _contains(long: Sequence[str], short: Sequence[str]) -> bool:
    if not short or len(short) > len(long):
        return False
    sep = "\x1f"
    return (sep + sep.join(short) + sep) in (sep + sep.join(long) + sep)


def _lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """The length of the longest common subsequence of two word sequences, by rapidfuzz
    (C++), imported on first use: this module is imported with provaudit.align, and an audit
    of one source never compares two stretches."""
    from rapidfuzz.distance import LCSseq

    return int(LCSseq.similarity(a, b))


def linked(a: Sequence[str], b: Sequence[str], unquoted: bool) -> bool:
    """Whether two stretches with these word stems are the same quotation (the rules beside
    ``LINK_MIN_OVERLAP``); ``unquoted``: one of them is unquoted text (a higher bar)."""
    rules = align_rules.current()
    if not a or not b:
        return False
    shortest = min(len(a), len(b))
    if unquoted and shortest < rules.TEXT_MIN_WORDS:
        return False
    if a == b:
        return True
    if not unquoted and (bare := _without_articles(a)) and bare == _without_articles(b):
        return True  # "The negotiations will continue": articles and case aside, the same
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    common = _lcs_length(a, b)  # one inside the other has all its words in common
    if common == len(short) and _contains(long, short):
        return shortest >= (rules.TEXT_FRAGMENT_MIN_WORDS if unquoted else rules.FRAGMENT_MIN_WORDS)
    # Two quotations need LINK_MIN_CONTENT content words in common, or all the shorter
    # one's (two at least): "do not accord with facts" has two.
    least = rules.LINK_MIN_CONTENT
    if not unquoted:
        least = max(2, min(least, _content_count(short)))
    # The length of a longest common subsequence decides most candidates before one is
    # built: fewer common words than that, or too dissimilar for the similarity rule while
    # too short (or unquoted) for the long-run rule, is no link whichever subsequence is
    # taken. Bounds only: every decision is the one the rules below make.
    alike = 2 * common / (len(a) + len(b))
    threshold = rules.TEXT_MIN_SIMILARITY if unquoted else rules.LINK_MIN_SIMILARITY
    if common < least or (alike < threshold and (unquoted or common < rules.LINK_LONG_RUN)):
        return False
    if alike < threshold and _no_shared_run(short, long, rules.LINK_LONG_RUN):
        return False  # the long-run rule needs a run of LINK_LONG_RUN words in common
    pairs = common_words(a, b)
    matched = sum(1 for i, _ in pairs if a[i] not in FUNCTION_WORDS)
    if matched < least:
        return False
    run = _longest_run(pairs)
    if alike >= threshold:
        return run >= rules.LINK_MIN_RUN
    content = min(_content_count(a), _content_count(b))
    return (
        not unquoted and run >= rules.LINK_LONG_RUN and matched >= rules.LINK_MIN_OVERLAP * content
    )


def _without_articles(stems: Sequence[str]) -> tuple[str, ...]:
    rules = align_rules.current()
    return tuple(w for w in stems if w not in rules.ARTICLES)


def short_linked(
    a: Sequence[str],
    b: Sequence[str],
    kinds: tuple[str, str],
    speakers: tuple[str | None, str | None],
    contexts: tuple[Set[int], Set[int]] | None = None,
) -> bool:
    """Whether two quotations (marks on both), the shorter of fewer than FRAGMENT_MIN_WORDS
    words, are the same quotation (the rules beside ``SHORT_MIN_WORDS``): not a stop-word
    pair, titles only with titles, never two different named speakers, and one named
    speaker or SHORT_CONTEXT_MIN words in common around where the shorter wording stands in
    each (``contexts``: their content words' ids, see join); then the same words (articles
    aside), one inside the other, or, said by one named speaker, variants."""
    rules = align_rules.current()
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if not rules.SHORT_MIN_WORDS <= len(short) < rules.FRAGMENT_MIN_WORDS:
        return False
    content = _content_count(short)
    if content == 0 or (kinds[0] == "title") != (kinds[1] == "title"):
        return False
    same_speaker = speakers[0] is not None and speakers[1] is not None
    if same_speaker and not _same_person(speakers[0] or "", speakers[1] or ""):
        return False
    if (
        not same_speaker
        and contexts is not None
        and len(contexts[0] & contexts[1]) < rules.SHORT_CONTEXT_MIN
    ):
        return False
    bare_short, bare_long = _without_articles(short), _without_articles(long)
    if bare_short == bare_long and bare_short:
        return True
    if _contains(long, short) or _contains(bare_long, bare_short):
        return content >= rules.SHORT_FRAGMENT_CONTENT or len(bare_short) >= 3
    if not same_speaker or kinds[0] == "title":
        return False
    shared = {w for w in short if w not in FUNCTION_WORDS} & set(long)
    return bool(shared) and _similarity(a, b) >= rules.LINK_MIN_SIMILARITY


def _same_person(x: str, y: str) -> bool:
    """Whether two speaker names share a name word ("Trump", "President Donald Trump"; a
    title such as "Senator" is no name)."""
    rules = align_rules.current()

    def names(s: str) -> set[str]:
        found = {w.strip(".,").casefold() for w in s.split() if len(w.strip(".,")) > 2}
        return found - rules.SPEAKER_TITLES

    return bool(names(x) & names(y))


def _no_shared_run(short: Sequence[str], long: Sequence[str], n: int) -> bool:
    """Whether no ``n`` consecutive words of ``short`` are also consecutive in ``long`` (so no
    common subsequence of theirs has ``n`` consecutive pairs): their n-grams as sets, in C."""
    grams = set(zip(*(short[i:] for i in range(n)), strict=False))
    return grams.isdisjoint(zip(*(long[i:] for i in range(n)), strict=False))


def compare(a: Passage, b: Passage, *, link: bool = True) -> Comparison:
    """Verdict, similarity (word-level, case-folded, 0..1) and whether ``a`` and ``b`` are the
    same quotation (:func:`linked`; not decided, False, without ``link``)."""
    similarity = _similarity(a.keys, b.keys)
    if a.stems == b.stems:
        verdict = "exact" if _typographic(a.text) == _typographic(b.text) else "minor"
    elif _without_articles(a.stems) == _without_articles(b.stems):
        verdict = "minor"  # "The negotiations will continue" / "negotiations will continue"
    else:
        short, long = (a, b) if len(a.stems) <= len(b.stems) else (b, a)
        verdict = "fragment" if _contains(long.stems, short.stems) else "variant"
    same = link and linked(a.stems, b.stems, a.quote is None or b.quote is None)
    return Comparison(verdict, similarity, same)


def _longest_run(pairs: Sequence[tuple[int, int]]) -> int:
    """The longest stretch of consecutive pairs ``(i, j), (i + 1, j + 1), ...``."""
    best = run = 0
    previous = (-2, -2)
    for i, j in pairs:
        run = run + 1 if (i, j) == (previous[0] + 1, previous[1] + 1) else 1
        best = max(best, run)
        previous = (i, j)
    return best


def _similarity(a: Sequence[str], b: Sequence[str]) -> float:
    if not a and not b:
        return 1.0
    return round(2 * _lcs_length(a, b) / (len(a) + len(b)), align_rules.ROUND)


def _content_count(stems: Sequence[str]) -> int:
    return len(stems) - sum(map(FUNCTION_WORDS.__contains__, stems))


def display_diff(a: Passage, b: Passage) -> list[list[Any]]:
    """The word diff from ``a`` to ``b`` as ``[op, text]``, semantic cleanup applied, each
    word shown as written (equal stretches as ``a`` writes them)."""
    out: list[list[Any]] = []
    ia = ib = 0
    sa, sb = a.surfaces(), b.surfaces()
    for op, n in word_diff(a.keys, b.keys):
        if op == 1:
            chunk = "".join(sb[ib : ib + n])
            ib += n
        else:
            chunk = "".join(sa[ia : ia + n])
            ia += n
            if op == 0:
                ib += n
        if out and out[-1][0] == op:
            out[-1][1] += chunk
        else:
            out.append([op, chunk])
    return out


def locate(
    quote: Sequence[int], window: Sequence[int], starts: Sequence[int], text: str
) -> tuple[int, int] | None:
    """Indexes ``[first, stop)`` of the words of ``window`` (stem ids; ``starts``, their
    offsets in ``text``) that the quote's stem ids align with: from the first to the last
    aligned word that is in a run of two or more or is a content word, inside the paragraph
    holding most of them; None if none aligns.

    A quote there word for word is that stretch: the subsequence may take one of its words
    from before it ("The" of "The IRS used ...", from the words before the quote) and then
    leave that word out as an isolated stopword."""
    at = _find_words(quote, window)
    if at is not None:
        return at, at + len(quote)
    kept: list[int] = []
    pairs = common_words(quote, window)
    for n, (i, j) in enumerate(pairs):
        joined = (n > 0 and pairs[n - 1] == (i - 1, j - 1)) or (
            n + 1 < len(pairs) and pairs[n + 1] == (i + 1, j + 1)
        )
        if joined or window[j] not in STOPWORD_IDS:
            kept.append(j)
    if not kept:
        return None
    groups: list[list[int]] = [[kept[0]]]
    for j in kept[1:]:
        # A word holds no line break: one between two words' starts is between the words.
        if "\n" in text[starts[groups[-1][-1]] : starts[j]]:
            groups.append([j])
        else:
            groups[-1].append(j)
    best = max(groups, key=len)
    return best[0], best[-1] + 1


def _find_words(sought: Sequence[int], ids: Sequence[int]) -> int | None:
    """The index of the first place ``ids`` holds the words ``sought`` one after another."""
    if not sought:
        return None
    needle, haystack = array("I", sought).tobytes(), array("I", ids).tobytes()
    size = array("I").itemsize
    at = haystack.find(needle)
    while at % size and at > 0:  # a match across two ids' bytes is none
        at = haystack.find(needle, at + 1)
    return None if at < 0 else at // size
