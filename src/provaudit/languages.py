"""Mixed-language passages: the document's main language and every passage in another one.

Placeholder until the mixed-language issue lands: reports no passages and no main language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import Document, Span


@dataclass(frozen=True, slots=True)
class LanguagePassage:
    """A passage in a language other than the document's main one.

    ``kind``: ``fragment`` (embedded inside a sentence), ``line`` (a standalone short line,
    typically site chrome) or ``sentence`` (one or more whole sentences).
    """

    span: Span
    lang: str
    script: str
    confidence: float
    kind: str

    def to_json(self) -> dict[str, Any]:
        return {
            **self.span.to_json(),
            "lang": self.lang,
            "script": self.script,
            "confidence": self.confidence,
            "kind": self.kind,
        }


@dataclass(frozen=True, slots=True)
class LanguageAnalysis:
    main_language: str | None
    passages: tuple[LanguagePassage, ...]

    def to_json(self) -> dict[str, Any]:
        return {"passages": [p.to_json() for p in self.passages]}


def analyse_languages(doc: Document) -> LanguageAnalysis:
    """The main language of ``doc`` and its passages in other languages."""
    return LanguageAnalysis(main_language=None, passages=())
