"""Attribution (who obtained the primary document, who cites whom) and self-declarations
(machine-written, generated forecasts, sponsored or self-promotional text).

Placeholder until the provenance issue lands: finds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .model import Document, Span


@dataclass(frozen=True, slots=True)
class Attribution:
    """An outlet named as having obtained, published or reported something."""

    span: Span
    outlet: str
    role: str
    evidence: str

    def to_json(self) -> dict[str, Any]:
        return {
            **self.span.to_json(),
            "outlet": self.outlet,
            "role": self.role,
            "evidence": self.evidence,
        }


@dataclass(frozen=True, slots=True)
class Disclosure:
    """A source's statement about how it was made (machine-written, sponsored, ...)."""

    span: Span
    kind: str
    evidence: str
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {**self.span.to_json(), "kind": self.kind, "evidence": self.evidence}


@dataclass(frozen=True, slots=True)
class ProvenanceAnalysis:
    attributions: tuple[Attribution, ...]
    disclosures: tuple[Disclosure, ...]


def analyse_provenance(doc: Document) -> ProvenanceAnalysis:
    """Attributions and disclosures stated in ``doc``."""
    return ProvenanceAnalysis(attributions=(), disclosures=())
