"""Mixed-language passages by EVALUATION.md's rules: documents built from the multilingual
pools with gold spans (each pool split into a ``tune`` and a ``test`` half by a fixed seed),
real English news as controls, and the span scoring. ``bench/languages.py`` prints the figures
and times the detector; the floor tests pin the held-out ones. See that script's docstring for
the construction and the scoring.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from provaudit.languages import analyse_languages
from provaudit.model import Document
from provaudit.normalise import normalise_text

SEED = 20240611
MAIN = "en"
FOREIGN = tuple(
    "ar bg cs de el es fa fr he hi id it ja ko nl pl pt ru sv tr uk vi zh".split()  # noqa: SIM905 (one line of codes reads better than 23)
)
VARIANTS = ("sentence", "fragment_bare", "fragment_quoted", "fragment_bracketed", "line")
FRAGMENT_VARIANTS = ("fragment_bare", "fragment_quoted", "fragment_bracketed")
PER_CELL = 10  # documents per (language, variant); 23 x 5 x 10 = 1150 mixed documents a half
CONTROLS = 400  # pure-English documents a half
# Real English news as a second set of controls: the multilingual pool has only 150 English
# sentences a half, which CONTROLS documents reuse about 24 times each, so one odd sentence moves
# the rate by several points; these are NEWS_CONTROLS articles a half, none reused, cut to
# about NEWS_CHARS characters at a paragraph or sentence end (the size of a built control).
NEWS_CONTROLS = 400
NEWS_CHARS = 1200
# Where an inline fragment comes from (fixed before any tuning, never adjusted to the figures).
FRAGMENT_MIX = (("pair", 0.5), ("word", 0.2), ("clause", 0.3))
LINE_MIX = (("pair", 0.7), ("word", 0.3))
QUOTES = (("“", "”"), ('"', '"'), ("«", "»"), ("‘", "’"), ("„", "“"))
BRACKETS = (("(", ")"), ("[", "]"), ("（", "）"))

_WS = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])\s*|\n+")


@dataclass(frozen=True, slots=True)
class Gold:
    """A foreign passage inserted into a document: ``text[start:end]``, trimmed to letters."""

    start: int
    end: int
    lang: str
    variant: str
    source: str  # pair, word, clause or sentence


@dataclass(frozen=True, slots=True)
class BenchDoc:
    id: str
    doc: Document
    golds: tuple[Gold, ...]
    variant: str  # a variant, or "control"
    lang: str | None  # the inserted language (None for controls)


# A detector returns (start, end, lang, kind) for each passage it finds.
Detector = Callable[[Document], Sequence[tuple[int, int, str, str]]]
EXPECTED_KIND = {
    "sentence": "sentence",
    "fragment_bare": "fragment",
    "fragment_quoted": "fragment",
    "fragment_bracketed": "fragment",
    "line": "line",
}


class DataMissing(Exception):
    """The evaluation data directory is absent or incomplete."""


# --------------------------------------------------------------------------------------- data


def _clean(line: str) -> str:
    """A pool line as normalised text: one space between words, no control characters."""
    line = _WS.sub(" ", line)
    line = "".join(c for c in line if c != "\ufeff" and unicodedata.category(c) != "Cc")
    return _WS.sub(" ", unicodedata.normalize("NFC", line)).strip()


def _read_pool(data_dir: Path, kind: str, lang: str) -> list[str]:
    path = data_dir / kind / f"{lang}.txt"
    if not path.is_file():
        raise DataMissing(f"{path} is missing")
    lines = [_clean(x) for x in path.read_text(encoding="utf-8").splitlines()]
    return [x for x in lines if any(c.isalpha() for c in x)]


def split_half(items: Sequence[str], key: str, half: str) -> list[str]:
    """One half of ``items``, shuffled by a seed derived from ``key`` (stable across runs)."""
    order = list(range(len(items)))
    random.Random(f"{SEED}:split:{key}").shuffle(order)
    cut = len(order) // 2
    chosen = order[:cut] if half == "tune" else order[cut:]
    return [items[i] for i in chosen]


@dataclass(frozen=True, slots=True)
class Pools:
    sentences: dict[str, list[str]]
    pairs: dict[str, list[str]]
    words: dict[str, list[str]]


def load_pools(data_dir: Path, half: str) -> Pools:
    if half not in ("tune", "test"):
        raise ValueError(f"half must be 'tune' or 'test', not {half!r}")
    langs = [MAIN, *FOREIGN]
    out: dict[str, dict[str, list[str]]] = {"sentences": {}, "word-pairs": {}, "single-words": {}}
    for kind, table in out.items():
        for lang in langs:
            table[lang] = split_half(_read_pool(data_dir, kind, lang), f"{kind}/{lang}", half)
    return Pools(out["sentences"], out["word-pairs"], out["single-words"])


def _is_letter(c: str) -> bool:
    """Letters and the combining marks that belong to them (Devanagari vowel signs, accents)."""
    return c.isalpha() or unicodedata.category(c)[0] == "M"


def _letters(text: str) -> int:
    return sum(1 for c in text if _is_letter(c))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not text[start].isalpha():
        start += 1
    while end > start and not _is_letter(text[end - 1]):
        end -= 1
    return start, end


def _pick(rng: random.Random, mix: Sequence[tuple[str, float]]) -> str:
    x = rng.random()
    for name, share in mix:
        if x < share:
            return name
        x -= share
    return mix[-1][0]


def _heading(rng: random.Random, pools: Pools) -> str:
    pool = pools.pairs[MAIN] if rng.random() < 0.6 else pools.words[MAIN]
    return " ".join(w[:1].upper() + w[1:] for w in rng.choice(pool).split())


def _spaced(text: str) -> bool:
    return " " in text


def _clause(rng: random.Random, sentence: str) -> str:
    """A contiguous piece of a sentence: 3-6 words, or 4-12 characters where no spaces."""
    if _spaced(sentence):
        words = sentence.split()
        k = min(len(words), rng.randint(3, 6))
        i = rng.randint(0, len(words) - k)
        return " ".join(words[i : i + k])
    k = min(len(sentence), rng.randint(4, 12))
    i = rng.randint(0, len(sentence) - k)
    return sentence[i : i + k]


def _fragment(
    rng: random.Random, pools: Pools, lang: str, mix: Sequence[tuple[str, float]]
) -> tuple[str, str]:
    while True:
        source = _pick(rng, mix)
        if source == "pair":
            text = rng.choice(pools.pairs[lang])
        elif source == "word":
            text = rng.choice(pools.words[lang])
        else:
            text = _clause(rng, rng.choice(pools.sentences[lang]))
        a, b = _trim(text, 0, len(text))
        if b > a:
            return text[a:b], source


def _paragraphs(rng: random.Random, pools: Pools, n: int) -> list[list[str]]:
    return [[rng.choice(pools.sentences[MAIN]) for _ in range(rng.randint(2, 4))] for _ in range(n)]


class _Builder:
    """Accumulates lines of a document and the gold spans inside them."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.golds: list[Gold] = []

    def add(self, text: str) -> int:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start

    def gold(self, text: str, lang: str, variant: str, source: str) -> None:
        start = self.add(text)
        a, b = _trim(text, 0, len(text))
        self.golds.append(Gold(start + a, start + b, lang, variant, source))

    def text(self) -> str:
        return "".join(self.parts)


def _doc(
    pools: Pools, rng: random.Random, variant: str, lang: str | None
) -> tuple[str, tuple[Gold, ...]]:
    paras = _paragraphs(rng, pools, rng.randint(2, 4))
    # Where the insertion goes: a paragraph, and a sentence (or a gap between sentences) in it.
    target = rng.randrange(len(paras))
    heading_before = {0, rng.randrange(len(paras))}
    b = _Builder()
    for p, sentences in enumerate(paras):
        if p:
            b.add("\n\n")
        if p in heading_before:
            b.add(_heading(rng, pools) + "\n\n")
        if lang is not None and p == target and variant == "line":
            text, source = _fragment(rng, pools, lang, LINE_MIX)
            b.gold(text[:1].upper() + text[1:], lang, variant, source)
            b.add("\n\n")
        for s, sentence in enumerate(sentences):
            if s:
                b.add(" ")
            if lang is None or p != target or variant == "line":
                b.add(sentence)
                continue
            if variant == "sentence":
                if s == 0:
                    b.gold(rng.choice(pools.sentences[lang]), lang, variant, "sentence")
                    b.add(" ")
                b.add(sentence)
                continue
            if s != len(sentences) // 2:
                b.add(sentence)
                continue
            words = sentence.split(" ")
            cut = rng.randint(1, max(1, len(words) - 1))
            b.add(" ".join(words[:cut]))
            frag, source = _fragment(rng, pools, lang, FRAGMENT_MIX)
            if variant == "fragment_quoted":
                left, right = rng.choice(QUOTES)
                b.add(" " + left)
                b.gold(frag, lang, variant, source)
                b.add(right + " ")
            elif variant == "fragment_bracketed":
                left, right = rng.choice(BRACKETS)
                b.add(" " + left)
                b.gold(frag, lang, variant, source)
                b.add(right + " ")
            else:
                # Machine-translation residue in unspaced scripts is often glued to the English.
                glue = not _spaced(frag) and rng.random() < 0.5
                b.add("" if glue else " ")
                b.gold(frag, lang, variant, source)
                b.add(" ")
            b.add(" ".join(words[cut:]))
    return b.text(), tuple(b.golds)


def build_dataset(
    data_dir: Path, half: str, *, per_cell: int = PER_CELL, controls: int = CONTROLS
) -> list[BenchDoc]:
    """Mixed documents (every foreign language x variant) and pure-English controls of one half.

    Deterministic: the same data, half and sizes give the same documents.
    """
    pools = load_pools(data_dir, half)
    rng = random.Random(f"{SEED}:docs:{half}")
    docs: list[BenchDoc] = []
    for lang in FOREIGN:
        for variant in VARIANTS:
            for i in range(per_cell):
                text, golds = _doc(pools, rng, variant, lang)
                docs.append(
                    BenchDoc(f"{lang}-{variant}-{i}", _document(text), golds, variant, lang)
                )
    for i in range(controls):
        text, golds = _doc(pools, rng, "control", None)
        docs.append(BenchDoc(f"control-{i}", _document(text), golds, "control", None))
    return docs


def build_news_controls(
    path: Path, half: str, *, count: int = NEWS_CONTROLS, chars: int = NEWS_CHARS
) -> list[BenchDoc]:
    """Real English news articles of one half (split by article id), title and opening.

    Not built by us, so not guaranteed free of foreign words: what is flagged in them is listed
    in the results for review.
    """

    if not path.is_file():
        raise DataMissing(f"{path} is missing")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        articles = [json.loads(line) for line in f]
    articles.sort(key=lambda a: a["id"])
    ids = split_half([a["id"] for a in articles], "news", half)
    by_id = {a["id"]: a for a in articles}
    chosen = random.Random(f"{SEED}:news:{half}").sample(ids, min(count, len(ids)))
    docs = []
    for i in sorted(chosen):
        article = by_id[i]
        text = normalise_text(f"{article['title']}\n\n{_opening(article['text'], chars)}").text
        docs.append(BenchDoc(f"news-{i}", _document(text), (), "news_control", None))
    return docs


def _opening(text: str, chars: int) -> str:
    """The start of ``text``, cut at the last paragraph or sentence end before ``chars``."""
    if len(text) <= chars:
        return text
    head = text[:chars]
    cut = max(head.rfind("\n"), *(m.end() for m in re.finditer(r"[.!?][\"'”’]?\s", head)), 0)
    return head[:cut] if cut > chars // 3 else head


def _document(text: str) -> Document:
    doc = normalise_text(text)
    if doc.text != text:  # gold offsets index the built text, so it must already be normal
        raise AssertionError(f"built document is not normalised: {text[:80]!r}")
    return doc


# ------------------------------------------------------------------------------------ scoring


def provaudit_detector(doc: Document) -> list[tuple[int, int, str, str]]:
    """The detector under test."""
    return [(p.span.start, p.span.end, p.lang, p.kind) for p in analyse_languages(doc).passages]


_LANGDETECT_READY = False


def langdetect_ready() -> None:
    global _LANGDETECT_READY
    if not _LANGDETECT_READY:
        from langdetect import DetectorFactory, detect

        DetectorFactory.seed = 0
        detect("warm up the profiles")
        _LANGDETECT_READY = True


def per_sentence_langdetect(doc: Document) -> list[tuple[int, int, str, str]]:
    """The baseline: langdetect (seeded) on every sentence; sentences not in the main language.

    The main language is the language of most letters among the sentences' labels.
    """
    from langdetect import detect
    from langdetect.lang_detect_exception import LangDetectException

    langdetect_ready()
    text = doc.text
    labelled: list[tuple[int, int, str]] = []
    start = 0
    for m in [*_SENTENCE_END.finditer(text), None]:
        end = m.start() if m else len(text)
        a, b = _trim(text, start, end)
        start = m.end() if m else len(text)
        if b <= a:
            continue
        try:
            lang = detect(text[a:b])
        except LangDetectException:
            continue
        labelled.append((a, b, lang.split("-")[0]))
    weight: dict[str, int] = defaultdict(int)
    for a, b, lang in labelled:
        weight[lang] += b - a
    if not weight:
        return []
    main = max(sorted(weight), key=lambda k: weight[k])
    return [(a, b, lang, "sentence") for a, b, lang in labelled if lang != main]


def _letter_mask(text: str) -> list[bool]:
    return [_is_letter(c) for c in text]


def evaluate(docs: Iterable[BenchDoc], detector: Detector = provaudit_detector) -> dict[str, Any]:
    """Span precision / recall / F1, per-variant and per-language recall, control false alarms."""
    found_by: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # key -> [found, total]
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    predicted = correct = 0
    controls = alarms = 0
    news = news_alarms = 0
    news_flagged: list[str] = []
    alarm_examples: list[str] = []
    alarm_texts: set[str] = set()
    for bd in docs:
        text = bd.doc.text
        letters = _letter_mask(text)
        passages = list(detector(bd.doc))
        label: list[str | None] = [None] * len(text)
        kind_at: list[str | None] = [None] * len(text)
        for a, b, lang, kind in passages:
            for i in range(a, b):
                label[i] = lang
                kind_at[i] = kind
        gold_label: list[str | None] = [None] * len(text)
        for g in bd.golds:
            for i in range(g.start, g.end):
                gold_label[i] = g.lang
        if bd.variant == "news_control":
            news += 1
            if passages:
                news_alarms += 1
                news_flagged.extend(f"{text[a:b]!r}->{lang}" for a, b, lang, _ in passages)
            continue
        if bd.variant == "control":
            controls += 1
            if passages:
                alarms += 1
                alarm_texts.update(text[a:b] for a, b, _, _ in passages)
                if len(alarm_examples) < 25:
                    alarm_examples.append(
                        "; ".join(f"{text[a:b]!r}->{lang}" for a, b, lang, _ in passages)
                    )
        for a, b, lang, _ in passages:
            n = sum(1 for i in range(a, b) if letters[i])
            hit = sum(1 for i in range(a, b) if letters[i] and gold_label[i] == lang)
            predicted += 1
            correct += n > 0 and 2 * hit >= n
        for g in bd.golds:
            n = sum(1 for i in range(g.start, g.end) if letters[i])
            hit = sum(1 for i in range(g.start, g.end) if letters[i] and label[i] == g.lang)
            ok = n > 0 and 2 * hit >= n
            script = "latin" if _is_latin(text[g.start : g.end]) else "non_latin"
            keys = [
                "all",
                g.variant,
                f"lang:{g.lang}",
                f"script:{script}",
                f"source:{g.source}",
                f"{g.variant}:{script}",
            ]
            if g.variant in FRAGMENT_VARIANTS:
                keys += ["inline_fragment", f"inline_fragment:{script}"]
            for key in keys:
                found_by[key][0] += ok
                found_by[key][1] += 1
            if ok:
                inside = [
                    kind_at[i] for i in range(g.start, g.end) if letters[i] and label[i] == g.lang
                ]
                top = max(sorted(set(inside), key=str), key=inside.count)
                kinds[g.variant][0] += top == EXPECTED_KIND[g.variant]
                kinds[g.variant][1] += 1
    recall = _ratio(*found_by["all"])
    precision = correct / predicted if predicted else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "span_f1": round(f1, 4),
        "span_precision": round(precision, 4),
        "span_recall": round(recall, 4),
        "inline_fragment_recall": round(_ratio(*found_by["inline_fragment"]), 4),
        "control_false_alarm_rate": round(alarms / controls, 4) if controls else 0.0,
        "passages_predicted": predicted,
        "gold_spans": found_by["all"][1],
        "controls": controls,
        "recall_by": {k: round(_ratio(*v), 4) for k, v in sorted(found_by.items())},
        "support_by": {k: v[1] for k, v in sorted(found_by.items())},
        "control_false_alarms": alarm_examples,
        # Controls reuse the half's English sentences, so one odd sentence raises many alarms:
        # how many distinct flagged texts the alarms come from.
        "control_alarm_distinct_texts": sorted(alarm_texts),
        # Real English news (see NEWS_CONTROLS): share of articles with anything flagged, and
        # what was flagged (some may really be foreign).
        "news_controls": news,
        "news_control_false_alarm_rate": round(news_alarms / news, 4) if news else None,
        "news_control_flagged": news_flagged,
        # Of the gold spans found, the share whose passage has the kind the variant implies.
        "kind_agreement": {k: round(_ratio(*v), 4) for k, v in sorted(kinds.items())},
    }


def _ratio(found: int, total: int) -> float:
    return found / total if total else 1.0


_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def _is_latin(text: str) -> bool:
    latin = len(_LATIN.findall(text))
    return 2 * latin >= _letters(text)


# --------------------------------------------------------------------------------- throughput
