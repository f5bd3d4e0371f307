"""Regex helpers shared by the stages.

Python's regex engine tries a pattern at every offset of a text; a pattern that starts with an
alternation (case-insensitive above all) or a look-behind gets no help from the engine's own
prefix search. :func:`guarded` puts a look-ahead for the characters a match can start with in
front: a superset read from the parsed pattern, so no match is lost and every match is the
same, while most offsets are turned away with one character test. The pattern is read with
re's own parser (an internal, fenced in _compat.py).

:func:`lazy` (and :func:`guarded`) compile a pattern when it is first used, not when its module
is imported: the rules hold some 600 patterns, an audit of one English page uses a third of
them, and compiling all of them cost each process 0.3 s of its start-up. ``.pattern`` and
``.flags`` of a :func:`lazy` pattern are known without compiling it (the provenance scan joins
its cues' texts into a few combined patterns, and never runs the cues themselves).
"""

from __future__ import annotations

import re
from typing import Any, cast

from ._compat import regex_parser

# What a compiled pattern offers; a lazy one holds them as its own attributes once compiled,
# so that using it then costs what using the compiled pattern does.
_PATTERN_ATTRIBUTES = (
    "search",
    "match",
    "fullmatch",
    "finditer",
    "findall",
    "sub",
    "subn",
    "split",
    "scanner",
    "pattern",
    "flags",
    "groups",
    "groupindex",
)


class LazyPattern:
    """A regular expression compiled on its first use (see the module docstring)."""

    def __init__(self, pattern: str, flags: int, guard: bool) -> None:
        self._args = (pattern, flags, guard)
        if not guard:  # a guarded pattern's text is only known once its guard is worked out
            self.pattern = pattern
            self.flags = flags

    def __getattr__(self, name: str) -> Any:
        # Called only for attributes not yet set: compile, and set them all.
        if name.startswith("__") or name == "_args":
            raise AttributeError(name)
        pattern, flags, guard = self._args
        compiled = _guarded(pattern, flags) if guard else re.compile(pattern, flags)
        for attribute in _PATTERN_ATTRIBUTES:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)

    def __reduce__(self) -> tuple[Any, tuple[str, int, bool]]:
        return LazyPattern, self._args

    def __repr__(self) -> str:
        return f"lazy({self._args[0]!r}, {self._args[1]})"


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done on first use; it behaves as the compiled pattern."""
    return cast("re.Pattern[str]", LazyPattern(pattern, flags, guard=False))


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
    """``pattern`` compiled, on first use, with a look-ahead for the characters its matches can
    start with (none when they could start with nearly anything)."""
    return cast("re.Pattern[str]", LazyPattern(pattern, flags, guard=True))


def _guarded(pattern: str, flags: int) -> re.Pattern[str]:
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
    internals = regex_parser()
    if internals is None:  # no parser to read: no guard (the pattern compiled as written)
        return None
    parser, c = internals

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
