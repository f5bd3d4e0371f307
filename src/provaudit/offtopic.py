"""Boilerplate, extraction residue and off-topic trailing content, flagged with evidence.

Placeholder until the off-topic issue lands: flags nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .model import Document, Span


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """A span of page chrome or extraction residue; ``kind`` names which."""

    span: Span
    kind: str
    evidence: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {**self.span.to_json(), "kind": self.kind}
        if self.evidence is not None:
            out["evidence"] = self.evidence
        return out


@dataclass(frozen=True, slots=True)
class OfftopicTail:
    """Where content unrelated to the article starts, to the end of the text."""

    span: Span
    reason: str
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {**self.span.to_json(), "reason": self.reason, "evidence": self.evidence}


@dataclass(frozen=True, slots=True)
class OfftopicAnalysis:
    boilerplate: tuple[Boilerplate, ...]
    tail: OfftopicTail | None


def analyse_offtopic(doc: Document) -> OfftopicAnalysis:
    """Boilerplate spans and the off-topic tail of ``doc``."""
    return OfftopicAnalysis(boilerplate=(), tail=None)
