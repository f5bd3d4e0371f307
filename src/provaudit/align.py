"""Cross-source relation: quote clusters with word diffs, and reused passages.

Placeholder until the quotes issue lands: relates nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .model import Document
from .quotes import Quote


@dataclass(frozen=True, slots=True)
class Relations:
    quote_clusters: tuple[dict[str, Any], ...]
    reused_passages: tuple[dict[str, Any], ...]


def relate(sources: Sequence[tuple[str, Document, Sequence[Quote]]]) -> Relations:
    """Cluster the same quotation across sources and find passages reused between them."""
    return Relations(quote_clusters=(), reused_passages=())
