"""Realistic reports for rendering tests, made from the fixture sources in tests/data/render/.

The fixtures go through the real pipeline (ingest, normalise, provenance, boilerplate and
off-topic tail); findings of the detectors that are still placeholders here (languages,
quotes, figures, clusters, reused passages, figure checks) are then added by locating their
words in the normalised text, so every span truly slices the text. The result is checked
against the schema and the span invariant, as `provaudit report` checks its own.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from provaudit.audit import Options, corpus_report
from provaudit.corpus import ingest
from provaudit.report import check_report
from provaudit.text import text_diff

RENDER_DATA = Path(__file__).resolve().parent / "data" / "render"

# (file, outlet, published) in corpus order. The third source's outlet carries markup.
FIXTURES = (
    ("alpha.txt", "Alpha News", "2026-04-14"),
    ("beta.txt", "Beta Daily", None),
    ("gamma.txt", "Gamma <i>Times</i>", None),
)
INJECTED_URL = "javascript:alert(3)"
# Fields the figure contract requires besides span and value.
EXACT = {"bound": "exact"}
MONEY = {"kind": "money", "bound": "exact"}
PERCENT = {"unit": "percent", "kind": "percent", "bound": "exact"}


def make_corpus(root: Path) -> Path:
    """A corpus of the three fixture sources under ``root``."""
    for name, outlet, published in FIXTURES:
        data = (RENDER_DATA / name).read_bytes()
        ingest(root, data, name, outlet=outlet, published=published)
    return root


def _span(text: str, needle: str, after: int = 0) -> dict[str, Any]:
    start = text.index(needle, after)
    return {"start": start, "end": start + len(needle), "text": needle}


def realistic_report(root: Path) -> dict[str, Any]:
    """The corpus report of the fixtures, with findings in every layer."""
    report = copy.deepcopy(corpus_report(make_corpus(root), Options()))
    alpha, beta, gamma = report["sources"]  # in FIXTURES order
    at, bt, gt = alpha["text"], beta["text"], gamma["text"]

    alpha["main_language"] = "en"
    alpha["languages"]["passages"] = [
        {
            **_span(at, "Опубліковано о"),
            "lang": "uk",
            "script": "Cyrillic",
            "confidence": 0.99,
            "kind": "line",
        },
        {
            **_span(at, "这是一个重要的信号"),
            "lang": "zh",
            "script": "Han",
            "confidence": 0.97,
            "kind": "fragment",
        },
    ]
    # Boilerplate and the off-topic tail come from the real detector.
    # (the model also flags the two briefs under "Related news" as page chrome).
    assert [b["kind"] for b in alpha["boilerplate"]] == [
        "glued-chrome",
        "related-links",
        "page-chrome",
        "page-chrome",
    ]
    assert alpha["offtopic_tail"]["text"].startswith("Related news")
    a_q1 = _span(at, "cut costs by 20 percent this year")
    a_q2 = _span(at, "the market is as competitive as I have ever seen it")
    alpha["quotes"] = [
        {"id": "q1", **a_q1, "kind": "quotation", "speaker": None},
        {"id": "q2", **a_q2, "kind": "quotation", "speaker": "Jane Roe"},
    ]
    a_fig = _span(at, "$30 billion")
    alpha["figures"] = [
        {**_span(at, "20 percent"), "value": 20.0, "unit": "percent", "kind": "percent", **EXACT},
        {**a_fig, "value": 3e10, "unit": "USD", "kind": "money", **EXACT},
        {**_span(at, "5%"), "value": 5.0, "unit": "percent", "kind": "percent", **EXACT},
    ]

    beta["main_language"] = "en"
    b_q1 = _span(bt, "cut costs by 25 percent this year")
    b_q2 = _span(bt, "the market is as competitive as I have seen it")
    b_unquoted = _span(bt, "The market is as competitive as I have ever seen it")
    beta["quotes"] = [
        {"id": "q1", **b_q1, "kind": "quotation", "speaker": None},
        {"id": "q2", **b_q2, "kind": "quotation", "speaker": "Roe"},
    ]
    b_fig = _span(bt, "$30 billion")
    beta["figures"] = [
        {**_span(bt, "25 percent"), "value": 25.0, "unit": "percent", "kind": "percent", **EXACT},
        {**b_fig, "value": 3e10, "unit": "USD", "kind": "money", **EXACT},
    ]

    g_q = _span(gt, "<script>alert(2)</script> the market is as competitive as I have ever seen it")
    gamma["quotes"] = [{"id": "q1", **g_q, "kind": "quotation", "speaker": None}]
    gamma["boilerplate"] = [
        {**_span(gt, "<script>alert(1)</script>"), "kind": "residue", "evidence": "<b>markup</b>"}
    ]
    gamma["url"] = INJECTED_URL
    gamma["title"] = '<img src=x onerror="document.title=1">Test'

    ids = {k: s["id"] for k, s in (("a", alpha), ("b", beta), ("g", gamma))}
    c1 = [
        {"source": ids["a"], "quote": "q2", **a_q2, "verdict": "exact", "similarity": 1.0},
        {"source": ids["b"], "quote": "q2", **b_q2, "verdict": "fragment", "similarity": 0.9524},
        {"source": ids["b"], "quote": None, **b_unquoted, "verdict": "minor", "similarity": 1.0},
        {"source": ids["g"], "quote": "q1", **g_q, "verdict": "fragment", "similarity": 0.8148},
    ]
    c2 = [
        {"source": ids["a"], "quote": "q1", **a_q1, "verdict": "exact", "similarity": 1.0},
        {"source": ids["b"], "quote": "q1", **b_q1, "verdict": "variant", "similarity": 0.8571},
    ]
    report["quote_clusters"] = [
        {
            "id": "c1",
            "verdict": "variant",
            "similarity": 0.81,
            "canonical": 0,
            "members": c1,
            "diff_between": [0, 3],
            "diff": [list(d) for d in text_diff(c1[0]["text"], c1[3]["text"])],
        },
        {
            "id": "c2",
            "verdict": "minor",
            "similarity": 0.92,
            "canonical": 0,
            "members": c2,
            "diff_between": [0, 1],
            "diff": [list(d) for d in text_diff(c2[0]["text"], c2[1]["text"])],
        },
    ]
    report["reused_passages"] = [
        {
            "a": {
                "source": ids["a"],
                **_span(at, "the market is as competitive as I have ever seen it"),
            },
            "b": {"source": ids["b"], **b_unquoted},
            "words": 11,
            "coverage": {"a": 0.08, "b": 0.09},
        },
    ]
    report["figure_checks"] = [
        {
            "id": "f1",
            "agree": True,
            "kind": "money",
            "unit": "USD",
            "values": [3e10],
            "about": "revenue",
            "context": ["revenue"],
            "members": [
                {"source": ids["a"], **a_fig, "value": 3e10, "unit": "USD", **MONEY},
                {"source": ids["b"], **b_fig, "value": 3e10, "unit": "USD", **MONEY},
            ],
        },
        {
            "id": "f2",
            "agree": False,
            "kind": "percent",
            "unit": "percent",
            "values": [20.0, 25.0],
            "about": "cost cut",
            "context": ["cost", "cut"],
            "members": [
                {"source": ids["a"], **_span(at, "20 percent"), "value": 20.0, **PERCENT},
                {"source": ids["b"], **_span(bt, "25 percent"), "value": 25.0, **PERCENT},
            ],
        },
    ]
    check_report(report)
    return report


def counts_of(report: dict[str, Any]) -> dict[str, dict[str, int]]:
    """What every rendering must agree on, per source, straight from the JSON."""
    return {
        s["id"]: {
            "languages": len(s["languages"]["passages"]),
            "boilerplate": len(s["boilerplate"]),
            "offtopic_tail": 1 if s["offtopic_tail"] else 0,
            "quotes": len(s["quotes"]),
            "figures": len(s["figures"]),
            "attributions": len(s["attributions"]),
            "disclosures": len(s["disclosures"]),
        }
        for s in report["sources"]
    }
