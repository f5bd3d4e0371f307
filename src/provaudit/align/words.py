"""Words for matching: offsets, normalised keys, light stems and their stable ids."""

from __future__ import annotations

import itertools
import unicodedata
import zlib
from dataclasses import dataclass

from ..memo import memo
from ..text import CJK_CHAR, FUNCTION_WORDS, WORD, WORD_SPLIT

# Typographic variants that must not make two words differ.
_UNIFY = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "′": "'", "`": "'", "´": "'"})


@dataclass(frozen=True, slots=True)
class Words:
    """The words of a text, for matching: character offsets and normalised keys."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    keys: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.keys)


# Caches hold one entry per distinct word (10,000 news articles have ~300,000 as written).
_WORDS_CACHED = 1 << 19
_memo = memo(_WORDS_CACHED)


@_memo
def word_key(word: str) -> str:
    if not word.isascii():
        word = unicodedata.normalize("NFKC", word.translate(_UNIFY))
    return word.casefold()


@_memo
def stem(key: str) -> str:
    """A word's key without inflection: possessive 's, plural -s/-es/-ies, -ed, -ing.

    Deliberately light (no derivation: restriction stays apart from restrict); it decides
    "minor" and lets inflected runs still share shingles.
    """
    if key.endswith(("'s", "s'")) and len(key) > 3:
        key = key[:-2] if key.endswith("'s") else key[:-1]
    if len(key) <= 3 or not key.isalpha():
        return key
    if key.endswith("ies") and len(key) > 4:
        key = key[:-3] + "y"
    elif key.endswith("sses"):
        key = key[:-2]
    elif key.endswith("s") and not key.endswith(("ss", "us", "is")):
        key = key[:-1]
    if key.endswith("ing") and len(key) > 5:
        key = key[:-3]
    elif key.endswith("ed") and len(key) > 4:
        key = key[:-2]
    if key.endswith("e") and len(key) > 3:
        key = key[:-1]
    return key


@_memo
def word_id(stemmed: str) -> int:
    return zlib.crc32(stemmed.encode("utf-8", "surrogatepass"))


@_memo
def key_id(key: str) -> int:
    """The id of a word's stem: equal for inflected forms, stable across processes."""
    return word_id(stem(key))


STOPWORD_IDS = frozenset(map(word_id, FUNCTION_WORDS))


def words_of(text: str, start: int = 0, end: int | None = None) -> Words:
    """The words of ``text[start:end]`` with offsets into ``text``; CJK characters are words."""
    end = len(text) if end is None else end
    if CJK_CHAR.search(text, start, end):
        return matched_words(text, start, end)
    offsets, parts = split_words(text[start:end], start)
    return Words(tuple(offsets[1:-1:2]), tuple(offsets[2::2]), tuple(map(word_key, parts[1::2])))


def split_words(chunk: str, base: int) -> tuple[list[int], list[str]]:
    """A stretch without CJK split keeping its words, ``[gap, word, gap, ..., word, gap]``, and
    where each part starts (from ``base``; one more offset, the end). One pass of the
    expression in C, and strings and ints only: match objects are tracked by the garbage
    collector, and a text's worth alive at once set off collections that rescan everything a
    run holds (bench/quotes.py's scaling rows give the collector's time in the features)."""
    parts = WORD_SPLIT.split(chunk)
    return list(itertools.accumulate(map(len, parts), initial=base)), parts


def matched_words(text: str, start: int, end: int) -> Words:
    """:func:`words_of` match by match, splitting CJK runs into characters."""
    starts: list[int] = []
    ends: list[int] = []
    keys: list[str] = []
    for m in WORD.finditer(text, start, end):
        word = m.group()
        if word.isascii() or not CJK_CHAR.search(word):
            starts.append(m.start())
            ends.append(m.end())
            keys.append(word_key(word))
            continue
        # Chinese and Japanese are written without spaces: each character is a word.
        base = m.start()
        run = 0
        for i, ch in enumerate(word):
            if CJK_CHAR.match(ch):
                if run < i:
                    starts.append(base + run)
                    ends.append(base + i)
                    keys.append(word_key(word[run:i]))
                starts.append(base + i)
                ends.append(base + i + 1)
                keys.append(ch)
                run = i + 1
        if run < len(word):
            starts.append(base + run)
            ends.append(base + len(word))
            keys.append(word_key(word[run:]))
    return Words(tuple(starts), tuple(ends), tuple(keys))


@_memo
def raw_id(word: str) -> int:
    return key_id(word_key(word))
