"""Does a boilerplate model fit on other people's labels see what provaudit's misses?

boilerpipe's ArticleExtractor (the ``boilerpy3`` port; its decision rules were learnt on
L3S-GN1, labelled news pages that are not in ``../shared/data``) classifies a page's text
blocks as content or boilerplate. For the labelled blocks of the FIT half's pages (labels as
``bench/train_offtopic.py`` gives them), this prints boilerpipe's verdict split by whether
provaudit's shipped model flags the block. The shipped model is scored in-sample here (it was
fit on these pages), which flatters it; the question is only whether boilerpipe separates
the junk provaudit misses from the article text it keeps (if it calls both "boilerplate" at
the same rate, it adds nothing a 1% false-flag budget could use). It also prints boilerpipe's
time a page. The held-out half is not read. Not a dependency of provaudit:

    pip install boilerpy3 && python bench/boilerpipe_fit.py [--data PATH]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from provaudit.evaluation import shared_data  # noqa: E402
from provaudit.evaluation.boilerplate import DATASETS, iter_pages, source_of  # noqa: E402
from provaudit.offtopic_model import FEATURES, Model, load_model  # noqa: E402
from train_offtopic import page_block_rows  # noqa: E402  (the labels train_offtopic fits on)

VERDICTS = ("boilerplate", "content", "not found")
CUE_COLUMNS = [k for k, name in enumerate(FEATURES) if name.startswith("cue:")]


def _squashed(text: str) -> str:
    return "".join(text.split())


def verdict(text: str, blocks: list[tuple[str, bool]]) -> str:
    """boilerpipe's verdict on a block: that of the first of its blocks holding all of the
    block's text (white space aside)."""
    wanted = _squashed(text)
    for block, content in blocks:
        if wanted and wanted in block:
            return "content" if content else "boilerplate"
    return "not found"


def flagged(model: Model, row: list[float]) -> bool:
    """The model's decision on a block's row, as provaudit.offtopic makes it (a cue list
    matched the block when its row has a cue feature set)."""
    return model.flags(model.score(row), cued=any(row[k] > 0 for k in CUE_COLUMNS))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data")
    args = parser.parse_args(argv)
    try:
        from boilerpy3 import extractors
    except ImportError:
        print("boilerpipe_fit: needs boilerpy3 (pip install boilerpy3)", file=sys.stderr)
        return 2
    data = shared_data(args.data)
    if data is None:
        print("boilerpipe_fit: no evaluation data (../shared/data or --data)", file=sys.stderr)
        return 2
    model = load_model()
    for dataset in DATASETS:
        # (label, flagged by provaudit, boilerpipe's verdict) -> strings, or characters
        counts: Counter[tuple[int, bool, str]] = Counter()
        seconds = 0.0
        pages = 0
        for page in iter_pages(data, dataset):
            if page.half != "fit":
                continue
            rows = page_block_rows(page)
            if not rows:
                continue
            started = time.perf_counter()
            try:
                doc = extractors.ArticleExtractor(raise_on_failure=False).get_doc(
                    source_of(page).decoded.text
                )
                blocks = [(_squashed(b.text), bool(b.is_content)) for b in doc.text_blocks]
            except Exception:  # boilerpipe's own failures: every block "not found"
                blocks = []
            seconds += time.perf_counter() - started
            pages += 1
            for row, label, _, chars, text in rows:
                if label is not None:
                    counts[label, flagged(model, row), verdict(text, blocks)] += chars
        unit = "strings" if dataset == "trafilatura-eval" else "characters"
        print(
            f"{dataset}: boilerpipe {1000 * seconds / max(1, pages):.1f} ms a page, {pages} pages"
        )
        for label, name in ((1, "junk"), (0, "article")):
            for by_us in (True, False):
                total = sum(counts[label, by_us, v] for v in VERDICTS)
                shares = ", ".join(
                    f"{v} {counts[label, by_us, v]} ({counts[label, by_us, v] / max(1, total):.1%})"
                    for v in VERDICTS
                )
                said = "flagged" if by_us else "not flagged"
                print(f"  {name} {said} by provaudit: {total} {unit}; boilerpipe: {shares}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
