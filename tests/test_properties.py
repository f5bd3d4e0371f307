"""Invariants over arbitrary Unicode: the whole pipeline never raises on text, every span slices
its source's text exactly, and every report validates against its schema."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provaudit import schemas
from provaudit.analyse import map_source, relate
from provaudit.corpus import Decoded, Source, SourceRecord
from provaudit.errors import EmptySourceError
from provaudit.normalise import normalise_text
from provaudit.render.common import span_covers
from provaudit.report import build_report

# Letters and marks of several scripts, RTL text, astral characters (emoji, CJK extension B,
# mathematical letters), combining marks, quote marks, digits and currency, and line breaks.
_ALPHABETS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґАБВГҐДЕЄ",
    "的一是不了人我在有他这为之大来以个中上们亿万",
    "ひらがなカタカナ한국어",
    "\u0627\u0644\u0633\u0644\u0627\u0645\u05e9\u05dc\u05d5\u05dd\u200f\u200e",
    "\U0001f600\U00020000\U0001d400\U0001f1fa\U0001f1e6",
    "\u0301\u0308\u0327\u20dd\u200d",
    "\"'“”‘’«»„‚「」『』‹›",
    "0123456789$€£¥%.,;:!?-—–()[]… ",
    "\n\n\r\t",
)
_text = st.text(
    alphabet=st.sampled_from("".join(_ALPHABETS)) | st.characters(exclude_categories=["Cs"]),
    min_size=1,
    max_size=600,
)


def _spans(node: Any) -> list[dict[str, Any]]:
    """Every object with start, end and text below ``node``."""
    found = []
    if isinstance(node, dict):
        if {"start", "end", "text"} <= node.keys() and isinstance(node["text"], str):
            found.append(node)
        for value in node.values():
            found.extend(_spans(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_spans(value))
    return found


def _source(sid: str, text: str) -> Source:
    record = SourceRecord(id=sid, path=f"{sid}.txt", sha256="0" * 64, media_type="text/plain")
    return Source(record, Decoded(text, "utf-8"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_text, _text)
def test_pipeline_spans_and_schema_hold_on_arbitrary_text(first: str, second: str) -> None:
    results = []
    for sid, raw in (("a", first), ("b", first + "\n" + second)):
        try:
            results.append(map_source(_source(sid, raw), include_text=True))
        except EmptySourceError:
            assert not normalise_text(raw).text  # refused only when nothing is left
    texts = {r.id: r.report["text"] for r in results}
    for result in results:
        text = result.report["text"]
        assert normalise_text(text).text == text  # normalising twice changes nothing
        sources = _spans({k: v for k, v in result.report.items() if k not in ("text",)})
        for span in sources:
            assert span_covers(text, span), span
    report = build_report([r.report for r in results], relate(results, texts.__getitem__))
    assert schemas.errors("corpus-report", report) == []
    for relation in report["quote_clusters"] + report["reused_passages"]:
        for member in relation.get("members", []) + [
            relation[k] for k in ("a", "b") if k in relation
        ]:
            assert span_covers(texts[member["source"]], member), member


def test_a_source_audited_alone_skips_its_join_features_and_reports_the_same() -> None:
    text = 'The mayor said: "the harbour will stay open for the fleet," on Monday. It cost $30 billion.'
    full = map_source(_source("a", text), include_text=True)
    alone = map_source(_source("a", text), include_text=True, related=False)
    assert alone.report == full.report
    assert full.features.quotes
    assert full.figures.figures
    assert not alone.features.shingles
    assert not alone.features.quotes
    assert not alone.figures.figures
