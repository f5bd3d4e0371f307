"""Boilerplate and off-topic tails on real pages by EVALUATION.md's rules (trafilatura-eval's
partial annotations, extraction-benchmark's gold bodies), split by site into a fit and a
held-out half. ``bench/boilerplate_real.py`` prints the figures and times detection; the
floor tests pin the held-out ones. See that script's docstring for the rules.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from provaudit.corpus import Source, SourceRecord, decode_bytes, sha256_hex
from provaudit.errors import ProvauditError
from provaudit.model import Document
from provaudit.normalise import HTML_MEDIA_TYPE, normalise
from provaudit.offtopic import OfftopicAnalysis, analyse_offtopic
from provaudit.offtopic_model import Model

SEED = 2026
HALVES = ("fit", "heldout")
# A trailing junk run shorter than this is a footer line, not a teaser tail.
TAIL_MIN_JUNK_CHARS = 200
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


def site_of(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host[4:] if host.startswith("www.") else host


def half_of(site: str, seed: int = SEED) -> str:
    """The half a site belongs to, stable across runs."""
    return HALVES[hashlib.sha256(f"{seed}:{site}".encode()).digest()[0] & 1]


@dataclass(frozen=True, slots=True)
class Page:
    dataset: str
    id: str
    site: str
    html: bytes
    with_: tuple[str, ...] = ()
    without: tuple[str, ...] = ()
    gold: str | None = None

    @property
    def half(self) -> str:
        return half_of(self.site)


def iter_pages(data: Path, dataset: str, limit: int | None = None) -> Iterator[Page]:
    """The pages of one set, in a fixed order (sorted ids)."""
    if dataset == "trafilatura-eval":
        root = data / "trafilatura-eval"
        meta = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
        for n, key in enumerate(sorted(meta)):
            if limit is not None and n >= limit:
                return
            entry = meta[key]
            html = gzip.decompress((root / "pages" / f"{key}.gz").read_bytes())
            yield Page(
                dataset,
                key,
                site_of(entry.get("url") or key),
                html,
                with_=tuple(entry.get("with") or ()),
                without=tuple(entry.get("without") or ()),
            )
    else:
        root = data / "extraction-benchmark"
        truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
        for n, key in enumerate(sorted(truth)):
            if limit is not None and n >= limit:
                return
            html = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())
            url = truth[key].get("url") or key
            yield Page(dataset, key, site_of(url), html, gold=truth[key]["articleBody"])


def source_of(page: Page) -> Source:
    decoded = decode_bytes(page.html, page.id)
    record = SourceRecord(
        id=page.id, path=page.id, sha256=sha256_hex(page.html), media_type=HTML_MEDIA_TYPE
    )
    return Source(record, decoded)


def audit(
    page: Page, plain: bool = False, model: Model | None = None
) -> tuple[Document, OfftopicAnalysis] | None:
    """The normalised text and its boilerplate analysis, as ``provaudit audit`` computes them
    (``plain``: the extracted text read without its page, as pasted text is; ``model``: in
    place of the shipped one). None when the page fails to normalise."""
    try:
        source = source_of(page)
        doc = normalise(source.decoded.text, HTML_MEDIA_TYPE, subject=page.id)
    except ProvauditError:
        return None
    if plain:
        doc = replace(doc, blocks=None)
    return doc, analyse_offtopic(doc, model)


def flagged_mask(text: str, analysis: OfftopicAnalysis) -> bytearray:
    mask = bytearray(len(text))
    spans = [(b.span.start, b.span.end) for b in analysis.boilerplate]
    if analysis.tail is not None:
        spans.append((analysis.tail.span.start, analysis.tail.span.end))
    for s, e in spans:
        mask[s:e] = b"\x01" * (e - s)
    return mask


def squash(text: str) -> tuple[str, list[int]]:
    """``text`` with white-space runs made one space, and each character's original offset."""
    out: list[str] = []
    where: list[int] = []
    for m in re.finditer(r"\s+|\S+", text):
        if m.group(0)[0].isspace():
            out.append(" ")
            where.append(m.start())
        else:
            out.append(m.group(0))
            where.extend(range(m.start(), m.end()))
    return "".join(out), where


@dataclass(frozen=True, slots=True)
class TailRow:
    """A page with a teaser tail or a reported tail: where the reported tail may start to be
    found (``window``, None when the page has no teaser tail), where it starts (None when none
    is reported), whether it was found, and its reason."""

    dataset: str
    id: str
    site: str
    window: tuple[int, int] | None
    start: int | None
    found: bool
    reason: str

    def line(self) -> str:
        state = "found" if self.found else "missed" if self.window else "no tail"
        return (
            f"{state:8} {self.dataset[:12]:12} {self.site[:28]:28} {self.id[:24]:24} "
            f"window {self.window} reported {self.start}: {self.reason[:90]}"
        )


def _row(
    page: Page,
    analysis: OfftopicAnalysis,
    window: tuple[int, int] | None,
    found: bool,
) -> TailRow:
    tail = analysis.tail
    return TailRow(
        page.dataset,
        page.id,
        page.site,
        window,
        tail.span.start if tail is not None else None,
        found,
        tail.reason if tail is not None else "",
    )


@dataclass
class Tally:
    """Counts of one set (or one half of it)."""

    junk: float = 0.0
    junk_flagged: float = 0.0
    article: float = 0.0
    article_flagged: float = 0.0
    pages: int = 0
    failed: int = 0
    tails: int = 0
    tails_found: int = 0
    tails_reported: int = 0
    # One row per page with a teaser tail or a reported tail (see TailRow).
    tail_rows: list[TailRow] = field(default_factory=list)

    @property
    def tail_pages(self) -> list[str]:
        """The pages with a teaser tail."""
        return [row.id for row in self.tail_rows if row.window is not None]

    def add(self, other: Tally) -> None:
        for name in (
            "junk",
            "junk_flagged",
            "article",
            "article_flagged",
            "pages",
            "failed",
            "tails",
            "tails_found",
            "tails_reported",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.tail_rows.extend(other.tail_rows)

    def figures(self) -> dict[str, Any]:
        return {
            "pages": self.pages,
            "failed": self.failed,
            "junk": self.junk,
            "junk_flagged": self.junk_flagged,
            "junk_recall": round(self.junk_flagged / self.junk, 4) if self.junk else None,
            "article": self.article,
            "article_flagged": self.article_flagged,
            "false_flag_rate": (
                round(self.article_flagged / self.article, 4) if self.article else None
            ),
            "teaser_tails": self.tails,
            "teaser_tails_found": self.tails_found,
            "tails_reported": self.tails_reported,
        }


def _tail_start(analysis: OfftopicAnalysis | None) -> int | None:
    if analysis is None or analysis.tail is None:
        return None
    return analysis.tail.span.start


def score_strings(page: Page, result: tuple[Document, OfftopicAnalysis] | None) -> Tally:
    """trafilatura-eval: leaked "without" strings flagged, present "with" strings flagged."""
    tally = Tally(pages=1, failed=int(result is None))
    if result is None:
        # Nothing flagged; the strings found cannot be known without a text, so none count.
        return tally
    doc, analysis = result
    mask = flagged_mask(doc.text, analysis)
    squashed, where = squash(doc.text)
    # (squashed start, is junk) of each string found, for the teaser-tail check.
    found: list[tuple[int, int, bool]] = []
    for strings, junk in ((page.without, True), (page.with_, False)):
        for raw in strings:
            needle = _SPACE.sub(" ", raw).strip()
            if not needle:
                continue
            at = squashed.find(needle)
            if at < 0:
                continue
            offsets = where[at : at + len(needle)]
            share = sum(mask[o] for o in offsets) / len(offsets)
            hit = share >= 0.5
            if junk:
                tally.junk += 1
                tally.junk_flagged += hit
            else:
                tally.article += 1
                tally.article_flagged += hit
            found.append((where[at], where[at + len(needle) - 1] + 1, junk))
    found.sort()
    trailing = []
    for start, end, junk in reversed(found):
        if not junk:
            break
        trailing.append((start, end))
    trailing.reverse()
    start_tail = _tail_start(analysis)
    tally.tails_reported = int(start_tail is not None)
    window = None
    if trailing and len(doc.text) - trailing[0][0] >= TAIL_MIN_JUNK_CHARS and len(found) > 1:
        tally.tails = 1
        first = trailing[0][0]
        second = trailing[1][0] if len(trailing) > 1 else len(doc.text)
        # Found: starts after the last article string and no later than the second junk
        # string (or the first when it is the only one).
        last_article = max((e for s, e, j in found if not j), default=0)
        window = (last_article, max(first, second))
        tally.tails_found = int(start_tail is not None and window[0] <= start_tail <= window[1])
    if window is not None or start_tail is not None:
        tally.tail_rows.append(_row(page, analysis, window, bool(tally.tails_found)))
    return tally


# EVALUATION.md's line rule for the extraction-benchmark: a line (or block, or unit) whose
# \w+ words are under JUNK_GOLD_SHARE in the gold body is junk, at least ARTICLE_GOLD_SHARE
# article, and in between unlabelled.
JUNK_GOLD_SHARE = 0.5
ARTICLE_GOLD_SHARE = 0.9


def gold_words(gold: str) -> set[str]:
    """The gold body's words, lower-cased, as :func:`gold_label` matches them."""
    return {w.lower() for w in _WORD.findall(gold)}


def gold_label(text: str, gold: set[str]) -> int | None:
    """1 (junk) or 0 (article) for a piece of ``text`` by the line rule against the gold
    body's words ``gold`` (:func:`gold_words`); None when it has no words or is in between."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return None
    share = sum(w in gold for w in words) / len(words)
    return 1 if share < JUNK_GOLD_SHARE else 0 if share >= ARTICLE_GOLD_SHARE else None


_LINE_LABEL: dict[int | None, str | None] = {1: "junk", 0: "article", None: None}


def line_labels(text: str, gold: set[str]) -> list[tuple[int, int, str | None]]:
    """``(start, end, "junk" | "article" | None)`` of each line of ``text`` with a word."""
    out = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not _WORD.search(line):
            continue
        label = gold_label(line, gold)
        out.append((start, end, _LINE_LABEL[label]))
    return out


def score_gold(page: Page, result: tuple[Document, OfftopicAnalysis] | None) -> Tally:
    """extraction-benchmark: junk and article characters by line, flagged or not."""
    tally = Tally(pages=1, failed=int(result is None))
    if result is None:
        return tally
    doc, analysis = result
    mask = flagged_mask(doc.text, analysis)
    lines = line_labels(doc.text, gold_words(page.gold or ""))
    for start, end, label in lines:
        if label is None:
            continue
        flagged = sum(mask[start:end])
        if label == "junk":
            tally.junk += end - start
            tally.junk_flagged += flagged
        else:
            tally.article += end - start
            tally.article_flagged += flagged
    # A teaser tail: the run of junk lines at the end (unlabelled lines do not break it).
    run: list[tuple[int, int]] = []
    for start, end, label in reversed(lines):
        if label == "article":
            break
        if label == "junk":
            run.append((start, end))
    run.reverse()
    start_tail = _tail_start(analysis)
    tally.tails_reported = int(start_tail is not None)
    window = None
    if run and sum(e - s for s, e in run) >= TAIL_MIN_JUNK_CHARS:
        tally.tails = 1
        second = run[1][0] if len(run) > 1 else run[0][0]
        # The end of the last article line before the run.
        before = [e for s, e, lab in lines if lab == "article" and e <= run[0][0]]
        last_article = before[-1] if before else 0
        window = (last_article + 1, second)
        tally.tails_found = int(start_tail is not None and window[0] <= start_tail <= window[1])
    if window is not None or start_tail is not None:
        tally.tail_rows.append(_row(page, analysis, window, bool(tally.tails_found)))
    return tally


DATASETS = ("trafilatura-eval", "extraction-benchmark")


def evaluate(
    data: Path, limit: int | None = None, half: str | None = None, plain: bool = False
) -> dict[str, dict[str, Tally]]:
    """Per set, per half (``fit``, ``heldout``, ``all``): the tallies (of one half only, when
    ``half`` names it; of the extracted texts read as plain text, when ``plain``)."""
    out: dict[str, dict[str, Tally]] = {}
    for dataset in DATASETS:
        halves = {name: Tally() for name in (*HALVES, "all")}
        scorer = score_strings if dataset == "trafilatura-eval" else score_gold
        for page in iter_pages(data, dataset, limit):
            if half is not None and page.half != half:
                continue
            tally = scorer(page, audit(page, plain))
            halves[page.half].add(tally)
            halves["all"].add(tally)
        out[dataset] = halves
    return out
