"""Typed values that flow between pipeline stages.

Every finding anywhere in provaudit locates itself with a :class:`Span` over the
*normalised* text of one :class:`Document`; ``doc.text[span.start:span.end] == span.text``
always holds (``Span.of`` is the only sanctioned way to build one from a text).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of a text, with the text it covers."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span ``text[start:end]``; raises ValueError when the range is not inside text."""
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"span [{start}, {end}) outside a text of {len(text)} characters")
        return cls(start, end, text[start:end])

    def __len__(self) -> int:
        return self.end - self.start

    def to_json(self) -> dict[str, Any]:
        return span_json(self.start, self.end, self.text)


# A finding's text longer than this is cut to it in reports, with its full length beside it:
# a passage or quote spanning megabytes would otherwise be repeated whole in every finding
# and cluster naming it (a 15 MB token took 4.5 GB). The offsets stay exact, and the source's
# text (with --include-text) has it whole. 4 KiB holds any quotation or boilerplate block.
SPAN_TEXT_CHARS = 4096


def span_json(start: int, end: int, text: str) -> dict[str, Any]:
    """A span's report fields: ``text`` is ``source_text[start:end]``, or, past
    SPAN_TEXT_CHARS, its first SPAN_TEXT_CHARS characters with ``text_length`` its length."""
    if len(text) <= SPAN_TEXT_CHARS:
        return {"start": start, "end": end, "text": text}
    return {"start": start, "end": end, "text": text[:SPAN_TEXT_CHARS], "text_length": len(text)}


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps offsets in a normalised text back to offsets in the raw (decoded) input.

    Stored as anchors: ``norm[i]`` corresponds to ``raw[i]``, and between two anchors the
    mapping is the identity shift of the earlier one, clamped to the next raw anchor (so text
    that normalisation changed in length maps to the start of its raw region).
    """

    norm: tuple[int, ...]
    raw: tuple[int, ...]

    def to_raw(self, offset: int) -> int:
        """The raw offset of normalised offset ``offset``."""
        if not self.norm:
            return offset
        i = bisect.bisect_right(self.norm, offset) - 1
        if i < 0:
            return offset
        mapped = self.raw[i] + (offset - self.norm[i])
        if i + 1 < len(self.raw):
            mapped = min(mapped, self.raw[i + 1])
        return mapped


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the source says about itself (HTML metadata, or what plain text states)."""

    title: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "author": self.author,
            "date": self.date,
            "sitename": self.sitename,
            "url": self.url,
        }


@dataclass(frozen=True, slots=True)
class Document:
    """A normalised source: the text every later span indexes.

    ``paragraphs`` are the non-empty lines of ``text`` (leading indentation excluded): text
    extracted from HTML, and most plain-text news copy, carries one paragraph a line.
    ``offsets`` maps back to the raw decoded input for plain text; it is None for HTML,
    where the text is an extraction rather than an edit of the input.
    """

    text: str
    paragraphs: tuple[Span, ...]
    metadata: Metadata = field(default_factory=Metadata)
    media_type: str = "text/plain"
    offsets: OffsetMap | None = None
    # For HTML, the words a browser shows on the whole page (pagetext.visible_words), to tell
    # an extraction that missed the article; None for plain text.
    page_words: int | None = None
    # For HTML: what the page says about each paragraph (provaudit.pagestructure.BlockEvidence,
    # one per paragraph); None for plain text.
    blocks: tuple[Any, ...] | None = None

    def paragraph_at(self, offset: int) -> int | None:
        """Index of the paragraph containing ``offset``, or None between paragraphs."""
        starts = [p.start for p in self.paragraphs]
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and offset < self.paragraphs[i].end:
            return i
        return None
