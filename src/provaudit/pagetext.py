"""How much of a page the extraction kept: the words a reader sees on an HTML page, against
the words extracted from it. An extraction far shorter than the page's visible text (24 words
of a photo caption out of a 900-word article page) is most likely a failed one, and the
report says so in the source's warnings rather than auditing the caption as if it were the
article.
"""

from __future__ import annotations

from typing import Any

# Elements whose text a browser does not show.
HIDDEN = ("script", "style", "noscript", "template", "svg", "head", "title")
_VISIBLE_TEXT = ".//text()[not(" + " or ".join(f"ancestor::{tag}" for tag in HIDDEN) + ")]"

# An extraction keeping less than this share of the page's visible words gets a warning.
# Chosen on the extraction benchmark's tune half (python bench/extraction_share.py; pages split
# by a hash of their id): the human-marked article bodies hold at least 7.6% of their pages'
# visible words on every page of that half, so 5% is below anything a correct extraction gave
# there. Held-out half: 1 false alarm in 90 good extractions (a 68-word item on a 1,941-word
# page), 1 of 3 failed extractions caught (24 words of a 640-word page; the other two kept
# 500-600 words), a caption-only extraction (24 words) caught on 86 of 93 pages.
SHORT_EXTRACTION_SHARE = 0.05
# Pages with fewer visible words than this are too small to judge (an empty shell, a stub).
MIN_PAGE_WORDS = 200
# Counting a page's visible words costs about 5 ms (4-10% of extracting a page), so it is
# done only for extractions under this many words: 5% of 5,000 visible words, more than all
# but one page of the benchmark show (tune half at most 4,421, held-out 8,443); 32 of its
# 181 extractions are this short.
MAX_JUDGED_WORDS = 250


def visible_words(tree: Any) -> int:
    """Whitespace-separated words of the text a browser shows in the parsed page ``tree``
    (an lxml element): everything in ``<body>`` but scripts, styles and templates."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    return sum(len(str(t).split()) for t in root.xpath(_VISIBLE_TEXT))


def page_words_to_judge(tree: Any, extracted_words: int) -> int | None:
    """The page's visible words when an extraction of ``extracted_words`` could be judged
    short (see MAX_JUDGED_WORDS), else None (not counted)."""
    return visible_words(tree) if extracted_words < MAX_JUDGED_WORDS else None


def short_extraction_warning(extracted_words: int, page_words: int | None) -> str | None:
    """The warning for an extraction far shorter than its page, or None."""
    if page_words is None or page_words < MIN_PAGE_WORDS:
        return None
    if extracted_words >= SHORT_EXTRACTION_SHARE * page_words:
        return None
    return (
        f"the extracted text ({extracted_words:,} words) is {extracted_words / page_words:.1%} "
        f"of the page's visible text ({page_words:,} words): the article may not have been "
        "found (check the page, or ingest its text)"
    )
