"""Quotations: spans between quote marks, with their kind and speaker.

Placeholder until the quotes issue lands: extracts nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import Document, Span


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted passage; ``span`` covers the words inside the marks.

    ``kind``: ``quotation``, ``term`` (a short scare-quoted word) or ``title``.
    ``id`` is unique inside its source (``q1``, ``q2``, ... in text order).
    """

    id: str
    span: Span
    kind: str
    speaker: str | None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, **self.span.to_json(), "kind": self.kind, "speaker": self.speaker}


def extract_quotes(doc: Document) -> tuple[Quote, ...]:
    """Every quotation in ``doc``, in text order."""
    return ()
