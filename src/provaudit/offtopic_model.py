"""The boilerplate decision: small gradient-boosted trees over a few dozen features of each block,
fit on real annotated pages (``python bench/train_offtopic.py``), shipped as data
(``data/offtopic_model.json``). Nothing here needs scikit-learn: a score is a walk down each
tree, in pure Python, the same on every machine.

Features of a block (a unit of :mod:`provaudit.offtopic`: a line, or a sentence of a line
too long to be one):

- **shape**: its length, whether it ends a sentence, is title-shaped, a short line, its digits;
- **words**: how much its own words read like page furniture (:mod:`provaudit.textfurniture`,
  a linear score fit on every block people marked as furniture or article on the real pages);
- **cues**: which of the cue lists of :mod:`provaudit.rules.offtopic` matched it (weighed
  here like any other feature, no longer a decision of their own);
- **cohesion**: the share of its content words found in the lead (title and first
  paragraphs) and elsewhere in the text, its place in the text, whether the cohesion tail
  search (:func:`provaudit.offtopic.analyse_offtopic`) put it in a tail, the cues around it;
- **page structure** (HTML only, :mod:`provaudit.pagestructure`): link text, list items,
  headings, the furniture its containers name (aside, related, share, comment, ...), whether
  it is inside the article's element or after it on the page, and the link text around it.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from .pagestructure import GROUPS

CUE_KINDS = (
    "comment-widget",
    "related-links",
    "promo",
    "about",
    "methodology",
    "tags",
    "share-subscribe",
    "glued-chrome",
    "timestamp",
    "counter",
    "byline",
    "copyright",
    "disclaimer",
    "section-label",
    "navigation",
    "section-label-without-content",
)

# The features a page gives (zero for plain text, and for a block not found on its page).
PAGE_FEATURES = (
    "html_found",
    "link",
    "mostly_link",
    "list_item",
    "heading",
    "inside_main",
    "after_main",
    "page_position",
    "neighbour_link",
    "page_repeats",
)

FEATURES: tuple[str, ...] = (
    "log_words",
    "log_chars",
    "ends_sentence",
    "title_shape",
    "short_line",
    "digit_share",
    "separators",
    "label_colon",
    "cue_prefix",
    "names_site",
    "truncated",
    "sentence_piece",
    "text_furniture",
    *(f"cue:{k}" for k in CUE_KINDS),
    "lead_overlap",
    "text_overlap",
    "few_terms",
    "position",
    "after_tail_cue",
    "in_cohesion_tail",
    "cued_neighbours",
    "html",
    *PAGE_FEATURES,
    *(f"group:{g}" for g in GROUPS),
)

# The features that exist without a page (plain text: pasted, extracted, the seeds' .txt
# sources). bench/train_offtopic.py cross-validates trees fit over these only, on plain rows,
# against the page model on the same rows (not shipped: see its docstring).
PLAIN_FEATURES: tuple[str, ...] = tuple(
    name
    for name in FEATURES
    if name != "html" and name not in PAGE_FEATURES and not name.startswith("group:")
)

MODEL_FILE = "offtopic_model.json"


@dataclass(frozen=True, slots=True)
class Tree:
    """One regression tree of the ensemble, as parallel arrays over its nodes (a leaf has
    ``left == -1``); ``value`` is each node's output (at inner nodes, the mean the split
    refines: what attributes a score to the features on the path)."""

    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Model:
    """Gradient-boosted trees over :data:`FEATURES`: the log-odds of a block being page
    furniture is ``init + rate * sum(tree outputs)``; a block is flagged from ``threshold``
    (a probability), or from ``cue_threshold`` when a cue list matched it (both chosen
    together on the fit half's cross-validated scores)."""

    trees: tuple[Tree, ...]
    init: float
    rate: float
    threshold: float
    cue_threshold: float
    about: dict[str, Any]
    # The trees' sum compiled into one function of a row (see :func:`_compiled_sum`): the
    # score runs on every block of every audit.
    _summed: Callable[[list[float]], float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_summed", _compiled_sum(self.init, self.rate, self.trees))

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt from its fields (the compiled function does not pickle).
        fields = (self.trees, self.init, self.rate, self.threshold, self.cue_threshold)
        return (Model, (*fields, self.about))

    def _paths(self, x: list[float]) -> list[tuple[Tree, list[int]]]:
        out = []
        for tree in self.trees:
            node = 0
            path = [0]
            while tree.left[node] != -1:
                node = (
                    tree.left[node]
                    if x[tree.feature[node]] <= tree.threshold[node]
                    else tree.right[node]
                )
                path.append(node)
            out.append((tree, path))
        return out

    def score(self, x: list[float]) -> float:
        """The probability that a block with features ``x`` is page furniture."""
        z = self._summed(x)
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def flags(self, score: float, cued: bool) -> bool:
        """The decision on a block scored ``score``: flagged from ``threshold``, or from the
        lower ``cue_threshold`` when a cue list matched it (``cued``)."""
        return score >= self.threshold or (cued and score >= self.cue_threshold)

    def contributions(self, x: list[float]) -> list[tuple[float, str]]:
        """Each feature's push towards "furniture" on this block (the change in log-odds
        along the trees' paths at the splits on it), strongest first, positive only."""
        pulls = [0.0] * len(FEATURES)
        for tree, path in self._paths(x):
            for parent, child in itertools.pairwise(path):
                pulls[tree.feature[parent]] += self.rate * (tree.value[child] - tree.value[parent])
        return sorted(
            ((p, name) for p, name in zip(pulls, FEATURES, strict=True) if p > 0),
            key=lambda pair: (-pair[0], pair[1]),
        )


def _compiled_sum(
    init: float, rate: float, trees: tuple[Tree, ...]
) -> Callable[[list[float]], float]:
    """``init + rate * leaf`` summed over the trees, each tree written out as one conditional
    expression and compiled once: the same comparisons and the same additions in the same
    order as walking the node arrays (so the same score to the last bit), at a third of the
    time. The source holds nothing but the model's own numbers (float reprs round-trip)."""

    def literal(v: float) -> str:
        if not math.isfinite(v):
            raise ValueError(f"offtopic model: a non-finite number {v!r}")
        return repr(float(v))

    def expression(tree: Tree, node: int) -> str:
        if tree.left[node] == -1:
            return literal(rate * tree.value[node])
        test = f"x[{int(tree.feature[node])}] <= {literal(tree.threshold[node])}"
        left, right = expression(tree, tree.left[node]), expression(tree, tree.right[node])
        return f"({left} if {test} else {right})"

    lines = ["def summed(x):", f"    z = {literal(init)}"]
    lines += [f"    z += {expression(tree, 0)}" for tree in trees]
    lines.append("    return z")
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(lines), "<offtopic_model trees>", "exec"), namespace)
    summed: Callable[[list[float]], float] = namespace["summed"]
    return summed


def model_from_json(data: dict[str, Any], features: tuple[str, ...] = FEATURES) -> Model:
    """The model in ``data``, whose trees index ``features`` (a subset of :data:`FEATURES`,
    in its order): the indices are mapped to :data:`FEATURES`' so that every model scores the
    same rows."""
    if tuple(data["features"]) != features:
        raise ValueError("a shipped model's features differ from the features the code computes")
    if list(features) != [name for name in FEATURES if name in features]:
        raise ValueError("a model's features are not a subset of FEATURES in its order")
    full = [FEATURES.index(name) for name in features]
    trees = tuple(
        Tree(
            feature=tuple(full[int(v)] for v in t["feature"]),
            threshold=tuple(float(v) for v in t["threshold"]),
            left=tuple(int(v) for v in t["left"]),
            right=tuple(int(v) for v in t["right"]),
            value=tuple(float(v) for v in t["value"]),
        )
        for t in data["trees"]
    )
    return Model(
        trees=trees,
        init=float(data["init"]),
        rate=float(data["rate"]),
        threshold=float(data["threshold"]),
        cue_threshold=float(data.get("cue_threshold", data["threshold"])),
        about=dict(data.get("about", {})),
    )


def shipped_json(name: str) -> Any:
    """A JSON file shipped in the package's ``data`` directory (the models: no download)."""
    text = resources.files("provaudit").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)


@cache
def load_model() -> Model:
    """The model shipped with the package."""
    return model_from_json(shipped_json(MODEL_FILE))
