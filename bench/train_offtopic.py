"""Fit the boilerplate model (src/provaudit/data/offtopic_model.json) on real annotated pages.

Blocks (the units :mod:`provaudit.offtopic` scores) get labels from two sets this project
did not build (``../shared/data``, or ``--data``):

- **trafilatura-eval**: a block holding at least half of a "without" string found in the
  text is junk (1); one holding half of a "with" string is article (0); others are unlabelled.
- **extraction-benchmark**: a block whose ``\\w+`` words are < 50% in the gold body is junk,
  >= 90% article (EVALUATION.md's line rule, applied to the block).

Only the *fit* half of the sites (``bench/boilerplate_real.py``'s seeded split by site) is
used: small gradient-boosted trees (scikit-learn) are cross-validated
with folds grouped by site, the decision threshold is chosen on the cross-validated scores
(the highest recall whose wrongly flagged article share stays under FLAG_BUDGET on both
sets), and the model refit on the whole fit half is written as its trees' arrays. The held-out half is left to ``python bench/boilerplate_real.py``, which measures
the shipped model by EVALUATION.md's rules.

    pip install -e '.[train]'
    python bench/train_offtopic.py [--data PATH] [--dry-run] [--extractions provaudit,recall,plain]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from provaudit.errors import ProvauditError
from provaudit.evaluation import shared_data
from provaudit.evaluation.boilerplate import DATASETS, Page, iter_pages, source_of, squash
from provaudit.model import Document, Metadata
from provaudit.normalise import HTML_MEDIA_TYPE, normalise, normalise_text
from provaudit.offtopic import block_rows
from provaudit.offtopic_model import FEATURES, MODEL_FILE
from provaudit.pagestructure import page_blocks

ROOT = Path(__file__).resolve().parents[1]
MODEL_PATH = ROOT / "src" / "provaudit" / "data" / MODEL_FILE
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
# The trees: depth chosen by the grouped cross-validation (printed), the rest fixed small so
# that the model stays a few hundred nodes (a block is scored in pure Python).
DEPTHS = (2, 3)
TREES = 100
RATE = 0.1
MIN_LEAF = 5
SEED = 2026
FOLDS = 5
# The share of article (blocks or characters) the threshold may flag on the fit half's
# cross-validated scores: under EVALUATION.md's 1.0% target with room for the tail spans.
FLAG_BUDGET = 0.008
# Thresholds tried for blocks a cue list matched (a cue is evidence, weighed by the model).
CUE_GRID = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5)
# Benchmark blocks weigh by their characters (its figures count characters), per this many.
CHARS_PER_WEIGHT = 200
# ... and each trafilatura-eval string counts as much as this many characters' weight.
STRING_WEIGHT = 1.0


def recall_extraction(html: str) -> Document | None:
    """The page as a recall-favouring extraction with comments keeps (more of its furniture:
    more junk blocks to learn from, in the same kind of text), with its page evidence."""
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return None
    found = trafilatura.bare_extraction(
        tree,
        favor_recall=True,
        include_comments=True,
        include_tables=True,
        with_metadata=True,
        deduplicate=False,
    )
    text = getattr(found, "text", None) if found is not None else None
    if not text or not text.strip():
        return None
    doc = normalise_text(text, Metadata(title=getattr(found, "title", None)), HTML_MEDIA_TYPE)
    blocks = page_blocks(tree, [p.text for p in doc.paragraphs])
    return Document(doc.text, doc.paragraphs, doc.metadata, HTML_MEDIA_TYPE, blocks=blocks)


# Where a block's features come from: provaudit's extraction of the page (the blocks the
# figures count), a recall-favouring extraction (more junk to learn from), or provaudit's
# extraction read as plain text (no page: what an audit of pasted or extracted text sees).
EXTRACTIONS = ("provaudit", "recall", "plain")
# The plain-text copies are left out by default: with them, the cross-validated benchmark
# recall fell from 0.41 to 0.17 at the same budget (the trees spend splits on the copies), and
# plain text keeps the cohesion tail and the sub-heading rule of provaudit.offtopic.
DEFAULT_EXTRACTIONS = ("provaudit", "recall")


def labelled_blocks(
    page: Page, extraction: str = "provaudit"
) -> list[tuple[list[float], int, float, int]]:
    """``(features, label, weight, chars)`` of each labelled block of a page, extracted as
    ``extraction`` (one of EXTRACTIONS) says."""
    try:
        source = source_of(page)
        if extraction == "recall":
            found = recall_extraction(source.decoded.text)
            if found is None:
                return []
            doc = found
        else:
            doc = normalise(source.decoded.text, HTML_MEDIA_TYPE, subject=page.id)
            if extraction == "plain":
                doc = replace(doc, blocks=None)
    except ProvauditError:
        return []
    rows = block_rows(doc)
    out = []
    if page.gold is not None:
        gold = {w.lower() for w in _WORD.findall(page.gold)}
        for start, end, row in rows:
            words = [w.lower() for w in _WORD.findall(doc.text[start:end])]
            if not words:
                continue
            share = sum(w in gold for w in words) / len(words)
            label = 1 if share < 0.5 else 0 if share >= 0.9 else None
            if label is not None:
                chars = end - start
                out.append((row, label, chars / CHARS_PER_WEIGHT, chars))
        return out
    squashed, where = squash(doc.text)
    labels: dict[int, set[int]] = {}
    for strings, label in ((page.without, 1), (page.with_, 0)):
        for raw in strings:
            needle = _SPACE.sub(" ", raw).strip()
            at = squashed.find(needle) if needle else -1
            if at < 0:
                continue
            s, e = where[at], where[at + len(needle) - 1] + 1
            for k, (start, end, _) in enumerate(rows):
                if min(e, end) - max(s, start) >= (e - s) / 2:
                    labels.setdefault(k, set()).add(label)
    for k, found in sorted(labels.items()):
        if len(found) == 1:
            out.append((rows[k][2], found.pop(), STRING_WEIGHT, 1))
    return out


def collect(data: Path) -> dict[str, Any]:
    x: list[list[float]] = []
    y: list[int] = []
    w: list[float] = []
    chars: list[int] = []
    group: list[str] = []
    dataset: list[int] = []
    half: list[str] = []
    extraction: list[int] = []
    for d, name in enumerate(DATASETS):
        for page in iter_pages(data, name):
            for code, how in enumerate(EXTRACTIONS):
                if code and page.half != "fit":
                    continue  # the held-out half is measured as provaudit extracts it
                for row, label, weight, size in labelled_blocks(page, how):
                    x.append(row)
                    y.append(label)
                    w.append(weight)
                    chars.append(size)
                    group.append(page.site)
                    dataset.append(d)
                    half.append(page.half)
                    extraction.append(code)
    return {
        "x": np.array(x, dtype=float),
        "y": np.array(y),
        "w": np.array(w),
        "chars": np.array(chars),
        "group": np.array(group),
        "dataset": np.array(dataset),
        "half": np.array(half),
        "recall": np.array(extraction),
    }


def rates(
    p: np.ndarray, y: np.ndarray, chars: np.ndarray, ds: np.ndarray, flagged: np.ndarray
) -> list[tuple[float, float]]:
    """Per set: (junk recall, article flagged), counted in characters (strings for eval)."""
    out = []
    for d in range(len(DATASETS)):
        m = ds == d
        junk = m & (y == 1)
        art = m & (y == 0)
        out.append(
            (
                float(chars[junk & flagged].sum() / max(1, chars[junk].sum())),
                float(chars[art & flagged].sum() / max(1, chars[art].sum())),
            )
        )
    return out


def flagged_at(p: np.ndarray, cued: np.ndarray, t: float, t_cue: float) -> np.ndarray:
    return (p >= t) | (cued & (p >= t_cue))


def choose_thresholds(
    p: np.ndarray, y: np.ndarray, chars: np.ndarray, ds: np.ndarray, cued: np.ndarray
) -> tuple[float, float]:
    """The thresholds (any block, a block a cue matched) with the best lower junk recall of
    the two sets whose article share flagged stays within FLAG_BUDGET on both."""
    best_t, best = (0.995, 0.995), -1.0
    grid = np.round(np.arange(0.05, 0.999, 0.005), 3)
    for t in grid:
        for t_cue in CUE_GRID:
            if t_cue > t:
                continue
            r = rates(p, y, chars, ds, flagged_at(p, cued, float(t), t_cue))
            if all(ff <= FLAG_BUDGET for _, ff in r):
                score = min(rec for rec, _ in r)
                if score > best + 1e-12:
                    best_t, best = (float(t), t_cue), score
    return best_t


def export(clf: Any, x: np.ndarray) -> dict[str, Any]:
    """The fitted trees as the JSON the package reads (checked against scikit-learn)."""
    trees = []
    for est in clf.estimators_[:, 0]:
        t = est.tree_
        trees.append(
            {
                "feature": [int(v) if v >= 0 else 0 for v in t.feature],
                "threshold": [float(v) for v in t.threshold],
                "left": [int(v) for v in t.children_left],
                "right": [int(v) for v in t.children_right],
                "value": [float(v) for v in t.value[:, 0, 0]],
            }
        )
    rate = float(clf.learning_rate)
    raw = clf.decision_function(x)
    sums = sum(est.predict(x) for est in clf.estimators_[:, 0])
    init = float(np.median(raw - rate * sums))
    return {"init": init, "rate": rate, "trees": trees}


def main(argv: list[str] | None = None) -> int:
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.model_selection import GroupKFold

    from provaudit.offtopic_model import model_from_json

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data")
    parser.add_argument("--dry-run", action="store_true", help="print, do not write the model")
    parser.add_argument("--cache", help="keep the labelled blocks in this .npz (a rerun reads it)")
    parser.add_argument(
        "--extractions",
        default=",".join(DEFAULT_EXTRACTIONS),
        help="which extractions' blocks to fit on (comma-separated, of EXTRACTIONS)",
    )
    args = parser.parse_args(argv)
    use = [EXTRACTIONS.index(name) for name in args.extractions.split(",")]
    data = shared_data(args.data)
    if data is None:
        print("train_offtopic: no evaluation data (../shared/data or --data)", file=sys.stderr)
        return 2
    if args.cache and Path(args.cache).exists():
        d = dict(np.load(args.cache))
    else:
        d = collect(data)
        if args.cache:
            np.savez(args.cache, **d)
    fit = (d["half"] == "fit") & np.isin(d["recall"], use)
    x, y, w, chars, ds, groups, recall = (
        d["x"][fit],
        d["y"][fit],
        d["w"][fit],
        d["chars"][fit],
        d["dataset"][fit],
        d["group"][fit],
        d["recall"][fit],
    )
    print(
        f"fit half: {len(y)} labelled blocks ({int(y.sum())} junk) from {len(set(groups))} "
        f"sites; {int((recall == 1).sum())} of them from the recall-favouring extraction, "
        f"{int((recall == 2).sum())} from provaudit's read as plain text"
    )
    # The figures count blocks as provaudit extracts them; the recall extraction only trains.
    shipped = recall == 0
    cue_columns = [k for k, name in enumerate(FEATURES) if name.startswith("cue:")]
    cued = x[:, cue_columns].max(axis=1) > 0
    s_ = shipped  # the blocks the figures count

    def model(depth: int) -> Any:
        return GradientBoostingClassifier(
            n_estimators=TREES,
            max_depth=depth,
            learning_rate=RATE,
            subsample=0.8,
            min_samples_leaf=MIN_LEAF,
            random_state=SEED,
        )

    folds = list(GroupKFold(n_splits=FOLDS).split(x, y, groups))
    best: tuple[float, int, np.ndarray] | None = None
    for depth in DEPTHS:
        p = np.zeros(len(y))
        for train, test in folds:
            clf = model(depth).fit(x[train], y[train], sample_weight=w[train])
            p[test] = clf.predict_proba(x[test])[:, 1]
        t, t_cue = choose_thresholds(p[s_], y[s_], chars[s_], ds[s_], cued[s_])
        r = rates(p[s_], y[s_], chars[s_], ds[s_], flagged_at(p[s_], cued[s_], t, t_cue))
        score = min(rec for rec, _ in r)
        print(
            f"depth {depth}: cross-validated ({FOLDS} folds grouped by site) at thresholds "
            f"{t:.3f} (cued blocks {t_cue:.2f}): "
            + "; ".join(
                f"{name} junk recall {rec:.3f}, article flagged {ff:.4f}"
                for name, (rec, ff) in zip(DATASETS, r, strict=True)
            )
        )
        if best is None or score > best[0]:
            best = (score, depth, p)
    assert best is not None
    _, depth, p = best
    threshold, cue_threshold = choose_thresholds(p[s_], y[s_], chars[s_], ds[s_], cued[s_])
    clf = model(depth).fit(x, y, sample_weight=w)
    exported = export(clf, x)
    shipped_model = model_from_json(
        {
            "features": list(FEATURES),
            "threshold": threshold,
            "cue_threshold": cue_threshold,
            **exported,
        }
    )
    check = np.array([shipped_model.score(list(row)) for row in x[:500]])
    assert np.allclose(check, clf.predict_proba(x[:500])[:, 1], atol=1e-9), "export differs"
    held = d["half"] == "heldout"
    ph = clf.predict_proba(d["x"][held])[:, 1]
    cued_h = d["x"][held][:, cue_columns].max(axis=1) > 0
    flagged_h = flagged_at(ph, cued_h, threshold, cue_threshold)
    rh = rates(ph, d["y"][held], d["chars"][held], d["dataset"][held], flagged_h)
    print(
        f"chosen depth {depth}, thresholds {threshold:.3f} (cued blocks {cue_threshold:.2f}); "
        "held-out half, per block (the page "
        "figures are bench/boilerplate_real.py's): "
        + "; ".join(
            f"{name} junk recall {rec:.3f}, article flagged {ff:.4f}"
            for name, (rec, ff) in zip(DATASETS, rh, strict=True)
        )
    )
    order = np.argsort(-clf.feature_importances_)
    print("most used features (impurity importance):")
    for k in order[:12]:
        print(f"  {FEATURES[k]:34} {clf.feature_importances_[k]:.3f}")
    out = {
        "features": list(FEATURES),
        "threshold": threshold,
        "cue_threshold": cue_threshold,
        "about": {
            "fit": f"gradient-boosted trees (scikit-learn GradientBoostingClassifier, "
            f"{TREES} trees of depth {depth}, rate {RATE}, seed {SEED})",
            "data": "trafilatura-eval and extraction-benchmark, fit half of the sites "
            "(bench/boilerplate_real.py half_of, seed 2026), as provaudit extracts them and "
            "as a recall-favouring extraction does",
            "blocks": len(y),
            "junk_blocks": int(y.sum()),
            "command": "python bench/train_offtopic.py",
        },
        **exported,
    }
    if args.dry_run:
        return 0
    MODEL_PATH.write_text(json.dumps(out, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
