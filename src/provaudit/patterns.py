"""Regex helpers shared by the stages.

Python's regex engine tries a pattern at every offset of a text; a pattern that starts with an
alternation (case-insensitive above all) or a look-behind gets no help from the engine's own
prefix search. :func:`guarded` puts a look-ahead for the characters a match can start with in
front: a superset read from the parsed pattern, so no match is lost and every match is the
same, while most offsets are turned away with one character test.
"""

from __future__ import annotations

import re
from typing import Any

# A character range wider than this in a pattern's first position is kept as a range only up
# to this size; wider, the pattern gets no guard (the class would admit most text anyway).
FIRST_RANGE_MAX = 64
_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_UNI_DIGIT": r"\d",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_UNI_SPACE": r"\s",
}


def guarded(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``pattern`` compiled with a look-ahead for the characters its matches can start with
    (none when they could start with nearly anything)."""
    first = first_chars(pattern, flags)
    if first is not None:
        exact, folded = first
        tests = [f"[{''.join(sorted(exact))}]"] if exact else []
        if folded:
            tests.append(f"(?i:[{''.join(sorted(folded))}])")
        pattern = f"(?={'|'.join(tests)})(?:{pattern})"
    return re.compile(pattern, flags)


def first_chars(pattern: str, flags: int = 0) -> tuple[set[str], set[str]] | None:
    """Character-class atoms (escaped characters, ``\\d``, ``\\s``) covering every character a
    match of ``pattern`` can start with: those to match as written and those to match
    case-insensitively (inside ``(?i:...)``); None when that is most characters or the pattern
    can match the empty string. ``flags`` are the flags the pattern is compiled with."""
    try:
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser as parser  # type: ignore[attr-defined]
    except ImportError:  # Python 3.10
        import sre_constants as c
        import sre_parse as parser

    exact: set[str] = set()
    folded: set[str] = set()

    def atom(op: Any, av: Any) -> set[str] | None:
        if op is c.LITERAL:
            return {re.escape(chr(av))}
        if op is c.RANGE and av[1] - av[0] < FIRST_RANGE_MAX:
            return {re.escape(chr(x)) for x in range(av[0], av[1] + 1)}
        if op is c.CATEGORY and str(av) in _CATEGORIES:
            return {_CATEGORIES[str(av)]}
        return None

    def firsts(seq: Any, ignorecase: bool) -> bool | None:
        """Adds the atoms ``seq`` can start with; whether it can match the empty string (None:
        it can start with most characters)."""
        found = folded if ignorecase else exact
        for op, av in seq:
            if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
                continue  # zero-width: the next item starts the match
            if op is c.LITERAL:
                found.update(atom(op, av) or ())
                return False
            if op is c.IN:
                for item_op, item in av:
                    more = atom(item_op, item)
                    if more is None:
                        return None
                    found.update(more)
                return False
            empty: bool | None
            if op is c.BRANCH:
                empty = False
                for alternative in av[1]:
                    alt_empty = firsts(alternative, ignorecase)
                    if alt_empty is None:
                        return None
                    empty = empty or alt_empty
                if not empty:
                    return False
                continue
            if op is c.SUBPATTERN:
                _, add, remove, inner = av
                inner_ic = (ignorecase or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE
                empty = firsts(inner, inner_ic)
            elif op is getattr(c, "ATOMIC_GROUP", None):
                empty = firsts(av, ignorecase)
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
                empty = firsts(av[2], ignorecase)
                if empty is not None:
                    empty = empty or av[0] == 0
            else:
                return None
            if empty is None:
                return None
            if not empty:
                return False
        return True

    empty = firsts(parser.parse(pattern, flags), bool(flags & re.IGNORECASE))
    if empty is None or empty:
        return None
    return exact, folded
