"""bench/train_offtopic.py's measuring code that runs without the training extras: the
context a ``--stacked`` second pass reads around each block, and the stop-word shares and
jusText values ``--prose`` adds (jusText comes with trafilatura today and is in the ``train``
extra; the tests that call it skip where it is absent)."""

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


def test_stoplists_are_jusTexts_by_provaudits_language_codes(train: ModuleType) -> None:
    pytest.importorskip("justext")
    english = train.stoplist("en")
    assert english is not None
    assert {"the", "and", "of"} <= english
    assert "article" not in english
    german = train.stoplist("de")
    assert german is not None
    assert {"der", "und"} <= german
    # No stoplist: a language jusText lacks, an unknown language, none decided.
    assert train.stoplist("zh") is None
    assert train.stoplist(None) is None


def test_prose_share_counts_stoplist_words_per_block_and_over_the_text(
    train: ModuleType,
) -> None:
    stops = frozenset({"the", "and", "of", "a"})
    texts = ["The cat and the dog.", "Read more", "—", "A tale of OF cities"]
    rows = train.prose_rows(texts, stops)
    share = rows[:, train.PROSE.index("stop_share")]
    # Lower-cased \w+ words: 3 of 5, 0 of 2, no words (missing), 3 of 5 ("OF" is "of").
    assert share.tolist() == [pytest.approx(3 / 5), 0.0, train.MISSING, pytest.approx(3 / 5)]
    # The text's share: every block's words together (6 of 12), the same for each block.
    page = rows[:, train.PROSE.index("page_stop_share")]
    assert page.tolist() == pytest.approx([6 / 12] * 4)
    # Without a stoplist nothing is known.
    assert (train.prose_rows(texts, None) == train.MISSING).all()


def _values(k: int) -> tuple[float, ...]:
    return tuple(float(k) for _ in range(5))


def test_justext_values_go_to_the_block_whose_characters_the_paragraph_holds(
    train: ModuleType,
) -> None:
    paragraphs = [
        ("Home News Sport", _values(0)),
        ("The council met on Tuesday to   discuss the budget.", _values(3)),
        ("Share this", _values(1)),
        ("Home", _values(2)),
    ]
    texts = [
        # A block holding the first paragraph as two lines.
        "Home News\nSport",
        # White space differs; most of the block is in paragraph 1, a little in paragraph 2.
        "The council met on Tuesday to discuss the budget. Share",
        # Nowhere in the paragraphs: missing.
        "Subscribe to our newsletter",
        # Found twice: after where the previous block was found (paragraph 3), not the first.
        "Home",
        # Half or more not found: missing.
        "Share this\nand something the page did not have",
    ]
    rows = train.justext_rows(paragraphs, texts)
    assert rows.shape == (5, len(train.JUSTEXT))
    assert rows[:, 0].tolist() == [0.0, 3.0, train.MISSING, 2.0, train.MISSING]


def test_justext_paragraphs_classify_a_page(train: ModuleType) -> None:
    pytest.importorskip("justext")
    prose = (
        "The council met on Tuesday to discuss the budget for the next year, and it was "
        "agreed that the money for the schools would be raised by a small amount after "
        "a long debate in which many of the members spoke about the needs of their towns."
    )
    html = (
        "<html><body><ul><li><a href='/'>Home</a></li><li><a href='/n'>News</a></li></ul>"
        f"<p>{prose}</p><p>Then the mayor spoke.</p><p>{prose} Again.</p>"
        "<p><a href='/s'>Share this on Facebook</a></p></body></html>"
    )
    stops = train.stoplist("en")
    found = dict(train.justext_paragraphs(html, stops))
    good, bad = train.JT_CLASSES.index("good"), train.JT_CLASSES.index("bad")
    links = train.JUSTEXT.index("jt_links")
    assert found[prose][0] == good
    # A short line between prose: "short" alone (jt_cf_class), revised to good by its
    # neighbours (jt_class).
    between = found["Then the mayor spoke."]
    assert between[train.JUSTEXT.index("jt_cf_class")] == train.JT_CLASSES.index("short")
    assert between[train.JUSTEXT.index("jt_class")] == good
    assert found[prose][links] == 0.0
    assert found["Share this on Facebook"][0] == bad
    assert found["Share this on Facebook"][links] == 1.0
    assert found["Home"][0] == bad
