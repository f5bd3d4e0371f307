"""The pipeline: normalise and analyse each source (a map), then relate sources (a join).

    Source --normalise--> Document --languages, offtopic, quotes, figures, provenance--> SourceAnalysis
    SourceAnalysis --summarise--> SourceResult (report object + features: no Document)
    [SourceResult] --align, figures, provenance--> Relations

Per-source analysis depends on nothing but the source, so it runs in any order and in any
process (:func:`map_source` is what an engine maps). What crosses back from the map is compact:
the source's report object and its features for the join; the text stays behind unless the
report carries it, and the join asks for a text again only where two sources share something.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import align, invisible
from .align import SourceFeatures, source_features
from .corpus import Source, SourceRecord
from .figures import (
    Figure,
    FigureCheck,
    FigureFeatures,
    check_figure_features,
    extract_figures,
    figure_features,
)
from .languages import LanguageAnalysis, analyse_languages
from .model import Document, Span
from .normalise import normalise
from .offtopic import OfftopicAnalysis, analyse_offtopic
from .pagetext import short_extraction_warning
from .provenance import (
    ProvenanceAnalysis,
    ProvenanceRelations,
    analyse_provenance,
    relate_provenance,
)
from .quotes import Quote, extract_quotes
from .text import ANY_WORD

if TYPE_CHECKING:
    from .align import TaskMap


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

    def to_json(self, include_text: bool = False) -> dict[str, Any]:
        """The source's object in the corpus report (schema ``$defs/source``)."""
        record = self.record
        doc = self.document
        meta = doc.metadata
        out: dict[str, Any] = {
            "id": record.id,
            "path": record.path,
            "sha256": record.sha256,
            "media_type": record.media_type,
            "encoding": self.encoding,
            "outlet": record.outlet or meta.sitename,
            "url": record.url or meta.url,
            "title": self.title,
            "author": meta.author,
            "published": record.published or _date_only(meta.date),
            "main_language": self.languages.main_language or record.language,
            "stats": {
                "characters": len(doc.text),
                "words": len(doc.text.split()),
                "paragraphs": len(doc.paragraphs),
            },
            "warnings": list(self.warnings),
            "languages": self.languages.to_json(),
            "boilerplate": [b.to_json() for b in self.offtopic.boilerplate],
            "offtopic_tail": self.offtopic.tail.to_json() if self.offtopic.tail else None,
            "quotes": [q.to_json() for q in self.quotes],
            "figures": [f.to_json() for f in self.figures],
            "attributions": [a.to_json() for a in self.provenance.attributions],
            "disclosures": [d.to_json() for d in self.provenance.disclosures],
        }
        if include_text:
            out["text"] = doc.text
            out["paragraphs"] = [p.to_json() for p in doc.paragraphs]
        return out


def _date_only(value: str | None) -> str | None:
    if value and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        return value[:10]
    return None


@dataclass(frozen=True, slots=True)
class SourceResult:
    """What the map keeps of one source: its report object and its share of the join.

    ``text`` is kept only when asked for (a source that cannot be read again, such as
    standard input or a fetched page, and whose report does not carry its text).
    """

    id: str
    report: dict[str, Any]
    features: SourceFeatures
    figures: FigureFeatures
    provenance: ProvenanceAnalysis
    text: str | None = None

    def known_text(self) -> str | None:
        """The source's normalised text, if this result carries it."""
        text = self.report.get("text", self.text)
        return text if isinstance(text, str) else None


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
        warnings=_warnings(source, doc),
        document=doc,
        title=record.title or doc.metadata.title or heading_title(doc, offtopic),
        languages=analyse_languages(doc),
        offtopic=offtopic,
        quotes=extract_quotes(doc),
        figures=extract_figures(doc),
        provenance=analyse_provenance(doc, outlet=record.outlet),
    )


def _warnings(source: Source, doc: Document) -> tuple[str, ...]:
    """The decoding's warnings, one where the text holds bidi or invisible characters, and
    one where the extraction kept far less than the page shows."""
    found = (
        invisible.warning(doc.text),
        short_extraction_warning(len(doc.text.split()), doc.page_words),
    )
    return (*source.decoded.warnings, *(w for w in found if w))


def summarise(
    analysis: SourceAnalysis,
    include_text: bool = False,
    keep_text: bool = False,
    related: bool = True,
) -> SourceResult:
    """The compact result of one analysed source (see :class:`SourceResult`). Without
    ``related`` (a source audited alone: the join has nothing to relate it to), its features
    for the join are left empty."""
    sid = analysis.record.id
    text = analysis.document.text
    joined, quotes, figures = (text, analysis.quotes, analysis.figures) if related else ("", (), ())
    return SourceResult(
        id=sid,
        report=analysis.to_json(include_text),
        features=source_features(sid, joined, quotes),
        figures=figure_features(sid, joined, figures),
        provenance=analysis.provenance,
        text=text if keep_text and not include_text else None,
    )


def map_source(
    source: Source, include_text: bool = False, keep_text: bool = False, related: bool = True
) -> SourceResult:
    """The map step: analyse one source and summarise it. Pure; runs in any process."""
    return summarise(analyse_source(source), include_text, keep_text, related)


def relate(
    results: Sequence[SourceResult], text_of: Callable[[str], str], map_tasks: TaskMap = map
) -> Relations:
    """The join: quote clusters, reused passages, figure checks and attribution across sources.

    ``text_of(id)`` gives a source's normalised text (asked only for sources that share
    something); ``map_tasks`` runs the index join's tasks (the builtin ``map``, or a cluster's).
    """
    clusters: tuple[dict[str, Any], ...] = ()
    passages: tuple[dict[str, Any], ...] = ()
    if len(results) > 1:  # one source has nothing to share: the join is not even imported (align)
        quotes = align.relate_features([r.features for r in results], text_of, map_tasks)
        clusters, passages = quotes.quote_clusters, quotes.reused_passages
    checks = check_figure_features([r.figures for r in results])
    provenance = relate_provenance([(r.id, r.provenance) for r in results])
    return Relations(clusters, passages, checks, provenance)


# A headline: a short line near the top that is not a sentence or a label.
TITLE_SEARCH_PARAGRAPHS = 6  # headlines follow at most a few lines of chrome
TITLE_MIN_WORDS = 4  # "Media & Culture", "Deep Dive" are section labels, not headlines
TITLE_MAX_WORDS = 30


def heading_title(doc: Document, offtopic: OfftopicAnalysis) -> str | None:
    """The first headline-like paragraph near the top of a plain-text source, if any."""
    flagged: list[Span] = [b.span for b in offtopic.boilerplate]
    for para in doc.paragraphs[:TITLE_SEARCH_PARAGRAPHS]:
        text = para.text.strip()
        if any(b.start < para.end and para.start < b.end for b in flagged):
            continue
        words = [w for w in ANY_WORD.findall(text) if not w.isdigit()]
        if not TITLE_MIN_WORDS <= len(words) <= TITLE_MAX_WORDS:
            continue
        if text[-1] in ".,:;" or "|" in text or text.startswith(("-", "•", "*")):
            continue
        return text
    return None
