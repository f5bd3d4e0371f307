"""How short an extraction must be, against its page's visible text, to say it failed.

On the extraction benchmark (181 real pages with human-marked article bodies), for each page:
the words a browser shows (:func:`provaudit.pagetext.visible_words`), the words of the marked
article, the words provaudit extracts (:func:`provaudit.normalise.normalise_html`), and the
share of the marked article the extraction reproduces (recall, in order). Pages are split in
two halves by a hash of their id: the *tune* half chooses the threshold, the *held-out* half
reports it.

- gold share: article words / visible words. A correct extraction has about this share, so
  the threshold must sit below the smallest gold share seen (tune half).
- caught: simulated failed extractions (the first 24 words of the article, as a caption-only
  extraction gives) flagged at the threshold; false alarms: provaudit's real extractions with
  recall >= 0.5 flagged.

    python bench/extraction_share.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from provaudit.errors import ProvauditError
from provaudit.evaluation import shared_data_path
from provaudit.evaluation.offtopic import gold_words_matched, half_of, load_pages
from provaudit.normalise import normalise_html
from provaudit.pagetext import MIN_PAGE_WORDS, SHORT_EXTRACTION_SHARE, visible_words

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "extraction-share.json"
CAPTION_WORDS = 24  # the example: an extraction that kept a 24-word caption
_WORD = re.compile(r"\w+")


def measure(data: Path) -> list[dict[str, Any]]:
    from trafilatura.utils import load_html

    rows = []
    for page in load_pages(data):
        tree = load_html(page.html)
        if tree is None:
            continue
        page_words = visible_words(tree)
        try:
            text = normalise_html(page.html).text
        except ProvauditError:
            text = ""
        gold_words = len(page.gold.split())
        recall = gold_words_matched(page.gold, text) / max(1, len(_WORD.findall(page.gold)))
        rows.append(
            {
                "id": page.id,
                "half": half_of(page.id),
                "page_words": page_words,
                "gold_words": gold_words,
                "extracted_words": len(text.split()),
                "recall": round(recall, 4),
            }
        )
    return rows


def summarise(rows: list[dict[str, Any]], half: str, threshold: float) -> dict[str, Any]:
    judged = [r for r in rows if r["half"] == half and r["page_words"] >= MIN_PAGE_WORDS]
    gold_shares = sorted(r["gold_words"] / r["page_words"] for r in judged)
    good = [r for r in judged if r["recall"] >= 0.5]
    bad = [r for r in judged if r["recall"] < 0.5]

    def flagged(words: int, page: int) -> bool:
        return words < threshold * page

    return {
        "pages": len(judged),
        "gold_share_min": round(gold_shares[0], 4),
        "gold_share_p05": round(gold_shares[len(gold_shares) // 20], 4),
        "gold_share_median": round(gold_shares[len(gold_shares) // 2], 4),
        "real_extractions_recall_ge_0.5": len(good),
        "false_alarms": sum(flagged(r["extracted_words"], r["page_words"]) for r in good),
        "real_extractions_recall_lt_0.5": len(bad),
        "real_failures_flagged": sum(flagged(r["extracted_words"], r["page_words"]) for r in bad),
        "caption_only_flagged": sum(
            flagged(min(CAPTION_WORDS, r["gold_words"]), r["page_words"]) for r in judged
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = shared_data_path()
    parser.add_argument("--data", type=Path, default=default)
    args = parser.parse_args(argv)
    if not (args.data / "extraction-benchmark").is_dir():
        print(f"no extraction benchmark under {args.data}", file=sys.stderr)
        return 2
    rows = measure(args.data)
    tune = [r for r in rows if r["half"] == "tune" and r["page_words"] >= MIN_PAGE_WORDS]
    smallest = min(r["gold_words"] / r["page_words"] for r in tune)
    result = {
        "threshold": SHORT_EXTRACTION_SHARE,
        "smallest_gold_share_tune": round(smallest, 4),
        "tune": summarise(rows, "tune", SHORT_EXTRACTION_SHARE),
        "heldout": summarise(rows, "heldout", SHORT_EXTRACTION_SHARE),
        "pages": rows,
    }
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "pages"}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
