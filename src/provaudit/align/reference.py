"""The plain forms of align's fast algorithms: what the tests hold them to (tests/test_align.py
compares each fast one with its plain form on generated input), and the textbook length of a
longest common subsequence. Not used at run time."""

from __future__ import annotations

from ..rules import align as align_rules
from ..text import FUNCTION_WORDS
from .compare import common_words


def lcs_length(a: list[int], b: list[int]) -> int:
    row = [0] * (len(b) + 1)
    for x in a:
        diagonal = 0
        for j, y in enumerate(b, 1):
            diagonal, row[j] = row[j], diagonal + 1 if x == y else max(row[j], row[j - 1])
    return row[-1]


def linked_by_the_rules(a: list[str], b: list[str], unquoted: bool) -> bool:
    """The linking rules as the rules module states them, on the textbook subsequence, with
    none of linked()'s shortcuts (LCS-length bounds, the shared-run test)."""
    rules = align_rules.current()
    if not a or not b or (unquoted and min(len(a), len(b)) < rules.TEXT_MIN_WORDS):
        return False
    if a == b:
        return True
    bare_a = [w for w in a if w not in rules.ARTICLES]
    if not unquoted and bare_a and bare_a == [w for w in b if w not in rules.ARTICLES]:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1)):
        least = rules.TEXT_FRAGMENT_MIN_WORDS if unquoted else rules.FRAGMENT_MIN_WORDS
        return len(short) >= least
    pairs = common_words(a, b)  # Hunt-Szymanski's
    matched = sum(1 for i, _ in pairs if a[i] not in FUNCTION_WORDS)
    least = rules.LINK_MIN_CONTENT
    if not unquoted:
        least = max(2, min(least, sum(w not in FUNCTION_WORDS for w in short)))
    if matched < least:
        return False
    run = best = 0
    for n, (i, j) in enumerate(pairs):
        run = run + 1 if n and pairs[n - 1] == (i - 1, j - 1) else 1
        best = max(best, run)
    alike = 2 * len(pairs) / (len(a) + len(b))
    if alike >= (rules.TEXT_MIN_SIMILARITY if unquoted else rules.LINK_MIN_SIMILARITY):
        return best >= rules.LINK_MIN_RUN
    content = min(sum(w not in FUNCTION_WORDS for w in x) for x in (a, b))
    return (
        not unquoted and best >= rules.LINK_LONG_RUN and matched >= rules.LINK_MIN_OVERLAP * content
    )
