"""The pipeline: normalise and analyse each source (a map), then relate sources (a join).

    Source --normalise--> Document --languages, offtopic, quotes, figures, provenance--> SourceAnalysis
    [SourceAnalysis] --align, figures.check--> Relations

Per-source analysis depends on nothing but the source, so it can run in any order, in any
process; relation sees only what it needs of each analysis.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .align import relate as relate_quotes
from .corpus import Source, SourceRecord
from .figures import Figure, FigureCheck, check_figures, extract_figures
from .languages import LanguageAnalysis, analyse_languages
from .model import Document, Span
from .normalise import normalise
from .offtopic import OfftopicAnalysis, analyse_offtopic
from .provenance import (
    ProvenanceAnalysis,
    ProvenanceRelations,
    analyse_provenance,
    relate_provenance,
)
from .quotes import Quote, extract_quotes


@dataclass(frozen=True, slots=True)
class SourceAnalysis:
    """Everything found in one source."""

    record: SourceRecord
    encoding: str
    warnings: tuple[str, ...]
    document: Document
    title: str | None
    languages: LanguageAnalysis
    offtopic: OfftopicAnalysis
    quotes: tuple[Quote, ...]
    figures: tuple[Figure, ...]
    provenance: ProvenanceAnalysis


@dataclass(frozen=True, slots=True)
class Relations:
    """What relates sources to each other."""

    quote_clusters: tuple[dict[str, object], ...]
    reused_passages: tuple[dict[str, object], ...]
    figure_checks: tuple[FigureCheck, ...]
    provenance: ProvenanceRelations = field(default_factory=ProvenanceRelations)


def analyse_source(source: Source) -> SourceAnalysis:
    """Normalise one source and run every per-source detector on it."""
    record = source.record
    doc = normalise(source.decoded.text, record.media_type, subject=record.path)
    offtopic = analyse_offtopic(doc)
    return SourceAnalysis(
        record=record,
        encoding=source.decoded.encoding,
        warnings=source.decoded.warnings,
        document=doc,
        title=record.title or doc.metadata.title or heading_title(doc, offtopic),
        languages=analyse_languages(doc),
        offtopic=offtopic,
        quotes=extract_quotes(doc),
        figures=extract_figures(doc),
        provenance=analyse_provenance(doc, outlet=record.outlet),
    )


def analyse_all(sources: Iterable[Source]) -> list[SourceAnalysis]:
    """Analyse sources in order."""
    return [analyse_source(s) for s in sources]


def relate(analyses: Sequence[SourceAnalysis]) -> Relations:
    """Relate analysed sources: quote clusters, reused passages, figure checks, attribution."""
    quotes = relate_quotes([(a.record.id, a.document, a.quotes) for a in analyses])
    checks = check_figures([(a.record.id, a.document, a.figures) for a in analyses])
    provenance = relate_provenance([(a.record.id, a.provenance) for a in analyses])
    return Relations(quotes.quote_clusters, quotes.reused_passages, checks, provenance)


# A headline: a short line near the top that is not a sentence or a label.
TITLE_SEARCH_PARAGRAPHS = 6  # headlines follow at most a few lines of chrome
TITLE_MIN_WORDS = 4  # "Media & Culture", "Deep Dive" are section labels, not headlines
TITLE_MAX_WORDS = 30
_WORD = re.compile(r"\w+")


def heading_title(doc: Document, offtopic: OfftopicAnalysis) -> str | None:
    """The first headline-like paragraph near the top of a plain-text source, if any."""
    flagged: list[Span] = [b.span for b in offtopic.boilerplate]
    for para in doc.paragraphs[:TITLE_SEARCH_PARAGRAPHS]:
        text = para.text.strip()
        if any(b.start < para.end and para.start < b.end for b in flagged):
            continue
        words = [w for w in _WORD.findall(text) if not w.isdigit()]
        if not TITLE_MIN_WORDS <= len(words) <= TITLE_MAX_WORDS:
            continue
        if text[-1] in ".,:;" or "|" in text or text.startswith(("-", "•", "*")):
            continue
        return text
    return None
