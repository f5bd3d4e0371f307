"""Reports: build the JSON report (the contract), check it against its schema, render and write.

The only stage that writes files. Every part of a report is validated before it is written
(the top-level fields first, then each source as it is written: a corpus report is written
source by source, never held whole), and a report set is written into a temporary directory
that replaces the output directory in one rename. Report bodies hold no clock time, and every
list is in a defined order, so the same inputs give byte-identical reports.
"""

from __future__ import annotations

import itertools
import json
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from . import __version__, interrupt, ruleset, schemas
from .analyse import Relations
from .corpus import Corpus
from .errors import ReportError
from .fsio import atomic_write_text, replacing_directory
from .render import common, markdown, prov

if TYPE_CHECKING:
    from .engine import Engine
    from .render import html

SCHEMA_VERSION = "1.4"
CORPUS_JSON = "corpus.json"
CORPUS_MD = "corpus.md"
INDEX_HTML = "index.html"
PROV_JSON = "prov.json"


def build_report(
    sources: Sequence[dict[str, Any]],
    relations: Relations,
    *,
    corpus: Corpus | None = None,
    corpus_label: str | None = None,
) -> dict[str, Any]:
    """The corpus report (schema ``corpus-report``) from sources' report objects (in order)
    and their relations; checked against its schema before it is returned."""
    report: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        # The rules in force (the run's: see ruleset.using), by digest.
        "tool": {"name": "provaudit", "version": __version__, "rules": ruleset.active().digest},
        "corpus": None
        if corpus is None
        else {
            "root": corpus_label if corpus_label is not None else str(corpus.root),
            "manifest_sha256": corpus.manifest_sha256,
            "source_count": len(corpus.records),
        },
        "sources": list(sources),
        "quote_clusters": list(relations.quote_clusters),
        "reused_passages": list(relations.reused_passages),
        "figure_checks": [c.to_json() for c in relations.figure_checks],
        "provenance": relations.provenance.to_json(),
    }
    check_report(report)
    return report


def build_header(
    relations: Relations, *, corpus: Corpus | None = None, corpus_label: str | None = None
) -> dict[str, Any]:
    """The corpus report without its sources' objects (``sources`` empty), checked against
    its schema: what :class:`SetWriter` takes before the sources."""
    return build_report([], relations, corpus=corpus, corpus_label=corpus_label)


def check_report(report: dict[str, Any]) -> None:
    """Raise ReportError unless ``report`` validates and every span matches its source's text."""
    problems = schemas.errors("corpus-report", report)
    if problems:
        raise ReportError("report", f"does not validate against its schema: {problems[0]}")
    mismatched = common.span_problems(report)
    if mismatched:
        raise ReportError("report", f"a span does not match its source's text: {mismatched[0]}")


def dumps(report: dict[str, Any]) -> str:
    """The report as JSON text: stable key order, two-space indent, UTF-8, trailing newline."""
    return json.dumps(report, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def render_html(report: dict[str, Any], engine: Engine | None = None) -> str:
    """The HTML page of ``report`` (render.html's). Imported here, not with this module: the
    page's templates (jinja2) cost an audit printing JSON some 0.017 s of start-up."""
    from .render import html

    return html.render(report, engine)


# Formats `provaudit audit --format` prints, by name.
FORMATS = {"json": dumps, "md": markdown.render, "html": render_html}


def render(report: dict[str, Any], fmt: str) -> str:
    """``report`` in one format of FORMATS (``json``, ``md``, ``html``)."""
    return FORMATS[fmt](report)


def write_one(path: Path, content: str) -> None:
    """Write one rendered report (``audit -o FILE``) atomically."""
    atomic_write_text(path, content)


# --- Report sets -----------------------------------------------------------------------------


def is_report_entry(name: str) -> bool:
    """Whether an entry of an output directory belongs to a report set (this version's files,
    or a temporary file an older version's killed run left)."""
    return name in SET_NAMES or (name.startswith(".") and name.endswith(".tmp"))


@contextmanager
def report_set(out_dir: Path) -> Iterator[Path]:
    """A temporary directory beside ``out_dir`` to write a report set into, swapped in place of
    ``out_dir`` in one rename when the block ends without an error (see
    :func:`fsio.replacing_directory`: a kill at any point leaves the old set or the new one;
    temporary directories of earlier killed runs are removed)."""
    with replacing_directory(out_dir, is_report_entry) as directory:
        yield directory
        # A Ctrl-C swallowed while the set was written still keeps it from replacing out_dir.
        interrupt.check()


def header_of(report: dict[str, Any]) -> dict[str, Any]:
    """``report`` without its sources' objects (``sources`` an empty list, in its place)."""
    return {k: ([] if k == "sources" else v) for k, v in report.items()}


def write_reports(
    out_dir: Path,
    report: dict[str, Any],
    engine: Engine | None = None,
    *,
    rows_per_page: int | None = None,
    section_rows: int | None = None,
) -> list[Path]:
    """Write the report set of ``report`` into ``out_dir`` (replacing it as a whole); returns
    the paths written. ``engine`` is accepted for the callers that share one: the files are
    the same whatever runs them. ``rows_per_page``, ``section_rows``: see :class:`SetWriter`."""
    with report_set(out_dir) as directory:
        writer = SetWriter(
            directory, header_of(report), len(report["sources"]), rows_per_page, section_rows
        )
        with writer:
            for source in report["sources"]:
                writer.add(source)
    return [out_dir / name for name in writer.names]


def render_all(report: dict[str, Any], engine: Engine | None = None) -> dict[str, str]:
    """Every file of ``report``'s set as `provaudit report` writes it, by its path inside
    the output directory (``pages/s1.html`` ...). For small reports (tests, comparisons):
    the set is written to a temporary directory and read back."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "reports"
        write_reports(out, report, engine)
        return read_set(out)


def read_set(directory: Path) -> dict[str, str]:
    """Every file of the report set in ``directory``, by its path inside it."""
    return {
        p.relative_to(directory).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


class SetWriter:
    """Writes a report set source by source, so that no more than one source's report object,
    text and rendered parts are held at once:

    - corpus.json: the JSON report (schema ``corpus-report``), written as its sources arrive,
      byte for byte what :func:`dumps` gives for the whole report;
    - sources.jsonl: the same sources, one JSON object a line, and header.json: every other
      field of the report (corpus.json without ``sources``): a reader takes one source at a
      time;
    - corpus.md (Markdown) and prov.json (PROV-JSON, checked against its schema);
    - index.html (summary, sources, quote clusters, figure checks, outlets) and a page a
      source in pages/ (its findings and its text with them drawn over it); above
      ``rows_per_page`` sources (html.OVERVIEW_ROWS), the overview table on pages of its own
      (pages/sources-N.html) that the index lists; so is each cross-source section of more
      than ``section_rows`` entries (html.SECTION_ROWS; pages/quotes-N.html, figures-N.html,
      reused-N.html, outlets-N.html).

    ``header`` is the report with ``sources`` empty; it is checked against the schema at
    once, and each source as it is added against the schema's source definition, with every
    span (its own and the header's that name it) matched against its text. Use as a context
    manager; the set is complete when the block ends without an error.
    """

    def __init__(
        self,
        directory: Path,
        header: dict[str, Any],
        total: int,
        rows_per_page: int | None = None,
        section_rows: int | None = None,
    ) -> None:
        from .render import html

        check_report(header)
        self.directory = directory
        # Rows of the overview table a page, and entries of a cross-source section (see
        # html.OVERVIEW_ROWS and html.SECTION_ROWS; tests ask for fewer).
        self.rows_per_page = rows_per_page or html.OVERVIEW_ROWS
        self.section_rows = section_rows or html.SECTION_ROWS
        self.header = header
        self.total = total
        self.counts = common.flag_counts(header)
        self.shared = common.shared_occurrences(header)
        self.header_spans = _spans_by_source(header)
        # The places of the findings the index page links to (cluster members, figure-check
        # members, outlet mentions): only these of each source's finding rows are kept.
        self.wanted: dict[str, set[tuple[int, int]]] = {}
        for sid, _, span in common.iter_spans(header):
            self.wanted.setdefault(sid, set()).add((span["start"], span["end"]))
        for check in header.get("figure_checks", []):
            for m in check.get("members", []):
                if isinstance(m, dict) and {"source", "start", "end"} <= m.keys():
                    self.wanted.setdefault(m["source"], set()).add((m["start"], m["end"]))
        self.flags: list[common.SourceFlags] = []
        self.light: list[dict[str, Any]] = []
        self.links: list[tuple[dict[str, str], list[html.AnchorRow]]] = []
        self.names = [CORPUS_JSON, SOURCES_JSONL, HEADER_JSON, CORPUS_MD, INDEX_HTML, PROV_JSON]
        (directory / common.PAGES_DIR).mkdir()
        self._json = self._open(CORPUS_JSON)
        self._jsonl = self._open(SOURCES_JSONL)
        self._sections = self._open(_SECTIONS)
        text = dumps(header)
        cut = text.index(_EMPTY_SOURCES) + len(_EMPTY_SOURCES) - 3  # after the "["
        self._json_head, self._json_tail = text[:cut], text[cut:]
        self._json.write(self._json_head)

    def _open(self, name: str) -> TextIO:
        return open(self.directory / name, "w", encoding="utf-8", newline="\n")

    def context(self, index: int, sid: str) -> SourceContext:
        """What writing the ``index``-th source (id ``sid``) needs of the header."""
        return SourceContext(
            index=index,
            total=self.total,
            counts=common.FlagCounts(
                Counter({sid: self.counts.clusters[sid]}),
                Counter({sid: self.counts.disagreements[sid]}),
            ),
            shared=tuple(self.shared.get(sid, ())),
            header_spans=tuple(self.header_spans.get(sid, ())),
            wanted=frozenset(self.wanted.get(sid, ())),
            page_header={k: self.header.get(k) for k in ("tool", "schema_version")},
            rows_per_page=self.rows_per_page,
        )

    def add(self, source: dict[str, Any]) -> None:
        """Check one source, the next in report order, and write its parts."""
        index = len(self.flags)
        self.add_parts(source_parts(source, self.context(index, source.get("id", ""))))

    def add_parts(self, parts: SourceParts) -> None:
        """Write the parts of the next source in report order (see :func:`source_parts`)."""
        index = len(self.flags)
        self._json.write(("\n" if index == 0 else ",\n") + parts.json_item)
        self._jsonl.write(parts.jsonl)
        self._sections.write(parts.section)
        name = f"{common.PAGES_DIR}/{parts.page_name}"
        (self.directory / name).write_text(parts.page, encoding="utf-8", newline="\n")
        self.names.append(name)
        self.flags.append(parts.flags)
        self.light.append(parts.light)
        self.links.append((parts.first, parts.rows))

    def finish(self) -> None:
        """Write the files that need every source: the ends of corpus.json and corpus.md,
        header.json, prov.json and index.html."""
        from .render import html

        self._json.write(("\n  " if self.flags else "") + self._json_tail)
        self._json.close()
        self._jsonl.close()
        self._sections.close()
        light = {**self.header, "sources": self.light}
        with self._open(CORPUS_MD) as out:
            out.write(markdown.head(light, self.flags))
            with open(self.directory / _SECTIONS, encoding="utf-8", newline="\n") as sections:
                shutil.copyfileobj(sections, out)
            out.write(markdown.tail(light))
        (self.directory / _SECTIONS).unlink()
        without = {k: v for k, v in self.header.items() if k != "sources"}
        self._dump(HEADER_JSON, without)
        # Checked as built (plain lists, dicts and strings: what its JSON text reads back as).
        document = prov.prov_document(light)
        problems = schemas.errors("prov-report", document)
        if problems:
            raise ReportError(PROV_JSON, f"does not validate against its schema: {problems[0]}")
        self._dump(PROV_JSON, document)
        del document
        items: list[html.SourceItem] = [
            (i, s, f, []) for i, (s, f) in enumerate(zip(self.light, self.flags, strict=True))
        ]
        self._write(
            INDEX_HTML,
            html.render_index(light, items, self.links, self.rows_per_page, self.section_rows),
        )
        pages = itertools.chain(
            html.render_table_pages(self.header, items, self.links, self.rows_per_page),
            html.render_section_pages(self.header, items, self.links, self.section_rows),
        )
        for name, page in pages:
            self._write(f"{common.PAGES_DIR}/{name}", page)
            self.names.append(f"{common.PAGES_DIR}/{name}")

    def _dump(self, name: str, value: Any) -> None:
        """``value`` as :func:`dumps` gives it, written as it is encoded: with an indent, the
        encoder is Python's, and the text of a 12,000-source header or PROV document built
        whole took some 100 MB in pieces first."""
        with self._open(name) as out:
            json.dump(value, out, indent=2, ensure_ascii=False, allow_nan=False)
            out.write("\n")

    def _write(self, name: str, content: str) -> None:
        (self.directory / name).write_text(content, encoding="utf-8", newline="\n")

    def __enter__(self) -> SetWriter:
        return self

    def __exit__(self, kind: object, *rest: object) -> None:
        if kind is None:
            self.finish()
        for handle in (self._json, self._jsonl, self._sections):
            handle.close()


@dataclass(frozen=True, slots=True)
class SourceContext:
    """What writing one source's parts needs of the rest of its report (small, picklable: a
    task of its own on an engine): its place (``index`` of ``total``), the counts its flags
    take from the relations, its shared occurrences, the header's spans naming it (checked
    against its text), the places of its findings the index page links to, the report's
    ``tool`` and ``schema_version`` (``page_header``), and the overview's rows a page."""

    index: int
    total: int
    counts: common.FlagCounts
    shared: tuple[dict[str, Any], ...]
    header_spans: tuple[tuple[str, dict[str, Any]], ...]
    wanted: frozenset[tuple[int, int]]
    page_header: dict[str, Any]
    rows_per_page: int


@dataclass(frozen=True, slots=True)
class SourceParts:
    """One source's share of every file of a set, rendered: its item of corpus.json's
    ``sources`` (indented as there), its sources.jsonl line, its corpus.md section, its page,
    and what the files written after the last source keep of it (flags, metadata, the first
    anchor of each layer and the finding rows the index links to)."""

    json_item: str
    jsonl: str
    section: str
    page_name: str
    page: str
    flags: common.SourceFlags
    light: dict[str, Any]
    first: dict[str, str]
    rows: list[tuple[str, int, int, str]]


def source_parts(source: dict[str, Any], context: SourceContext) -> SourceParts:
    """Check one source (its schema, its spans and the header's that name it, against its
    text) and render its parts. Pure: the same parts wherever it runs."""
    from .render import html

    index = context.index
    sid = source.get("id", f"#{index + 1}")
    problems = schemas.errors(SOURCE_SCHEMA, source)
    if problems:
        raise ReportError(
            "report", f"source {sid} does not validate against its schema: {problems[0]}"
        )
    text = source.get("text")
    if isinstance(text, str):
        spans = [*_spans_by_source({"sources": [source]}).get(sid, [])]
        spans += context.header_spans
        for where, span in spans:
            if not common.span_covers(text, span):
                raise ReportError(
                    "report",
                    f"a span does not match its source's text: {sid} {where}: "
                    f"[{span['start']}:{span['end']}] is not the text it names",
                )
    item = json.dumps(source, indent=2, ensure_ascii=False, allow_nan=False)
    flags = common.source_flag(source, index, context.counts)
    page, article = html.source_page(
        (index, source, flags, list(context.shared)),
        context.total,
        context.page_header,
        context.rows_per_page,
    )
    return SourceParts(
        json_item=_indent(item),
        jsonl=json.dumps(source, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n",
        section=markdown.source_section(source, index, flags),
        page_name=html.page_name(index),
        page=page,
        flags=flags,
        light=_light(source),
        first=article.first,
        rows=[r for r in article.anchors if (r[1], r[2]) in context.wanted],
    )


def spilled_parts(task: tuple[bytes, SourceContext]) -> SourceParts:
    """:func:`source_parts` of a source given as its JSON text (a line of a spill file): the
    task `provaudit report` maps on its engine, so that the sources' parts render in its
    worker processes while this one writes them in order."""
    line, context = task
    return source_parts(json.loads(line), context)


SOURCE_SCHEMA = "corpus-report#source"
SOURCES_JSONL = "sources.jsonl"
HEADER_JSON = "header.json"
_SECTIONS = ".corpus.md.sections"  # corpus.md's source sections, until its head is known
_EMPTY_SOURCES = '\n  "sources": [],\n'
SET_NAMES = frozenset(
    {CORPUS_JSON, CORPUS_MD, INDEX_HTML, PROV_JSON, SOURCES_JSONL, HEADER_JSON, common.PAGES_DIR}
)
# What the files written after the last source need of each source (prov.json, corpus.md's
# head and tail, the index page): its identity and metadata, and its disclosures' kinds.
_LIGHT_KEYS = ("id", "path", "sha256", "title", "outlet", "url", "published", "main_language")


def _light(source: dict[str, Any]) -> dict[str, Any]:
    light = {k: source[k] for k in _LIGHT_KEYS if k in source}
    light["disclosures"] = [{"kind": d["kind"]} for d in source.get("disclosures", [])]
    return light


def _indent(text: str) -> str:
    """A source's JSON as an item of corpus.json's ``sources`` list (two levels in)."""
    return "\n".join("    " + line for line in text.split("\n"))


def _spans_by_source(report: dict[str, Any]) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    out: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for sid, where, span in common.iter_spans(report):
        out.setdefault(sid, []).append((where, span))
    return out
