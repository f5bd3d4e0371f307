"""bench/train_offtopic.py's measuring code that runs without the training extras: the
context a ``--stacked`` second pass reads around each block."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from provaudit.offtopic_model import FEATURES


@pytest.fixture(scope="module")
def train() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "bench" / "train_offtopic.py"
    spec = importlib.util.spec_from_file_location("train_offtopic", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(words: list[int], ends: list[bool], inside: list[bool]) -> np.ndarray:
    x = np.zeros((len(words), len(FEATURES)))
    x[:, FEATURES.index("log_words")] = [math.log1p(n) for n in words]
    x[:, FEATURES.index("ends_sentence")] = ends
    x[:, FEATURES.index("inside_main")] = inside
    return x


def test_context_reads_the_neighbours_of_a_block_within_its_own_text(train: ModuleType) -> None:
    """Two texts side by side: each block's context is its neighbours' scores (not its own,
    not the other text's), the run of high scores beside it, whether long prose follows and
    its distance to the last block inside the article's element."""
    # Text 0: a teaser run after the article (blocks 2-4 score high); text 1: no page.
    p = np.array([0.1, 0.2, 0.9, 0.8, 0.7, 0.95, 0.1])
    doc = np.array([0, 0, 0, 0, 0, 1, 1])
    x = _rows(
        words=[30, 4, 5, 25, 5, 3, 20],
        ends=[True, False, False, False, False, False, True],
        inside=[True, True, False, False, False, False, False],
    )
    ctx = train.context_rows(x, p, doc)
    col = {name: k for k, name in enumerate(train.CONTEXT)}
    assert ctx.shape == (7, len(train.CONTEXT))
    # The previous and next block's scores; none across the end of a text.
    assert ctx[:, col["prev_score"]].tolist() == [0.0, 0.1, 0.2, 0.9, 0.8, 0.0, 0.95]
    assert ctx[:, col["next_score"]].tolist() == [0.2, 0.9, 0.8, 0.7, 0.0, 0.1, 0.0]
    # The window leaves the block itself out: block 2 (0.9) sees 0.1, 0.2, 0.8, 0.7.
    assert ctx[2, col["window_max"]] == pytest.approx(0.8)
    assert ctx[2, col["window_mean"]] == pytest.approx((0.1 + 0.2 + 0.8 + 0.7) / 4)
    # Block 1 sits before a run of three high scores; block 3 between two of them.
    runs = [round(math.expm1(v)) for v in ctx[:, col["furniture_run"]]]
    assert runs == [0, 3, 2, 2, 2, 0, 1]
    # Long prose follows block 5 only (block 0's next block is a four-word label, block 2's
    # has 25 words but does not end like a sentence).
    assert ctx[:, col["next_prose"]].tolist() == [0, 0, 0, 0, 0, 1, 0]
    # Blocks to the last block inside the article's element (1): before it positive, after it
    # negative; 0 for a text without one.
    assert ctx[:, col["to_main_end"]].tolist() == [1, 0, -1, -2, -3, 0, 0]


def test_context_distance_to_the_article_end_is_clipped(train: ModuleType) -> None:
    n = train.MAIN_END_CLIP + 5
    x = _rows([5] * n, [False] * n, [True] + [False] * (n - 1))
    ctx = train.context_rows(x, np.zeros(n), np.zeros(n, dtype=int))
    distance = ctx[:, train.CONTEXT.index("to_main_end")]
    assert distance.min() == -train.MAIN_END_CLIP
    assert distance[:3].tolist() == [0, -1, -2]
