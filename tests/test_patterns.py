"""patterns.guarded: the look-ahead guard never changes what a pattern finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provaudit import figures, provenance
from provaudit.patterns import first_chars, guarded
from provaudit.rules import provenance as provenance_rules

from conftest import seed_text

# Every guarded pattern of the stages, as (pattern text without the guard, flags).
GUARDED = [
    *(
        (p, 0)
        for p in (
            figures._SUFFIX_MONEY.pattern,
            figures._MAGNITUDE.pattern,
            figures._PERCENT.pattern,
            figures._HYPHEN_COUNT.pattern,
            figures._COUNT.pattern,
            *(d.pattern for d in figures._DATES),
        )
    ),
    (provenance._BEFORE.pattern, re.IGNORECASE),
    (provenance._AFTER.pattern, re.IGNORECASE),
    *(
        (p.pattern, re.IGNORECASE)
        for p in provenance.disclosure_scans(provenance_rules.current()).values()
    ),
]
PIECES = st.sampled_from(
    [
        *"0123456789 .,-$%\n",
        "April",
        "MAY",
        "in",
        "One",
        "two",
        "hundred",
        "million",
        "dollars",
        "年",
        "月",
        "三百",
        "亿",
        "в",
        "марта",
        "obtained by",
        "Reported by",
        "sponsored content",
        "ſ",
        "K",
        "ı",
    ]
)


def _unguarded(pattern: str) -> str:
    """The pattern as written, without a guard guarded() put in front."""
    m = re.match(r"\(\?=(?:\[(?:\\.|[^\]])*\]|\(\?i:\[(?:\\.|[^\]])*\]\)|\|)+\)\(\?:", pattern)
    return pattern[m.end() : -1] if m else pattern


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=16).map("".join))
def test_guard_finds_what_the_pattern_finds(text: str) -> None:
    for pattern, flags in GUARDED:
        plain = re.compile(_unguarded(pattern), flags)
        spans = [m.span() for m in plain.finditer(text)]
        assert [m.span() for m in guarded(plain.pattern, flags).finditer(text)] == spans


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_guard_on_the_seeds(name: str) -> None:
    text = seed_text(name)
    for pattern, flags in GUARDED:
        plain = re.compile(_unguarded(pattern), flags)
        expected = [m.group() for m in plain.finditer(text)]
        assert [m.group() for m in guarded(plain.pattern, flags).finditer(text)] == expected


def test_first_characters() -> None:
    assert first_chars(r"(?<!\w)(?:ab|Cd)") == ({"a", "C"}, set())
    assert first_chars(r"\b(?i:in|on)\s") == (set(), {"i", "o"})
    assert first_chars(r"x?y") == ({"x", "y"}, set())
    assert first_chars(r"\d+|[a-c]") == ({r"\d", "a", "b", "c"}, set())
    assert first_chars(r"\w+") is None  # most characters: no guard
    assert first_chars(r"a*") is None  # can match nothing: no guard
