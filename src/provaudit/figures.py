"""Figures (money, percentages, counts, dates) normalised to a value and a unit, and
cross-source checks of figures stated about the same thing.

Placeholder until the quotes-and-figures issue lands: finds nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .model import Document, Span


@dataclass(frozen=True, slots=True)
class Figure:
    """A stated quantity: ``value`` in ``unit`` (e.g. 3e10 ``USD``); ``kind`` money/percent/..."""

    span: Span
    value: float
    unit: str | None
    kind: str

    def to_json(self) -> dict[str, Any]:
        return {**self.span.to_json(), "value": self.value, "unit": self.unit, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class FigureCheck:
    """Figures several sources state about the same thing, and whether they agree."""

    id: str
    agree: bool
    members: tuple[dict[str, Any], ...]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "agree": self.agree, "members": list(self.members)}


def extract_figures(doc: Document) -> tuple[Figure, ...]:
    """Every figure stated in ``doc``, in text order."""
    return ()


def check_figures(
    figures: Sequence[tuple[str, Document, Sequence[Figure]]],
) -> tuple[FigureCheck, ...]:
    """Group figures that several sources state about the same thing; say whether they agree."""
    return ()
