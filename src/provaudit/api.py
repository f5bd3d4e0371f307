"""The public Python API: what the command line does, callable from Python.

Audit text or HTML already in memory, files and URLs, or a whole corpus; write and validate
the reports. Every command of ``provaudit`` is a thin layer over one function here::

    audit_text / audit_html / audit_pages   sources held in memory      (no command)
    audit_paths                             files, URLs, ``-``          provaudit audit
    write_corpus_reports                    a corpus's reports          provaudit report
    report_corpus, write_reports            the same, held in memory    (no command)
    validate                                the CI gate                 provaudit validate
    ingest, ingest_sources                  add to a corpus             provaudit ingest
    replace, remove                         correct or drop sources     provaudit ingest --replace,
                                                                        provaudit remove
    normalised_text                         the text spans index        provaudit normalise

Results are typed: a :class:`Report` holds the JSON report (a :class:`CorpusReport`, the
TypedDict mirroring ``schemas/corpus-report.schema.json``) and gives it back with
:meth:`Report.to_json` (the object) or :meth:`Report.dumps` (its text, as the CLI prints it).
Errors are the library's own (:mod:`provaudit.errors`): a :class:`ProvauditError` names what
it is about (``subject``) and the problem (``message``).

The functions that analyse take ``rules=``: a rules file (TOML, as ``--rules FILE``) or a
:class:`Rules` object (:func:`load_rules`), applied after the ``[tool.provaudit]`` table of a
pyproject.toml next to the corpus (see :mod:`provaudit.ruleset`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from dataclasses import replace as dataclass_replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, TypedDict, cast

from .audit import (
    Options,
    Progress,
    RawInput,
    SourceError,
    WrittenSet,
    audit,
    audit_sources,
    check,
    corpus_report,
    read_input,
    read_raw,
    source_from_raw,
    write_corpus_report,
)
from .corpus import (
    Corpus,
    Incoming,
    Problem,
    SourceRecord,
    expand_inputs,
    id_from_name,
    ingest_many,
    read_listing,
    remove_sources,
    replace_source,
)
from .errors import InputError, ProvauditError, SourceReadError
from .findings import (
    ALWAYS_FAIL,
    INTEGRITY,
    STALE_REPORT,
    Finding,
    LineOf,
    error_findings,
    finding,
    own_findings,
    parse_fail_on,
    relation_findings,
    sorted_findings,
)
from .ruleset import Rules, load_rules

if TYPE_CHECKING:
    from .engine import Engine

# ``rules=``: a rules file, or rules already loaded; None: the corpus's (or the defaults).
RulesArg = str | Path | Rules | None

__all__ = [
    "CorpusReport",
    "Finding",
    "Options",
    "Page",
    "Problem",
    "Report",
    "SourceError",
    "SourceRecord",
    "SourceReport",
    "Span",
    "Validation",
    "WrittenSet",
    "audit_html",
    "audit_pages",
    "audit_paths",
    "audit_text",
    "ingest",
    "ingest_sources",
    "normalised_text",
    "remove",
    "replace",
    "report_corpus",
    "validate",
    "write_corpus_reports",
    "write_reports",
]


# --- the report's shape (schemas/corpus-report.schema.json) -------------------------------


class Span(TypedDict):
    """A half-open range of a source's normalised text: ``text == normalised[start:end]``."""

    start: int
    end: int
    text: str


class LanguagePassage(Span, total=False):
    """A passage in another language than the source's main one."""

    lang: str
    script: str
    confidence: float
    kind: Literal["fragment", "line", "sentence"]
    evidence: str


class Boilerplate(Span, total=False):
    """Page chrome or extraction residue (flagged, never removed)."""

    kind: str
    evidence: str


class OfftopicTail(Span):
    """Where content unrelated to the article starts, to the end of the text."""

    reason: str
    evidence: dict[str, Any]


class Quote(Span):
    """A quotation, scare-quoted term or title."""

    id: str
    kind: Literal["quotation", "term", "title"]
    speaker: str | None


class Figure(Span, total=False):
    """A stated quantity, normalised to a value and a unit."""

    value: float
    unit: str | None
    kind: Literal["money", "percent", "count", "duration", "date"]
    bound: Literal["exact", "about", "at_least", "at_most"]
    iso: str


class Attribution(Span, total=False):
    """An outlet the source names as having obtained, published or reported something."""

    outlet: str
    role: Literal["obtained", "first-published", "cited"]
    evidence: str
    basis: str
    document: str | None


class Disclosure(Span, total=False):
    """What the source declares about how it was made (``kind``: machine-written, ...)."""

    kind: str
    evidence: str
    party: str | None


class Stats(TypedDict):
    characters: int
    words: int
    paragraphs: int


class Languages(TypedDict):
    passages: list[LanguagePassage]


class _SourceRequired(TypedDict):
    id: str
    path: str
    sha256: str
    media_type: Literal["text/plain", "text/html"]
    outlet: str | None
    url: str | None
    title: str | None
    published: str | None
    main_language: str | None
    stats: Stats
    warnings: list[str]
    languages: Languages
    boilerplate: list[Boilerplate]
    offtopic_tail: OfftopicTail | None
    quotes: list[Quote]
    figures: list[Figure]
    attributions: list[Attribution]
    disclosures: list[Disclosure]


class SourceReport(_SourceRequired, total=False):
    """One source of a report: what is known about it and every finding in it."""

    encoding: str
    author: str | None
    text: str
    paragraphs: list[Span]


class Tool(TypedDict):
    name: Literal["provaudit"]
    version: str


class CorpusInfo(TypedDict):
    root: str
    manifest_sha256: str
    source_count: int


class SourceErrorJSON(TypedDict):
    source: str
    kind: str
    message: str


class _ReportRequired(TypedDict):
    schema_version: str
    tool: Tool
    sources: list[SourceReport]
    quote_clusters: list[dict[str, Any]]
    reused_passages: list[dict[str, Any]]
    figure_checks: list[dict[str, Any]]


class CorpusReport(_ReportRequired, total=False):
    """The JSON report (``provaudit report``'s corpus.json, ``provaudit audit``'s output)."""

    corpus: CorpusInfo | None
    provenance: dict[str, Any]
    errors: list[SourceErrorJSON]


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """A report, checked against its schema when it was built."""

    data: CorpusReport

    @property
    def sources(self) -> list[SourceReport]:
        """Each source's part, in the order the sources were given (or the manifest's)."""
        return self.data["sources"]

    @property
    def errors(self) -> list[SourceErrorJSON]:
        """Sources that could not be audited (only with ``keep_going``)."""
        return self.data.get("errors", [])

    def source(self, source_id: str) -> SourceReport:
        """The part of the source with id ``source_id`` (KeyError if there is none)."""
        for source in self.sources:
            if source["id"] == source_id:
                return source
        raise KeyError(source_id)

    def findings(
        self, fail_on: str | Iterable[str] | None = None, *, corpus: str | Path | None = None
    ) -> list[Finding]:
        """Every flag of the report as a CI finding (see :mod:`provaudit.findings`), with the
        file and line it is in: sources are read again to find lines, from ``corpus`` for a
        corpus report, else from the paths they were audited from (none for URLs or -)."""
        report = self.to_json()
        return _findings_of(report, report["sources"], parse_fail_on(fail_on), corpus)

    def to_json(self) -> dict[str, Any]:
        """The report as a JSON-ready object (the schema's shape)."""
        return cast(dict[str, Any], self.data)

    def dumps(self) -> str:
        """The report as JSON text, exactly as ``provaudit audit`` prints it."""
        from .report import dumps

        return dumps(self.to_json())

    def render(self, fmt: str = "json") -> str:
        """The report as ``json``, ``md`` (Markdown) or ``html`` (one self-contained page,
        which shows each source's text: audit with ``Options(include_text=True)``), or as
        ``quotes``, the terminal view of the shared quotations."""
        from .render import terminal
        from .report import render

        if fmt == "quotes":
            return terminal.quote_clusters(self.to_json())
        return render(self.to_json(), fmt)


@dataclass(frozen=True)
class Validation:
    """What ``validate`` found: ``problems`` with the corpus and its reports, and every
    finding (those problems first, then what the report finds in the sources, when a report
    was made), each saying whether it fails the gate under the policy ``fail_on``."""

    problems: tuple[Problem, ...] = field(default_factory=tuple)
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    fail_on: frozenset[str] = frozenset()

    @property
    def ok(self) -> bool:
        """Whether nothing fails the gate: no problem, no finding of a kind in ``fail_on``."""
        return not self.problems and not any(f.fails for f in self.findings)

    @property
    def failing(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.fails)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "problems": [{"subject": p.subject, "message": p.message} for p in self.problems],
            "findings": [f.to_json() for f in self.findings],
        }

    def render(self, fmt: str = "text") -> str:
        """The findings as ``text``, ``json``, ``github``, ``sarif`` or ``junit``."""
        from . import ci

        return ci.render(self.findings, fmt, self.fail_on)


@dataclass(frozen=True, slots=True)
class Page:
    """A source held in memory: its text or bytes, a name (a file name: its suffix and the
    content decide between HTML and plain text unless ``media_type`` says), and what is known
    about where it was published."""

    content: str | bytes
    name: str
    url: str | None = None
    outlet: str | None = None
    media_type: Literal["text/plain", "text/html"] | None = None
    title: str | None = None
    published: str | None = None


# --- functions -------------------------------------------------------------------------------


def _options(
    options: Options | None,
    rules: RulesArg = None,
    corpus: str | Path | None = None,
) -> Options:
    """``options``, else the defaults with everything in this process: worker processes are
    asked for (``Options(jobs=N)``), since a script that starts them needs the ``if __name__
    == "__main__":`` guard multiprocessing asks for. ``rules``: a Rules object, or a rules
    file applied after the ``[tool.provaudit]`` of ``corpus``'s pyproject.toml (see
    :mod:`provaudit.ruleset`); None: the rules ``options`` name, else those of the corpus."""
    opts = options if options is not None else Options(jobs=1)
    if rules is None:
        return opts
    if not isinstance(rules, Rules):
        rules = load_rules(rules, None if corpus is None else Path(corpus))
    return dataclass_replace(opts, rules=rules)


def audit_pages(
    pages: Iterable[Page],
    *,
    corpus: str | Path | None = None,
    options: Options | None = None,
    rules: RulesArg = None,
    keep_going: bool = False,
    progress: Progress | None = None,
) -> Report:
    """Audit sources held in memory, in order; with ``corpus``, related to that corpus too.

    With ``keep_going``, a page that cannot be audited (binary, no text) is listed in the
    report's ``errors`` and the others are reported; otherwise its error is raised.
    """
    opts = _options(options, rules, corpus)
    sources = []
    errors = []
    names = []
    for page in pages:
        names.append(page.name)
        data = page.content.encode("utf-8") if isinstance(page.content, str) else page.content
        try:
            if len(data) > opts.max_bytes:
                raise SourceReadError(page.name, f"is over the {opts.max_bytes:,}-byte limit")
            raw = RawInput(data, page.name, page.url, page.media_type)
            sources.append(
                source_from_raw(
                    raw,
                    id_from_name(page.name),
                    path=page.name,
                    outlet=page.outlet,
                    title=page.title,
                    published=page.published,
                )
            )
        except InputError as exc:
            if not keep_going:
                raise
            errors.append(SourceError.of(page.name, exc))
    report = audit_sources(
        sources,
        opts,
        corpus_dir=None if corpus is None else Path(corpus),
        progress=progress,
        keep_going=keep_going,
        errors=errors,
        order=names,
    )
    return Report(cast(CorpusReport, report))


def audit_text(
    content: str | bytes,
    name: str = "text.txt",
    *,
    url: str | None = None,
    outlet: str | None = None,
    media_type: Literal["text/plain", "text/html"] | None = None,
    title: str | None = None,
    published: str | None = None,
    corpus: str | Path | None = None,
    options: Options | None = None,
    rules: RulesArg = None,
) -> Report:
    """Audit one text (or HTML page, by ``name``'s suffix or its content) held in memory."""
    page = Page(content, name, url, outlet, media_type, title, published)
    return audit_pages([page], corpus=corpus, options=options, rules=rules)


def audit_html(
    html: str | bytes,
    name: str = "page.html",
    *,
    url: str | None = None,
    outlet: str | None = None,
    corpus: str | Path | None = None,
    options: Options | None = None,
    rules: RulesArg = None,
) -> Report:
    """Audit one HTML page held in memory: its article text is extracted first."""
    return audit_text(
        html,
        name,
        url=url,
        outlet=outlet,
        media_type="text/html",
        corpus=corpus,
        options=options,
        rules=rules,
    )


def audit_paths(
    sources: Sequence[str | Path],
    *,
    corpus: str | Path | None = None,
    outlet: str | None = None,
    options: Options | None = None,
    rules: RulesArg = None,
    keep_going: bool = False,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
) -> Report:
    """Audit files, http(s) URLs and ``-`` (``stdin``), in order (``provaudit audit``)."""
    data = audit(
        [str(s) for s in sources],
        _options(options, rules, corpus),
        corpus_dir=None if corpus is None else Path(corpus),
        stdin=stdin,
        outlet=outlet,
        progress=progress,
        keep_going=keep_going,
    )
    return Report(cast(CorpusReport, data))


def report_corpus(
    corpus: str | Path = "corpus",
    *,
    options: Options | None = None,
    rules: RulesArg = None,
    progress: Progress | None = None,
    engine: Engine | None = None,
) -> Report:
    """The report on every source of a corpus, with each source's text (``provaudit
    report``). Runs on ``engine`` when given (left open), else on one ``options`` describe."""
    data = corpus_report(
        Path(corpus), _options(options, rules, corpus), progress=progress, engine=engine
    )
    return Report(cast(CorpusReport, data))


def write_reports(
    report: Report, out_dir: str | Path = "reports", *, engine: Engine | None = None
) -> list[Path]:
    """Write the report set of ``report`` into ``out_dir`` (as :func:`write_corpus_reports`
    does: corpus.json, sources.jsonl, header.json, corpus.md, prov.json, index.html and a page
    a source in pages/), replacing it as a whole; returns the paths written."""
    from .report import write_reports as write

    return write(Path(out_dir), report.to_json(), engine)


def write_corpus_reports(
    corpus: str | Path = "corpus",
    out_dir: str | Path = "reports",
    *,
    options: Options | None = None,
    rules: RulesArg = None,
    progress: Progress | None = None,
) -> WrittenSet:
    """Report on every source of a corpus and write the report set into ``out_dir``
    (``provaudit report``): source by source, never holding the whole report, each part
    checked before it is written; the set replaces ``out_dir`` as a whole. Returns the files
    written and each source's flags."""
    return write_corpus_report(
        Path(corpus), Path(out_dir), _options(options, rules, corpus), progress=progress
    )


def validate(
    corpus: str | Path = "corpus",
    *,
    reports: str | Path | None = None,
    fail_on: str | Iterable[str] | None = None,
    options: Options | None = None,
    rules: RulesArg = None,
    progress: Progress | None = None,
) -> Validation:
    """Check a corpus (manifest, files, hashes, unlisted files) and, with ``reports``, that
    the reports there validate and are current (``provaudit validate``).

    ``fail_on`` names kinds of findings that fail the gate too (``"machine-written,
    offtopic-tail"``, or ``"all"``; see :data:`provaudit.findings.KINDS`); the corpus is then
    analysed even without ``reports``. Where a report was made, its findings are listed
    (failing or not), with their files and lines.
    """
    policy = parse_fail_on(fail_on)
    reports_dir = None if reports is None else Path(reports)
    checked = check(
        Path(corpus),
        reports_dir,
        _options(options, rules, corpus),
        progress=progress,
        analyse=bool(policy - ALWAYS_FAIL),
        read_fresh=lambda fresh, header: _set_findings(fresh, header, policy, corpus),
    )
    found = [
        Finding(
            STALE_REPORT if _inside(p.subject, reports_dir) else INTEGRITY, p.message, p.subject
        )
        for p in checked.problems
    ]
    if checked.fresh is not None:
        found.extend(checked.fresh)
    return Validation(tuple(checked.problems), tuple(sorted_findings(found)), policy)


def _inside(subject: str, folder: Path | None) -> bool:
    if folder is None:
        return False
    try:
        Path(subject).relative_to(folder)
    except ValueError:
        return False
    return True


def _set_findings(
    directory: Path, header: dict[str, Any], policy: frozenset[str], corpus: str | Path | None
) -> list[Finding]:
    """The findings of the report set just written to ``directory`` with this ``header``, read
    a source at a time from its sources.jsonl: the set's report is never held whole."""
    from .report import SOURCES_JSONL

    with open(directory / SOURCES_JSONL, encoding="utf-8") as lines:
        return _findings_of(header, (json.loads(line) for line in lines), policy, corpus)


def _findings_of(
    header: Mapping[str, Any],
    sources: Iterable[dict[str, Any]],
    policy: frozenset[str],
    corpus: str | Path | None,
) -> list[Finding]:
    """The findings of a report given as its ``header`` (the cross-source sections and the
    errors) and its ``sources``, taken one at a time: each source's file is read again (from
    ``corpus`` for a corpus report, else from the path it was audited from) while its
    findings, its own and those of the relations that name it, are given their lines. In the
    report's order: every source's own findings, then the relations', then the errors."""
    from .corpus import load_corpus

    loaded = load_corpus(Path(corpus)) if corpus is not None else None
    records = {r.id: r for r in loaded.records} if loaded is not None else {}
    relations = relation_findings(header)
    naming: dict[str, list[int]] = {}
    for i, (_, sid, _) in enumerate(relations):
        naming.setdefault(sid, []).append(i)
    found: list[Finding] = []
    related: dict[int, Finding] = {}
    for source in sources:
        sid = source["id"]
        own = own_findings(source)
        mine = naming.pop(sid, [])
        if not own and not mine:
            continue
        record = records.get(sid)
        if record is not None and loaded is not None:
            file: str | None = (Path(corpus or ".") / record.path).as_posix()
        elif source["url"] != source["path"] and source["path"] != "-":
            file = source["path"]
        else:
            file = None
        line_of = _line_finder(source, loaded, record) if file is not None else None
        found.extend(finding(kind, sid, item, policy, file, line_of) for kind, _, item in own)
        for i in mine:
            kind, _, item = relations[i]
            related[i] = finding(kind, sid, item, policy, file, line_of)
    # A member whose source the report does not hold has no file to point into.
    found.extend(
        related.get(i) or finding(kind, sid, item, policy, None, None)
        for i, (kind, sid, item) in enumerate(relations)
    )
    return found + error_findings(header)


def _line_finder(
    source: Mapping[str, Any], loaded: Corpus | None, record: SourceRecord | None
) -> LineOf | None:
    """Offset in ``source``'s text -> line in its file, read again (None when the file
    changed or went away since, or its offsets are not known)."""
    from .corpus import decode_bytes, read_bytes, read_corpus_source
    from .findings import html_line_finder, text_line_finder
    from .normalise import HTML_MEDIA_TYPE, normalise

    try:
        if record is not None and loaded is not None:
            raw = read_corpus_source(loaded, record).decoded.text
        else:
            raw = decode_bytes(read_bytes(Path(source["path"])), source["path"]).text
        if source["media_type"] == HTML_MEDIA_TYPE:
            # Extracting the page again costs a third of a second: use the text the
            # report carries, where it does.
            text = source.get("text")
            if text is None:
                text = normalise(raw, HTML_MEDIA_TYPE, subject=source["path"]).text
            return html_line_finder(raw, text)
        doc = normalise(raw, source["media_type"], subject=source["path"])
    except ProvauditError:
        return None
    return text_line_finder(raw, doc.offsets.to_raw) if doc.offsets is not None else None


def _incoming(
    spec: str,
    opts: Options,
    stdin: BinaryIO | None,
    *,
    outlet: str | None = None,
    url: str | None = None,
    published: str | None = None,
    notes: str | None = None,
) -> Incoming:
    raw = read_raw(spec, opts, stdin=stdin)
    came_by = raw.name if raw.name == "<stdin>" or raw.url is not None else Path(spec).name
    return Incoming(
        raw.data,
        raw.name,
        outlet=outlet,
        url=url or raw.url,
        published=published,
        media_type=raw.media_type,
        notes=notes,
        charset=raw.charset,
        original_name=came_by,
    )


def ingest(
    source: str | Path,
    corpus: str | Path = "corpus",
    *,
    outlet: str | None = None,
    url: str | None = None,
    published: str | None = None,
    notes: str | None = None,
    options: Options | None = None,
    stdin: BinaryIO | None = None,
) -> SourceRecord:
    """Copy a file, URL or ``-`` into the corpus, hash it and add its manifest entry
    (``provaudit ingest``); the same bytes twice raise DuplicateSourceError."""
    opts = _options(options)
    item = _incoming(
        str(source), opts, stdin, outlet=outlet, url=url, published=published, notes=notes
    )
    return ingest_many(Path(corpus), [item], max_bytes=opts.max_bytes)[0]


def ingest_sources(
    sources: Sequence[str | Path] = (),
    corpus: str | Path = "corpus",
    *,
    listing: str | Path | None = None,
    outlet: str | None = None,
    published: str | None = None,
    notes: str | None = None,
    options: Options | None = None,
    stdin: BinaryIO | None = None,
) -> list[SourceRecord]:
    """Add many sources in one call and one manifest write: files, directories (every file
    below), glob patterns, URLs, ``-``, and the entries of a JSONL or CSV ``listing`` (each
    with its own path or URL, outlet, url, published, notes). ``outlet``, ``published`` and
    ``notes`` apply to the sources given directly. Every source is read and checked before
    anything is written; a duplicate or unreadable source adds nothing."""
    opts = _options(options)
    items = [
        _incoming(spec, opts, stdin, outlet=outlet, published=published, notes=notes)
        for spec in expand_inputs([str(s) for s in sources])
    ]
    for entry in read_listing(Path(listing)) if listing is not None else []:
        items.append(
            _incoming(
                entry.source,
                opts,
                stdin,
                outlet=entry.outlet,
                url=entry.url,
                published=entry.published,
                notes=entry.notes,
            )
        )
    if not items:
        raise SourceReadError(str(listing or corpus), "names no source to ingest")
    return ingest_many(Path(corpus), items, max_bytes=opts.max_bytes)


def remove(ids: Sequence[str], corpus: str | Path = "corpus") -> list[SourceRecord]:
    """Take sources out of the corpus by id (manifest entry and file; ``provaudit remove``)."""
    return remove_sources(Path(corpus), list(ids))


def replace(
    source_id: str,
    source: str | Path,
    corpus: str | Path = "corpus",
    *,
    outlet: str | None = None,
    url: str | None = None,
    published: str | None = None,
    notes: str | None = None,
    options: Options | None = None,
    stdin: BinaryIO | None = None,
) -> SourceRecord:
    """Accept a corrected file for a source (``provaudit ingest --replace ID FILE``): it keeps
    its id, takes the new hash, and its entry's history keeps the old hash, file and name."""
    opts = _options(options)
    item = _incoming(
        str(source), opts, stdin, outlet=outlet, url=url, published=published, notes=notes
    )
    return replace_source(Path(corpus), source_id, item, max_bytes=opts.max_bytes)


def normalised_text(
    source: str | Path,
    *,
    trim: bool = False,
    options: Options | None = None,
    stdin: BinaryIO | None = None,
) -> str:
    """The normalised text of a file, URL or ``-``: the text every span indexes
    (``provaudit normalise``); with ``trim``, without its off-topic tail."""
    from .normalise import normalise
    from .offtopic import analyse_offtopic

    src = read_input(str(source), _options(options), stdin=stdin)
    doc = normalise(src.decoded.text, src.record.media_type, subject=str(source))
    text = doc.text
    if trim:
        tail = analyse_offtopic(doc).tail
        if tail is not None:
            text = text[: tail.span.start].rstrip()
    return text
