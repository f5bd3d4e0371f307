"""The shared text toolkit (provaudit.text): diffs that give back both texts, sentence
stretches that tile the text, script classes that nest as their docstrings say."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provaudit import text

_TEXT = st.text(alphabet="ab cé_'’.!?\n。」公は한3", max_size=40)


@given(_TEXT, _TEXT)
def test_text_diff_gives_back_both_texts(a: str, b: str) -> None:
    diff = text.text_diff(a, b)
    assert "".join(t for op, t in diff if op <= 0) == a
    assert "".join(t for op, t in diff if op >= 0) == b


@given(
    st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=20),
    st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=20),
    st.sampled_from(["aligned", "whole", "none"]),
)
def test_word_diff_counts_every_word_once(a: list[str], b: list[str], cleanup: str) -> None:
    diff = text.word_diff(a, b, cleanup=cleanup)
    assert sum(n for op, n in diff if op <= 0) == len(a)
    assert sum(n for op, n in diff if op >= 0) == len(b)


def test_word_diff_refuses_an_unknown_cleanup() -> None:
    with pytest.raises(ValueError, match="cleanup"):
        text.word_diff(["a"], ["b"], cleanup="semantic")


def test_text_diff_keeps_words_whole() -> None:
    diff = text.text_diff("the market is competitive", "the markets are competitive")
    assert (-1, "market is") in diff
    assert (1, "markets are") in diff


@given(_TEXT, st.integers(0, 40), st.integers(0, 40))
def test_sentence_spans_tile_the_stretch(value: str, start: int, length: int) -> None:
    start = min(start, len(value))
    end = min(len(value), start + length)
    spans = text.sentence_spans(value, start, end)
    assert "".join(value[s:e] for s, e in spans) == value[start:end]
    assert all(s < e for s, e in spans)


@given(_TEXT)
def test_sentences_are_in_order_inside_the_text(value: str) -> None:
    spans = text.sentences(value, 0, len(value))
    assert all(value[s:e].strip() for s, e in spans)
    assert all(e1 <= s2 for (_, e1), (s2, _) in itertools.pairwise(spans))


def test_sentences_skip_abbreviations_and_lower_case_continuations() -> None:
    value = "Mr. Smith met the U.S. team. Then he left! and came back. 他走了。她来了。"
    got = [value[s:e] for s, e in text.sentences(value, 0, len(value))]
    assert got == [
        "Mr. Smith met the U.S. team.",
        "Then he left! and came back.",
        "他走了。",
        "她来了。",
    ]


def test_script_classes_nest() -> None:
    """Every CJK character is one to quotes' glued-mark test and to off-topic's bigrams; the
    wider classes add only punctuation and fullwidth forms, and Hangul."""
    for code in range(0x10000):
        ch = chr(code)
        if text.CJK_CHAR.match(ch):
            assert text.CJK_OR_PUNCT.match(ch)
            assert text.CJK_OR_HANGUL.match(ch)
        elif text.CJK_OR_HANGUL.match(ch):
            assert 0xAC00 <= code <= 0xD7AF
        elif text.CJK_OR_PUNCT.match(ch):
            assert 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF


def test_words_split_as_named() -> None:
    value = "don't l'été 3D foo_bar 公司"
    assert text.WORD.findall(value) == ["don't", "l'été", "3D", "foo", "bar", "公司"]
    assert text.LETTER_WORD.findall(value) == ["don't", "l'été", "D", "foo", "bar", "公司"]
    assert text.LETTER_RUN.findall(value) == ["don", "t", "l", "été", "D", "foo", "bar", "公司"]
    assert text.ANY_WORD.findall(value) == ["don", "t", "l", "été", "3D", "foo_bar", "公司"]


def test_space_and_digit_counts_are_the_per_character_counts() -> None:
    """count_spaces and count_digits count what str.isspace and str.isdigit are true of:
    non-ASCII white space is counted through str.split(), which splits at exactly those
    characters (checked over every code point on this Python)."""
    import sys

    odd = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if chr(code).isspace() != (f"a{chr(code)}b".split() != [f"a{chr(code)}b"])
    ]
    assert odd == []
    for sample in ("a\u00a0b\u2009c d\te", "Zwölf 12 Apfel\u3000", "٣ ² x", "\u2028\u0085 x"):
        assert text.count_spaces(sample) == sum(map(str.isspace, sample))
        assert text.count_digits(sample) == sum(map(str.isdigit, sample))
