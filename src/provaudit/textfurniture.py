"""How much a block's own words read like page furniture: a linear score over its words.

Menus, share prompts, "Weitere Artikel zum Thema", "Alle Angaben ohne Gewähr", "Suscríbete a
nuestro newsletter" are said in the same words on every site; an article's sub-heading is
not. The score is a logistic regression over a block's text features (:func:`features`:
lower-cased words with digits folded, their first five letters, word pairs, the first and the
last word, CJK characters in pairs, and the block's shape), fit by ``python
bench/train_offtopic.py`` on every block the people who labelled the real pages marked as
furniture or as article (trafilatura-eval's "with" and "without" strings found on the page,
and the extraction benchmark's whole page text against its gold body, fit half of the sites
only: :mod:`provaudit.evaluation.furniture`), and shipped as data
(``data/offtopic_text.json``: the weights of the features that matter, nothing else needed
at run time). It is one feature of the boilerplate model (:mod:`provaudit.offtopic_model`),
and the words that pushed it are evidence a fact-checker can read.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

TEXT_MODEL_FILE = "offtopic_text.json"

_TOKEN = re.compile(r"\w+")
_DIGITS = re.compile(r"\d+")
# The marks an extraction adds that page text has not: list bullets and heading marks at the
# start of a line, the bars between table cells (the score is fit on page text).
_MARKS = re.compile(r"^(?:[-*•>#]\s+)+")
_BARS = re.compile(r"\s*\|\s*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# Word-count classes of the shape feature (a block of one word, two, three, up to five, ...).
_LENGTHS = (1, 2, 3, 5, 8, 12, 20, 40)
# A word's first letters, the feature that carries inflected forms ("weitere", "weiteren").
_STEM = 5
# How many of the words that pushed a score its evidence names.
EVIDENCE_TERMS = 3


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    for word in _TOKEN.findall(text.lower()):
        if _CJK.search(word):
            run = [ch for ch in word if _CJK.match(ch)]
            rest = _CJK.sub(" ", word).split()
            out.extend(a + b for a, b in itertools.pairwise(run))
            if len(run) == 1:
                out.append(run[0])
            out.extend(_DIGITS.sub("0", r) for r in rest)
            continue
        out.append(_DIGITS.sub("0", word))
    return out


def features(text: str) -> list[str]:
    """The text features of one block, sorted, each once (presence, not counts)."""
    stripped = _MARKS.sub("", _BARS.sub(" ", text).strip())
    tokens = _tokens(stripped)
    out = {f"w:{t}" for t in tokens}
    out.update(f"s:{t[:_STEM]}" for t in tokens if len(t) > _STEM)
    out.update(f"b:{a} {b}" for a, b in itertools.pairwise(tokens))
    n = len(tokens)
    if tokens:
        out.add(f"first:{tokens[0]}")
        out.add(f"last:{tokens[-1]}")
    out.add(f"len:{next((k for k in _LENGTHS if n <= k), 'more')}")
    if stripped.endswith((":", "：")):
        out.add("shape:colon")
    if stripped.endswith((".", "!", "?", "。", "！", "？", '"', "”", "»")):
        out.add("shape:sentence")
    letters = [w for w in _TOKEN.findall(stripped) if w[0].isalpha()]
    if letters and all(w[0].isupper() for w in letters) and n > 1:
        out.add("shape:title")
    if letters and stripped.upper() == stripped and any(c.isalpha() for c in stripped):
        out.add("shape:caps")
    digits = sum(c.isdigit() for c in stripped)
    if digits:
        out.add("shape:digits" if digits * 4 < len(stripped) else "shape:mostly-digits")
    if any(c in "©®™»›•·" for c in stripped):
        out.add("shape:symbol")
    return sorted(out)


@dataclass(frozen=True, slots=True)
class TextModel:
    """``bias + sum(weights[f])`` over a block's features is the log-odds that it is furniture."""

    bias: float
    weights: dict[str, float]
    about: dict[str, Any]

    def score(self, text: str) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features(text))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def evidence(self, text: str, n: int = EVIDENCE_TERMS) -> list[str]:
        """The words (and word pairs) of ``text`` that pushed its score most towards furniture."""
        found = []
        for f in features(text):
            w = self.weights.get(f, 0.0)
            kind, _, value = f.partition(":")
            if w > 0 and kind in ("w", "b"):
                found.append((-w, value))
        return [value for _, value in sorted(found)[:n]]


def text_model_from_json(data: dict[str, Any]) -> TextModel:
    return TextModel(
        bias=float(data["bias"]),
        weights={str(k): float(v) for k, v in data["weights"].items()},
        about=dict(data.get("about", {})),
    )


@cache
def load_text_model() -> TextModel:
    """The text-furniture score shipped with the package."""
    text = (
        resources.files("provaudit")
        .joinpath("data")
        .joinpath(TEXT_MODEL_FILE)
        .read_text(encoding="utf-8")
    )
    return text_model_from_json(json.loads(text))
