"""Attribution (who obtained or first published the primary document, which outlets a source
cites) and self-declarations (machine-written, machine-translated, generated forecasts,
sponsored, affiliate and self-promotional text), each with its span and the cue that shows it.

Per source, :func:`analyse_provenance` reads cues from :mod:`provaudit.rules.provenance`; across
sources, :func:`relate_provenance` names the primary-source outlet(s) — those a source says
obtained or first published the document — and what each source cites.

Attribution reads an outlet's name next to a cue ("obtained by The Verge", "The Verge reported",
"据路透社报道"). Weak cues ("according to", "told") need the name to look like an outlet; see
the rules module for what counts.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .model import Document, Span
from .patterns import guarded, lazy
from .rules import provenance as provenance_rules
from .text import CJK_CHAR, outlet_slug, sentences

# --- Values ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Attribution:
    """An outlet named as having obtained, first published or reported something.

    ``span`` covers the cue and the name ("obtained by The Verge"); ``outlet`` is the outlet's
    name (canonical where it is a known outlet); ``role`` is one of ``provenance_rules.ROLES``;
    ``evidence`` is the cue as written; ``basis`` says why the name was taken for an outlet's
    (``known-outlet``, ``outlet-descriptor``, ``title-marks``, ``outlet-name``,
    ``quoted-name``, or ``strong-cue`` when the cue alone is specific enough);
    ``document`` is what the outlet obtained or published ("memo"), where the text says.
    """

    span: Span
    outlet: str
    role: str
    evidence: str
    basis: str = "strong-cue"
    document: str | None = None

    @property
    def key(self) -> str:
        """The outlet's identity for grouping: see :func:`outlet_key`."""
        return outlet_key(self.outlet)

    def to_json(self) -> dict[str, Any]:
        return {
            **self.span.to_json(),
            "outlet": self.outlet,
            "role": self.role,
            "evidence": self.evidence,
            "basis": self.basis,
            "document": self.document,
        }


@dataclass(frozen=True, slots=True)
class Disclosure:
    """A source's statement about how it was made.

    ``kind`` is one of ``provenance_rules.DISCLOSURE_KINDS``; ``evidence`` the cues matched, as written,
    joined by "; "; ``party`` the organisation or system the statement names (the promoting
    outlet, the model that wrote it), where it names one.
    """

    span: Span
    kind: str
    evidence: str
    party: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            **self.span.to_json(),
            "kind": self.kind,
            "evidence": self.evidence,
            "party": self.party,
        }


@dataclass(frozen=True, slots=True)
class ProvenanceAnalysis:
    """Everything one source says about where its content comes from and how it was made."""

    attributions: tuple[Attribution, ...]
    disclosures: tuple[Disclosure, ...]


# --- Outlet names ----------------------------------------------------------------------------

_QUOTE_CHARS = "\"'`“”«»„‘’《》「」『』"


def outlet_key(name: str) -> str:
    """A name folded for comparison: NFKC, case-folded, quotes and a leading "the" dropped,
    white space collapsed. "The Verge", "the Verge" and '"The Verge"' share one key."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    folded = "".join(c for c in folded if c not in _QUOTE_CHARS)
    folded = " ".join(folded.split()).strip(" .,;:")
    return folded.removeprefix("the ")


@functools.cache
def _build_known(
    rules: provenance_rules.ProvenanceRules,
) -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """Known outlets: every alias, case-folded, to its canonical name; and the CJK aliases,
    longest first (CJK text has no spaces to stop a name at). Once per rules in force."""
    by_key: dict[str, str] = {}
    cjk: list[tuple[str, str]] = []
    for canonical, *aliases in rules.KNOWN_OUTLETS:
        for alias in (canonical, *aliases):
            by_key.setdefault(unicodedata.normalize("NFKC", alias).casefold(), canonical)
            if _is_cjk(alias[0]):
                cjk.append((alias, canonical))
    cjk.sort(key=lambda pair: (-len(pair[0]), pair[0]))
    return by_key, tuple(cjk)


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _known_cjk() -> tuple[tuple[str, str], ...]:
    return _build_known(provenance_rules.current())[1]


def known_outlet(name: str) -> str | None:
    """The canonical name of a known outlet spelled ``name``, else None.

    "The" is part of some names and not of others: "The Information" is an outlet,
    "Information" is not, so a leading "The" is only dropped when the rest is itself an alias.
    """
    folded = " ".join(unicodedata.normalize("NFKC", name).casefold().split())
    folded = "".join(c for c in folded if c not in _QUOTE_CHARS).strip(" .,;:")
    by_key = _build_known(provenance_rules.current())[0]
    found = by_key.get(folded)
    if found is None and folded.startswith("the "):
        found = by_key.get(folded[4:])
    return found


@dataclass(frozen=True, slots=True)
class _Name:
    """A name read next to a cue: where it is, and why it may be an outlet's."""

    text: str
    start: int
    end: int
    basis: str | None
    canonical: str | None = None


# A word of a name: letters, digits and the marks names carry ("Creati.ai", "Barron's"),
# stopping at CJK text, which follows Latin names without a space ("外媒The Verge曝光").
_WORD = lazy(r"[^\W_\u3400-\u9fff\uf900-\ufaff](?:[^\W\u3400-\u9fff\uf900-\ufaff]|[&'’.-])*")
_OWN_DESCRIPTOR = lazy(r"(?<!\w)(?:our|my|notre|unser\w*|nuestr\w*|наш\w*)(?!\w)", re.IGNORECASE)
# Later names in a list ("Reuters and Bloomberg") must look like outlets on their own.
_LIST_BASES = frozenset({"known-outlet", "outlet-descriptor", "title-marks", "outlet-name"})


def _capitalised(token: str) -> bool:
    return token[0].isupper() or token[0].isdigit()


def _site_like(token: str) -> bool:
    rules = provenance_rules.current()
    if "." not in token.strip("."):
        return False
    return token.strip(".").rsplit(".", 1)[1].lower() in rules.SITE_TLDS


def _clean_token(token: str) -> tuple[str, bool]:
    """A word without a possessive or a sentence-final dot; True when the name ends there."""
    for suffix in ("'s", "’s", "'", "’"):
        if token.endswith(suffix) and len(token) > len(suffix):
            return token[: -len(suffix)], True
    if token.endswith(".") and len(token) > 1:
        return token.rstrip("."), True
    return token, False


def _shape_basis(tokens: Sequence[str], descriptor: bool) -> str | None:
    rules = provenance_rules.current()
    if descriptor:
        return "outlet-descriptor"
    if any(_site_like(t) for t in tokens):
        return "outlet-name"
    # "Dallas Morning News" is an outlet's name; "News" or "Times" alone is a short form that
    # only the rest of the text can resolve (see _resolve_short_name).
    content = [t for t in tokens if t != "The"]
    if len(content) >= 2 and content[-1] in rules.OUTLET_HEAD_WORDS:
        return "outlet-name"
    return None


def _choose(
    text: str, spans: Sequence[tuple[int, int]], descriptor: bool, *, from_left: bool
) -> _Name | None:
    """The name among runs of words ``spans``: the longest known outlet at the run's start
    (reading forward) or end (reading backward), else the whole run."""
    rules = provenance_rules.current()
    count = len(spans)
    for n in range(count, 0, -1):
        part = spans[:n] if from_left else spans[count - n :]
        candidate = text[part[0][0] : part[-1][1]]
        canonical = known_outlet(candidate)
        if canonical is not None:
            return _Name(candidate, part[0][0], part[-1][1], "known-outlet", canonical)
    candidate = text[spans[0][0] : spans[-1][1]]
    if len(candidate) > rules.MAX_NAME_CHARS or not any(c.isalpha() for c in candidate):
        return None
    tokens = [text[s:e] for s, e in spans]
    return _Name(candidate, spans[0][0], spans[-1][1], _shape_basis(tokens, descriptor))


def _read_quoted(text: str, i: int, descriptor: bool) -> _Name | None:
    rules = provenance_rules.current()
    close = provenance_rules.NAME_QUOTES[text[i]]
    j = text.find(close, i + 1)
    if j == -1 or j - i - 1 > rules.MAX_NAME_CHARS or "\n" in text[i:j]:
        return None
    inner = text[i + 1 : j].strip().rstrip(".,;:!?")
    if not inner or not (_capitalised(inner) or _is_cjk(inner[0])):
        return None
    words = inner.split()
    if len(words) > rules.MAX_NAME_WORDS:
        return None
    # A name is in title case ("Meet the Press"); a quotation is a sentence ("Fiscal
    # sponsorships are common").
    lettered = [
        w for w in words if (w[0].isupper() or w[0].islower()) and w not in rules.NAME_CONNECTORS
    ]
    if lettered and sum(_capitalised(w) for w in lettered) * 2 < len(lettered):
        return None
    canonical = known_outlet(inner)
    if canonical is not None:
        basis = "known-outlet"
    elif descriptor:
        basis = "outlet-descriptor"
    elif text[i] in provenance_rules.TITLE_MARKS:
        basis = "title-marks"
    else:
        basis = "quoted-name"
    return _Name(inner, i, j + 1, basis, canonical)


def _read_cjk_forward(text: str, i: int, descriptor: bool) -> _Name | None:
    for alias, canonical in _known_cjk():
        if text.startswith(alias, i):
            return _Name(alias, i, i + len(alias), "known-outlet", canonical)
    m = provenance_rules.CJK_OUTLET_NAME.match(text, i)
    if m is None:
        return None
    return _Name(m.group(), i, m.end(), "outlet-descriptor" if descriptor else "outlet-name")


def _read_one(text: str, i: int, descriptor: bool) -> _Name | None:
    """The name starting at ``i`` (after a cue and any descriptor), if one does."""
    rules = provenance_rules.current()
    if i >= len(text):
        return None
    ch = text[i]
    if ch in provenance_rules.NAME_QUOTES:
        return _read_quoted(text, i, descriptor)
    if _is_cjk(ch):
        return _read_cjk_forward(text, i, descriptor)
    spans: list[tuple[int, int]] = []
    j = i
    m = _WORD.match(text, j)
    if m and m.group() in rules.LEADING_ARTICLES and text[m.end() : m.end() + 1] == " ":
        j = m.end() + 1
    while len(spans) < rules.MAX_NAME_WORDS:
        m = _WORD.match(text, j)
        if m is None:
            break
        token, ends = _clean_token(m.group())
        if not token:
            break
        end = m.start() + len(token)
        if _capitalised(token) or _site_like(token):
            if token in rules.NOT_NAME_WORDS:
                break
            spans.append((m.start(), end))
        elif token in rules.NAME_CONNECTORS and spans:
            nxt = _WORD.match(text, m.end() + 1)
            if text[m.end() : m.end() + 1] != " " or nxt is None or not _capitalised(nxt.group()):
                break
            spans.append((m.start(), end))
        else:
            break
        if ends:
            break
        k = m.end()
        if text[k : k + 3] == " & ":
            j = k + 3
            continue
        if text[k : k + 1] in (" ", "\u00a0") and k + 1 < len(text) and not text[k + 1].isspace():
            j = k + 1
            continue
        break
    while spans and text[spans[-1][0] : spans[-1][1]] in rules.NAME_CONNECTORS:
        spans.pop()
    if not spans:
        return None
    return _choose(text, spans, descriptor, from_left=True)


def _read_described(text: str, i: int) -> _Name | None:
    """The name at ``i``, after an outlet descriptor ("the newspaper X") if there is one."""
    for descriptor in (provenance_rules.OUTLET_DESCRIPTOR, provenance_rules.CJK_OUTLET_DESCRIPTOR):
        m = descriptor.match(text, i)
        # "our weekly X" is the source's own product, not another outlet; "the site, "..."" is
        # followed by a quotation, not a name.
        if m is None or _OWN_DESCRIPTOR.search(m.group()):
            continue
        if "," in m.group() and text[m.end() : m.end() + 1] in provenance_rules.NAME_QUOTES:
            continue
        found = _read_one(text, m.end(), True)
        if found is not None:
            return found
    return _read_one(text, i, False)


def read_names(text: str, pos: int, *, lists: bool = True) -> list[_Name]:
    """The outlet names that start at ``pos`` (after a cue): one, or several joined by "and"
    or commas when ``lists``; later names in a list must look like outlets' on their own."""
    i = pos
    while i < len(text) and text[i] in " \t\u00a0":
        i += 1
    first = _read_described(text, i)
    if first is None:
        return []
    names = [first]
    while lists:
        sep = provenance_rules.NAME_LIST_SEPARATOR.match(text, names[-1].end)
        if sep is None:
            break
        nxt = _read_described(text, sep.end())
        if nxt is None or nxt.basis not in _LIST_BASES:
            break
        names.append(nxt)
    return names


def read_name_before(text: str, end: int) -> _Name | None:
    """The outlet name that ends at ``end`` (before a cue like "reported"), if one does."""
    rules = provenance_rules.current()
    if end <= 0:
        return None
    last = text[end - 1]
    if last in provenance_rules.NAME_QUOTES.values():
        opening = {v: k for k, v in provenance_rules.NAME_QUOTES.items()}
        start = text.rfind(opening[last], max(0, end - rules.MAX_NAME_CHARS - 2), end - 1)
        if start == -1:
            return None
        # Before "writes" or "reported", quoted words are usually a quotation, not a name:
        # only a known outlet or a title in title marks counts.
        name = _read_quoted(text, start, False)
        if name is None or name.end != end or name.basis not in ("known-outlet", "title-marks"):
            return None
        return name
    if _is_cjk(last):
        for alias, canonical in _known_cjk():
            if text.endswith(alias, 0, end):
                return _Name(alias, end - len(alias), end, "known-outlet", canonical)
        start = end
        while start > 0 and _is_cjk(text[start - 1]) and end - start < 10:
            start -= 1
        if provenance_rules.CJK_OUTLET_NAME.fullmatch(text, start, end):
            return _Name(text[start:end], start, end, "outlet-name")
        return None
    window_start = max(0, end - 2 * rules.MAX_NAME_CHARS)
    words = list(_WORD.finditer(text, window_start, end))
    spans: list[tuple[int, int]] = []
    expect_end = end
    for m in reversed(words):
        if m.end() != expect_end:
            break
        token = m.group()
        if token.endswith((".", "'s", "’s")):
            break
        if _capitalised(token) or _site_like(token):
            if token in rules.NOT_NAME_WORDS:
                break
        elif not (token in rules.NAME_CONNECTORS and spans):
            break
        spans.insert(0, (m.start(), m.end()))
        if len(spans) == rules.MAX_NAME_WORDS:
            break
        gap = text[max(0, m.start() - 3) : m.start()]
        if gap.endswith(" & "):
            expect_end = m.start() - 3
        elif gap.endswith((" ", "\u00a0")) and not gap.endswith(("  ", "\n ")):
            expect_end = m.start() - 1
        else:
            break
    while spans and text[spans[0][0] : spans[0][1]] in rules.NAME_CONNECTORS:
        spans.pop(0)
    if not spans:
        return None
    return _choose(text, spans, False, from_left=False)


# --- Sentences ---------------------------------------------------------------------------------


def _sentence_at(sents: Sequence[tuple[int, int]], offset: int) -> int | None:
    for i, (s, e) in enumerate(sents):
        if s <= offset < e:
            return i
    return None


def _inside_quotes(text: str, start: int, offset: int) -> bool:
    """Whether ``offset`` sits inside a double-quoted passage that opens after ``start``."""
    before = text[start:offset]
    if before.count('"') % 2 == 1:
        return True
    return before.rfind("“") > before.rfind("”") or before.rfind("«") > before.rfind("»")


# --- Attribution ---------------------------------------------------------------------------------

_ROLE_RANK = {role: i for i, role in enumerate(provenance_rules.ROLES)}


@functools.cache
def _documents(
    rules: provenance_rules.ProvenanceRules,
) -> tuple[re.Pattern[str], frozenset[str]]:
    """Any document noun (longest first), and the specific ones, case-folded: once per rules
    in force."""
    nouns = lazy(
        "|".join(
            rf"(?<![\w-]){re.escape(noun)}(?![\w-])" if noun.isascii() else re.escape(noun)
            for noun in sorted(
                {*rules.SPECIFIC_DOCUMENT_NOUNS, *rules.GENERIC_DOCUMENT_NOUNS},
                key=lambda n: (-len(n), n),
            )
        ),
        re.IGNORECASE,
    )
    return nouns, frozenset(n.casefold() for n in rules.SPECIFIC_DOCUMENT_NOUNS)


def _fold_document(noun: str) -> str:
    rules = provenance_rules.current()
    folded = noun.casefold()
    return rules.DOCUMENT_SYNONYMS.get(folded, folded)


def _document_for(text: str, sents: Sequence[tuple[int, int]], offset: int) -> str | None:
    """What was obtained: the document noun nearest the cue in its sentence; a generic one
    ("the document") resolved to a specific one ("memo") earlier in that sentence or in the one
    before, as news copy introduces a memo and then calls it "the document"."""
    i = _sentence_at(sents, offset)
    if i is None:
        return None
    any_noun, specific = _documents(provenance_rules.current())
    s, e = sents[i]
    nouns = [(m.start(), m.group()) for m in any_noun.finditer(text, s, e)]
    if not nouns:
        return None
    nearest = min(nouns, key=lambda n: (abs(n[0] - offset), n[0]))[1]
    if nearest.casefold() in specific:
        return _fold_document(nearest)
    earlier = [m.group() for m in any_noun.finditer(text, sents[i - 1][0] if i else s, offset)]
    for noun in reversed(earlier):
        if noun.casefold() in specific:
            return _fold_document(noun)
    return _fold_document(nearest)


def _combine(
    patterns: Sequence[re.Pattern[str]], names: Sequence[str] | None = None
) -> re.Pattern[str]:
    """One case-insensitive regex matching any of ``patterns``, so that a text is scanned once
    rather than once a pattern; ``names`` names each alternative's group.

    Python's regex engine scans fastest when a pattern does not start with a look-behind, so
    the word-boundary look-behind the rules put before each cue is hoisted out and written
    once, around the alternatives that have it (CJK cues have none: CJK text has no spaces).
    """
    bounded: list[str] = []
    free: list[str] = []
    for i, pattern in enumerate(patterns):
        body = pattern.pattern.replace("(?P<cue>", f"(?P<cue{i}>")
        group = f"(?P<{names[i]}>" if names is not None else "(?:"
        if body.startswith(provenance_rules.WORD_START):
            bounded.append(f"{group}{body[len(provenance_rules.WORD_START) :]})")
        else:
            free.append(f"{group}{body})")
    parts = [f"{provenance_rules.WORD_START}(?:{'|'.join(bounded)})"] if bounded else []
    parts.extend(free)
    # Python's engine tries every alternative of a case-insensitive alternation at every
    # offset; a look-ahead for the characters a match can start with turns most offsets
    # away with one test (the attribution and disclosure scans: 0.74 s -> 0.47 s on the 181
    # extraction-benchmark pages).
    return guarded("|".join(parts), re.IGNORECASE)


_BEFORE_CUES = tuple(c for c in provenance_rules.ATTRIBUTION_CUES if c.before is not None)
_AFTER_CUES = tuple(
    c for c in provenance_rules.ATTRIBUTION_CUES if c.before is None and c.after is not None
)
_BEFORE = _combine(
    [c.before for c in _BEFORE_CUES if c.before is not None],
    [f"c{i}" for i in range(len(_BEFORE_CUES))],
)
_AFTER = _combine(
    [c.after for c in _AFTER_CUES if c.after is not None],
    [f"c{i}" for i in range(len(_AFTER_CUES))],
)


def _which(m: re.Match[str]) -> int:
    """The index of the alternative of a combined regex that matched."""
    return next(int(k[1:]) for k, v in m.groupdict().items() if v is not None and k[0] == "c")


def _attribution_candidates(
    text: str,
) -> Iterable[tuple[provenance_rules.AttributionCue, int, int, _Name, str]]:
    """``(cue, span start, span end, name, evidence)`` for every place a cue names someone.

    Cues before the name and cues after it are scanned separately ("X reported" and
    "reported by X" share a word); within each, the leftmost cue wins, so "first reported by"
    is read as one cue, not also as "reported by".
    """
    for m in _BEFORE.finditer(text):
        cue = _BEFORE_CUES[_which(m)]
        names = read_names(text, m.end(), lists=cue.lists and cue.after is None)
        if cue.after is not None:
            if not names:
                continue
            tail = cue.after.match(text, names[0].end)
            if tail is None:
                continue
            evidence = f"{m.group().strip()}…{tail.group().strip()}"
            yield cue, m.start(), tail.end(), names[0], evidence
            continue
        for name in names:
            evidence = " ".join(text[m.start() : name.start].split()).rstrip(",")
            yield cue, m.start(), name.end, name, evidence
    for m in _AFTER.finditer(text):
        i = _which(m)
        end = m.start()
        while end > 0 and text[end - 1] in " \t\u00a0":
            end -= 1
        before = read_name_before(text, end)
        if before is None:
            continue
        group = f"cue{i}" if m.groupdict().get(f"cue{i}") is not None else f"c{i}"
        cue_start, cue_end = m.start(group), m.end(group)
        evidence = " ".join(text[cue_start:cue_end].split())
        yield _AFTER_CUES[i], before.start, cue_end, before, evidence


def _short_head(name: str) -> str | None:
    """The head word of a short form like "the Times" or "Post", else None."""
    rules = provenance_rules.current()
    words = [w for w in name.split() if w not in ("The", "the")]
    if len(words) == 1 and words[0] in rules.OUTLET_HEAD_WORDS:
        return words[0]
    return None


def _resolve_short_name(text: str, head: str) -> tuple[str, str] | None:
    """``(outlet, basis)`` for a short form ("the Times") when the text names exactly one
    fuller outlet ending in the same word ("The New York Times"), else None."""
    rules = provenance_rules.current()
    full: set[str] = set()
    pattern = re.compile(r"((?:[A-Z][\w.&'’-]*\s){1,4})" + re.escape(head) + r"(?!\w)")
    for m in pattern.finditer(text):
        words = m.group(1).split()
        while words and (words[0] in rules.NOT_NAME_WORDS or words[0] == "The"):
            words.pop(0)
        if words:
            full.add(" ".join([*words, head]))
    canonical = {known_outlet(f) or known_outlet(f"The {f}") or f for f in full}
    if len(canonical) != 1:
        return None
    (outlet,) = canonical
    return outlet, "known-outlet" if known_outlet(outlet) else "outlet-name"


_ABBREVIATED_PLACE = lazy(r"(?:[A-Z]\.)+[A-Z]?")  # "U.S", "U.N."
_DEMONYM = lazy(r"[A-Z][a-z]+(?:ish|ese|ian|an|i)")  # "leaked to Turkish media"


def _not_an_outlet(text: str, name: str) -> bool:
    """For a name only a strong cue vouches for: an institution ("the FBI", "House
    Democrats"), or a surname the text gives elsewhere after a first name ("Jim Mattis" makes
    "obtained by Mattis" a person)."""
    rules = provenance_rules.current()
    words = name.split()
    if any(w in rules.INSTITUTION_WORDS for w in words):
        return True
    if _ABBREVIATED_PLACE.fullmatch(name) or _DEMONYM.fullmatch(name):
        return True
    if len(words) == 1:
        before = re.compile(r"(?<![\w.])([A-Z][a-z]+)\s+" + re.escape(name) + r"(?!\w)")
        return any(m.group(1) not in rules.NOT_NAME_WORDS for m in before.finditer(text))
    return False


def find_attributions(doc: Document, own_outlets: Iterable[str] = ()) -> tuple[Attribution, ...]:
    """Every outlet ``doc`` names with an attribution cue, in text order; never the source's
    own outlets (``own_outlets``), which a source naming itself does not attribute to."""
    text = doc.text
    own = {outlet_key(o) for o in own_outlets}
    sents: list[tuple[int, int]] | None = None
    found: dict[tuple[str, int], Attribution] = {}
    for cue, start, end, name, evidence in _attribution_candidates(text):
        if "\n" in text[start:end]:
            continue
        basis = name.basis
        if (
            basis == "quoted-name"
            and cue.strength != provenance_rules.STRONG
            and not cue.quoted_names
        ):
            continue
        outlet = name.canonical or name.text
        head = _short_head(name.text)
        if head is not None:
            resolved = _resolve_short_name(text, head)
            if resolved is not None:
                outlet, basis = resolved
            elif basis != "known-outlet":
                basis = None
        if basis is None:
            if cue.strength != provenance_rules.STRONG or _not_an_outlet(text, name.text):
                continue
            basis = "strong-cue"
        if outlet_key(outlet) in own or outlet_key(name.text) in own:
            continue
        document = None
        if cue.role in provenance_rules.PRIMARY_ROLES:
            if sents is None:
                sents = [
                    s for para in doc.paragraphs for s in sentences(text, para.start, para.end)
                ]
            document = _document_for(text, sents, start)
        found_key = (outlet_key(outlet), name.end)
        candidate = Attribution(
            Span.of(text, start, end), outlet, cue.role, evidence, basis, document
        )
        previous = found.get(found_key)
        # One name read by two cues (a cue before it and one after it): the more specific
        # role wins, then the longer cue.
        if previous is None or (_ROLE_RANK[cue.role], -len(candidate.span)) < (
            _ROLE_RANK[previous.role],
            -len(previous.span),
        ):
            found[found_key] = candidate
    return tuple(sorted(found.values(), key=lambda a: (a.span.start, a.span.end, a.outlet)))


# --- Disclosures -----------------------------------------------------------------------------------


def cue_pattern(cue: str) -> str:
    """A self-declaration cue of the rules as a pattern: behind the word-start look-behind,
    unless it begins with a Chinese or Japanese character (no spaces between words there)."""
    first = cue[_GROUP_OPENERS.match(cue).end() :][:1]  # type: ignore[union-attr]
    return cue if first and CJK_CHAR.match(first) else provenance_rules.WORD_START + cue


# The group openings a cue may begin with before its first character: "(", "(?:".
_GROUP_OPENERS = re.compile(r"(?:\((?:\?:)?)*")


@functools.cache
def disclosure_scans(rules: provenance_rules.ProvenanceRules) -> dict[str, re.Pattern[str]]:
    """One combined scan per kind of self-declaration cue, every cue matched regardless of
    case ("AI-generated", "ai-generated"). Once per rules in force."""
    kinds = {
        "machine-written": rules.MACHINE_WRITTEN_CUES,
        "machine-translated": rules.MACHINE_TRANSLATED_CUES,
        "hedge": rules.FORECAST_HEDGE_CUES,
        "basis": rules.FORECAST_BASIS_CUES,
        "sponsored": rules.SPONSORED_CUES,
        "affiliate": rules.AFFILIATE_CUES,
    }
    return {
        scan: _combine([lazy(cue_pattern(cue), re.IGNORECASE) for cue in cues])
        for scan, cues in kinds.items()
    }


def _cues_by_paragraph(doc: Document) -> dict[tuple[str, int], list[re.Match[str]]]:
    """Disclosure cue matches by ``(scan, paragraph index)``, outside quotations: a source
    quoting someone on "advertorials" declares nothing about itself."""
    text = doc.text
    starts = [p.start for p in doc.paragraphs]
    out: dict[tuple[str, int], list[re.Match[str]]] = {}
    for scan, pattern in disclosure_scans(provenance_rules.current()).items():
        for m in pattern.finditer(text):
            i = bisect.bisect_right(starts, m.start()) - 1
            if i < 0 or m.end() > doc.paragraphs[i].end:
                continue
            if _inside_quotes(text, starts[i], m.start()):
                continue
            out.setdefault((scan, i), []).append(m)
    return out


def _cue_span(text: str, sents: Sequence[tuple[int, int]], cues: Sequence[re.Match[str]]) -> Span:
    """From the start of the first sentence holding a cue to the end of the last one."""
    first = _sentence_at(sents, cues[0].start())
    last = _sentence_at(sents, cues[-1].start())
    start = sents[first][0] if first is not None else cues[0].start()
    end = sents[last][1] if last is not None else cues[-1].end()
    return Span.of(text, start, max(end, cues[-1].end()))


def _evidence(cues: Sequence[re.Match[str]]) -> str:
    seen: list[str] = []
    for m in cues:
        cue = " ".join(m.group().split())
        if cue not in seen:
            seen.append(cue)
    return "; ".join(seen)


_MODEL_PARTY = lazy(
    r"((?:[A-Z][\w.&-]*)(?:\s+[A-Z][\w.&-]*){0,3})['’]s\s+(?:editorial|language|writing|AI)\s+"
    r"(?:model|system|agent)"
)
_NAMED_MODEL = lazy(
    r"(?:by|with|using)\s+(ChatGPT|GPT[\w.-]*|Claude|Gemini|Copilot|Llama[\w.-]*|DeepSeek|Qwen)"
)


def _machine_party(text: str, span: Span) -> str | None:
    m = _MODEL_PARTY.search(text, span.start, span.end) or _NAMED_MODEL.search(
        text, span.start, span.end
    )
    return m.group(1) if m else None


def _words(text: str) -> int:
    return len(text.split())


# The self-naming cues with a look-ahead for their first characters (patterns.guarded).
_SELF_NAMING = tuple((guarded(p.pattern, p.flags), s) for p, s in provenance_rules.SELF_NAMING_CUES)


def _self_names(doc: Document, own_outlets: Iterable[str]) -> dict[str, str]:
    """The source's own outlet names by key: given ones, and any the text claims in a
    first-person frame ("At Creati.ai, we ..."), outside quotations."""
    names = {outlet_key(o): o for o in own_outlets if o}
    text = doc.text
    starts = [p.start for p in doc.paragraphs]
    for prefix, suffix in _SELF_NAMING:
        for m in prefix.finditer(text):
            i = bisect.bisect_right(starts, m.start()) - 1
            if i < 0 or _inside_quotes(text, starts[i], m.start()):
                continue
            found = read_names(text, m.end(), lists=False)
            if not found or found[0].end > doc.paragraphs[i].end:
                continue
            if suffix is not None and suffix.match(text, found[0].end) is None:
                continue
            names.setdefault(outlet_key(found[0].text), found[0].canonical or found[0].text)
    return names


def _self_promotion(doc: Document, own_outlets: Iterable[str]) -> list[Disclosure]:
    """Sentences where the outlet speaks of itself, outside quotations: its own name in a
    first-person frame ("At NAME, we"), after its staff ("observers at NAME"), or beside a
    promotion ("For more from NAME, check out our latest issue")."""
    text = doc.text
    names = _self_names(doc, own_outlets)
    if not names:
        return []
    name_pattern = re.compile(
        "|".join(
            rf"(?<![\w.]){re.escape(n)}(?![\w])"
            for n in sorted(set(names.values()), key=lambda n: (-len(n), n))
        )
    )
    starts = [p.start for p in doc.paragraphs]
    flagged: dict[tuple[int, int], Disclosure] = {}
    sents_of: dict[int, list[tuple[int, int]]] = {}
    for m in name_pattern.finditer(text):
        i = bisect.bisect_right(starts, m.start()) - 1
        if i < 0 or m.end() > doc.paragraphs[i].end or _inside_quotes(text, starts[i], m.start()):
            continue
        if i not in sents_of:
            sents_of[i] = sentences(text, doc.paragraphs[i].start, doc.paragraphs[i].end)
        j = _sentence_at(sents_of[i], m.start())
        if j is None:
            continue
        s, e = sents_of[i][j]
        if (s, e) in flagged:
            continue
        evidence = _self_frame(text, s, e, m)
        if evidence is None:
            continue
        party = names[outlet_key(m.group())]
        flagged[(s, e)] = Disclosure(
            Span.of(text, s, e), provenance_rules.DISCLOSURE_SELF_PROMOTION, evidence, party
        )
    return list(flagged.values())


def _self_frame(text: str, s: int, e: int, name: re.Match[str]) -> str | None:
    """The frame that makes a mention of the outlet's own name self-promotion, as written."""
    for prefix, suffix in provenance_rules.SELF_NAMING_CUES:
        for at in range(max(s, name.start() - 12), name.start()):
            p = prefix.match(text, at)
            if p is None or p.end() != name.start():
                continue
            if suffix is None:
                return " ".join(text[p.start() : name.end()].split())
            tail = suffix.match(text, name.end())
            if tail is not None:
                return " ".join(text[p.start() : tail.end()].split())
    window = max(s, name.start() - 40)
    for frame in (provenance_rules.SELF_STAFF_FRAME, provenance_rules.SELF_PROMO_BEFORE):
        m = frame.search(text[window : name.start()])
        if m is not None:
            return " ".join(text[window + m.start() : name.end()].split())
    after = provenance_rules.SELF_PROMO_AFTER.match(text[name.end() : e])
    if after is not None:
        return " ".join(text[name.start() : name.end() + after.end()].split())
    return None


def find_disclosures(doc: Document, own_outlets: Iterable[str] = ()) -> tuple[Disclosure, ...]:
    """Every self-declaration in ``doc``, in text order (see the module docstring)."""
    rules = provenance_rules.current()
    text = doc.text
    paras = doc.paragraphs
    cues = _cues_by_paragraph(doc)
    para_sents: dict[int, list[tuple[int, int]]] = {}

    def sents_of(i: int) -> list[tuple[int, int]]:
        if i not in para_sents:
            para_sents[i] = sentences(text, paras[i].start, paras[i].end)
        return para_sents[i]

    def heading_before(i: int, pattern: re.Pattern[str], reach: int) -> bool:
        return any(
            pattern.fullmatch(paras[j].text.strip()) is not None
            for j in range(max(0, i - reach), i)
        )

    out: list[Disclosure] = []
    for i in sorted({i for _, i in cues}):
        para_text = paras[i].text
        for kind in (
            provenance_rules.DISCLOSURE_MACHINE_WRITTEN,
            provenance_rules.DISCLOSURE_MACHINE_TRANSLATED,
        ):
            found = cues.get((kind, i))
            if not found:
                continue
            # Only a paragraph about the piece itself declares anything about it.
            if provenance_rules.SELF_REFERENCE.search(para_text) is None and not heading_before(
                i, provenance_rules.DISCLOSURE_HEADINGS, 1
            ):
                continue
            span = _cue_span(text, sents_of(i), found)
            party = (
                _machine_party(text, span)
                if kind == provenance_rules.DISCLOSURE_MACHINE_WRITTEN
                else None
            )
            out.append(Disclosure(span, kind, _evidence(found), party))

        hedges = cues.get(("hedge", i), [])
        bases = cues.get(("basis", i), [])
        if hedges or (
            bases
            and (
                _words(para_text) <= rules.FORECAST_STANDALONE_MAX_WORDS
                or heading_before(
                    i, provenance_rules.FORECAST_HEADINGS, rules.FORECAST_HEADING_REACH
                )
            )
        ):
            found = sorted([*hedges, *bases], key=lambda m: (m.start(), m.end()))
            out.append(
                Disclosure(
                    _cue_span(text, sents_of(i), found),
                    provenance_rules.DISCLOSURE_GENERATED_FORECAST,
                    _evidence(found),
                )
            )
        for scan, kind in (
            ("sponsored", provenance_rules.DISCLOSURE_SPONSORED),
            ("affiliate", provenance_rules.DISCLOSURE_AFFILIATE),
        ):
            found = cues.get((scan, i))
            if found:
                out.append(Disclosure(_cue_span(text, sents_of(i), found), kind, _evidence(found)))
    out.extend(_self_promotion(doc, own_outlets))
    return tuple(sorted(out, key=lambda d: (d.span.start, d.span.end, d.kind)))


def analyse_provenance(doc: Document, outlet: str | None = None) -> ProvenanceAnalysis:
    """Attributions and disclosures stated in ``doc``; ``outlet`` is the source's own outlet
    where known (the manifest's), so that its mentions of itself are read as self-promotion,
    never as attribution."""
    own = [outlet] if outlet else []
    disclosures = find_disclosures(doc, own)
    own.extend(
        d.party
        for d in disclosures
        if d.kind == provenance_rules.DISCLOSURE_SELF_PROMOTION and d.party
    )
    return ProvenanceAnalysis(find_attributions(doc, own), disclosures)


# --- Across sources ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OutletMention:
    """One place a source names an outlet with an attribution cue."""

    source: str
    role: str
    span: Span

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "role": self.role, **self.span.to_json()}


@dataclass(frozen=True, slots=True)
class NamedOutlet:
    """An outlet named by one or more sources, with every role they give it."""

    id: str
    name: str
    roles: tuple[str, ...]
    primary: bool
    documents: tuple[str, ...]
    mentions: tuple[OutletMention, ...]

    @property
    def named_by(self) -> tuple[str, ...]:
        """The ids of the sources naming it, in report order, once each."""
        return tuple(dict.fromkeys(m.source for m in self.mentions))

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "roles": list(self.roles),
            "primary": self.primary,
            "documents": list(self.documents),
            "named_by": list(self.named_by),
            "mentions": [m.to_json() for m in self.mentions],
        }


@dataclass(frozen=True, slots=True)
class ProvenanceRelations:
    """Attribution across sources: the primary document, the outlets named as its primary
    source, every outlet named, and what each source cites."""

    primary_document: str | None = None
    outlets: tuple[NamedOutlet, ...] = ()
    cites: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def primary_sources(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.outlets if o.primary)

    def only_sources(self, ids: set[str]) -> ProvenanceRelations:
        """The same relations with ``cites`` restricted to sources ``ids`` (outlets keep every
        mention: a corpus naming the primary source still names it)."""
        return ProvenanceRelations(
            self.primary_document,
            self.outlets,
            tuple(c for c in self.cites if c[0] in ids),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "primary_document": self.primary_document,
            "primary_sources": list(self.primary_sources),
            "outlets": [o.to_json() for o in self.outlets],
            "cites": [{"source": s, "outlets": list(o)} for s, o in self.cites],
        }


def relate_provenance(
    sources: Sequence[tuple[str, ProvenanceAnalysis]],
) -> ProvenanceRelations:
    """The primary-source outlet(s) — named by at least one source as having obtained or first
    published the document — every outlet named, and per source (in order) the outlets it cites.

    An outlet's display name is its canonical name where known, else its most frequent
    spelling (ties: the first met). Outlets are sorted primary first, then by name.
    """
    mentions: dict[str, list[OutletMention]] = {}
    spellings: dict[str, Counter[str]] = {}  # insertion order: the first spelling met first
    documents: dict[str, Counter[str]] = {}
    cites: list[tuple[str, tuple[str, ...]]] = []
    for source_id, analysis in sources:
        cited: list[str] = []
        for attribution in analysis.attributions:
            key = attribution.key
            mentions.setdefault(key, []).append(
                OutletMention(source_id, attribution.role, attribution.span)
            )
            spellings.setdefault(key, Counter())[attribution.outlet] += 1
            said = documents.setdefault(key, Counter())
            if attribution.role in provenance_rules.PRIMARY_ROLES and attribution.document:
                said[attribution.document] += 1
            if key not in cited:
                cited.append(key)
        cites.append((source_id, tuple(cited)))

    # max() keeps the first of equals, so ties go to the spelling met first.
    names = {key: max(counts, key=counts.__getitem__) for key, counts in spellings.items()}
    ids = _unique_slugs(sorted(names, key=lambda k: (names[k].casefold(), k)), names)
    outlets = []
    for key, found in mentions.items():
        roles = tuple(sorted({m.role for m in found}, key=_ROLE_RANK.__getitem__))
        primary = any(r in provenance_rules.PRIMARY_ROLES for r in roles)
        outlets.append(
            NamedOutlet(
                ids[key], names[key], roles, primary, tuple(sorted(documents[key])), tuple(found)
            )
        )
    outlets.sort(key=lambda o: (not o.primary, o.name.casefold(), o.id))
    all_documents: Counter[str] = sum(documents.values(), Counter())
    primary_document = (
        min(
            all_documents,
            key=lambda d: (
                -all_documents[d],
                d not in _documents(provenance_rules.current())[1],
                d,
            ),
        )
        if all_documents
        else None
    )
    return ProvenanceRelations(
        primary_document,
        tuple(outlets),
        tuple((s, tuple(ids[k] for k in keys)) for s, keys in cites),
    )


def _unique_slugs(keys: Sequence[str], names: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    used: set[str] = set()
    for key in keys:
        slug = outlet_slug(names[key])
        candidate, n = slug, 1
        while candidate in used:
            n += 1
            candidate = f"{slug}-{n}"
        used.add(candidate)
        out[key] = candidate
    return out


__all__ = [
    "Attribution",
    "Disclosure",
    "NamedOutlet",
    "OutletMention",
    "ProvenanceAnalysis",
    "ProvenanceRelations",
    "analyse_provenance",
    "find_attributions",
    "find_disclosures",
    "known_outlet",
    "outlet_key",
    "outlet_slug",
    "read_name_before",
    "read_names",
    "relate_provenance",
]
