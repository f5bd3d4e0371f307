"""The library's entry points: audit sources, report on a corpus, validate a corpus.

The command line is a thin layer over these three functions.
"""

from __future__ import annotations

import filecmp
import functools
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO, Generic, Literal, Protocol, TypeVar, overload

from . import interrupt, schemas
from .align import FeatureStore
from .analyse import Relations, SourceResult, map_source, relate
from .corpus import (
    Corpus,
    Problem,
    Source,
    SourceRecord,
    check_corpus,
    decode_bytes,
    id_from_name,
    iter_corpus_sources,
    load_corpus,
    load_manifest_json,
    media_type_for,
    read_bytes,
    read_corpus_source,
    sha256_hex,
)
from .engine import Engine, make_engine
from .errors import InputError, ProvauditError, SourceReadError
from .fetch import DEFAULT_TIMEOUT, fetch_url, is_url
from .findings import report_changes
from .limits import DEFAULT_MAX_BYTES
from .normalise import HTML_MEDIA_TYPE, TEXT_MEDIA_TYPE, normalise
from .report import (
    CORPUS_JSON,
    SetWriter,
    build_header,
    build_report,
    check_report,
    is_report_entry,
    report_set,
    spilled_parts,
)
from .ruleset import Rules, load_rules, using

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Options:
    """Every setting an audit takes; the CLI builds one from its arguments.

    ``jobs``: worker processes for the per-source map (None: one per core; 1: this process).
    ``engine``: ``local`` or ``dask`` (then ``scheduler`` is the cluster's address).
    None of these changes a report: every engine gives byte-identical output.
    ``rules``: the rules to apply (see :mod:`provaudit.ruleset`); None: the shipped ones as
    ``[tool.provaudit]`` in the corpus's pyproject.toml extends them, if there is one.
    """

    include_text: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = DEFAULT_TIMEOUT
    jobs: int | None = None
    engine: str = "local"
    scheduler: str | None = None
    rules: Rules | None = None


def with_rules(options: Options, corpus_dir: Path | None) -> Options:
    """``options`` with its rules loaded (see :attr:`Options.rules`)."""
    if options.rules is not None:
        return options
    return replace(options, rules=load_rules(corpus_dir=corpus_dir))


class Progress(Protocol):
    """Told how many sources there are, then once per source analysed."""

    def start(self, total: int) -> None: ...

    def advance(self) -> None: ...


@dataclass(frozen=True, slots=True)
class RawInput:
    """The bytes of a source named on the command line, before decoding."""

    data: bytes
    name: str
    url: str | None = None
    media_type: str | None = None
    charset: str | None = None


def read_raw(spec: str, options: Options, *, stdin: BinaryIO | None = None) -> RawInput:
    """The bytes of a file path, an http(s) URL, or ``-`` (standard input)."""
    if spec == "-":
        if stdin is None:
            raise SourceReadError("<stdin>", "standard input is not available")
        data = stdin.read(options.max_bytes + 1)
        if len(data) > options.max_bytes:
            raise SourceReadError(
                "<stdin>", f"standard input is over the {options.max_bytes:,}-byte limit"
            )
        return RawInput(data, "<stdin>")
    if is_url(spec):
        fetched = fetch_url(spec, timeout=options.timeout, max_bytes=options.max_bytes)
        if fetched.media_type in (HTML_MEDIA_TYPE, "application/xhtml+xml"):
            media: str | None = HTML_MEDIA_TYPE
        elif fetched.media_type == TEXT_MEDIA_TYPE:
            media = TEXT_MEDIA_TYPE
        else:
            media = None
        return RawInput(fetched.data, spec, fetched.final_url, media, fetched.charset)
    return RawInput(read_bytes(Path(spec), options.max_bytes), spec)


def read_input(
    spec: str,
    options: Options,
    *,
    stdin: BinaryIO | None = None,
    outlet: str | None = None,
) -> Source:
    """Read and decode a source named on the command line: a file, an http(s) URL, or ``-``."""
    raw = read_raw(spec, options, stdin=stdin)
    if spec == "-":
        source_id = "stdin"
    elif raw.url is not None:
        source_id = _url_id(raw.url)
    else:
        source_id = id_from_name(Path(spec).name)
    return source_from_raw(raw, source_id, path=spec, outlet=outlet)


def source_from_raw(
    raw: RawInput,
    source_id: str,
    *,
    path: str,
    outlet: str | None = None,
    title: str | None = None,
    published: str | None = None,
) -> Source:
    """A source from bytes already in hand (read from a file, fetched, or given in memory)."""
    decoded = decode_bytes(raw.data, raw.name, hint=raw.charset)
    record = SourceRecord(
        id=source_id,
        path=path,
        sha256=sha256_hex(raw.data),
        media_type=raw.media_type or media_type_for(raw.url or raw.name, decoded.text),
        outlet=outlet,
        url=raw.url,
        published=published,
        title=title,
    )
    return Source(record, decoded)


def _url_id(url: str) -> str:
    tail = url.rstrip("/").rsplit("/", 1)[-1] or "page"
    return (
        "".join(c if c.isalnum() or c in "._-" else "-" for c in tail)[:64].strip("-._") or "page"
    )


def _unique_ids(sources: Sequence[Source]) -> list[Source]:
    seen: dict[str, int] = {}
    out = []
    for source in sources:
        sid = source.record.id
        seen[sid] = seen.get(sid, 0) + 1
        if seen[sid] > 1:
            source = replace(source, record=replace(source.record, id=f"{sid}-{seen[sid]}"))
        out.append(source)
    return out


@overload
def _map(
    engine: Engine,
    sources: Iterable[Source],
    count: int,
    *,
    include_text: bool,
    keep_text: bool = ...,
    related: bool = ...,
    progress: Progress | None = ...,
    keep_going: Literal[False] = ...,
) -> list[SourceResult]: ...


@overload
def _map(
    engine: Engine,
    sources: Iterable[Source],
    count: int,
    *,
    include_text: bool,
    keep_text: bool = ...,
    related: bool = ...,
    progress: Progress | None = ...,
    keep_going: bool,
) -> list[SourceResult | SourceError]: ...


def _map(
    engine: Engine,
    sources: Iterable[Source],
    count: int,
    *,
    include_text: bool,
    keep_text: bool = False,
    related: bool = True,
    progress: Progress | None = None,
    keep_going: bool = False,
) -> list[SourceResult] | list[SourceResult | SourceError]:
    """Every source through the map step, in order, on ``engine`` (``related``: see
    :func:`summarise`). With ``keep_going``, a source whose analysis raises an input error
    gives a SourceError in its place; otherwise the error is raised."""
    if progress is not None:
        progress.start(count)
    task = functools.partial(
        _map_source if keep_going else map_source,
        include_text=include_text,
        keep_text=keep_text,
        related=related,
    )
    done = progress.advance if progress is not None else None
    return list(engine.map(task, sources, count=count, done=done))


def _map_source(source: Source, **kwargs: bool) -> SourceResult | SourceError:
    """map_source, with an input error (no text extracted, ...) returned, not raised."""
    try:
        return map_source(source, **kwargs)
    except InputError as exc:
        return SourceError.of(source.record.path, exc)


class _CorpusTexts:
    """Normalised texts for the join: from a result that carries its text, else read again
    from the corpus (the map does not keep texts its report does not need)."""

    def __init__(self, corpus: Corpus | None, results: Sequence[SourceResult], options: Options):
        self.corpus = corpus
        self.options = options
        self.known = {r.id: t for r in results if (t := r.known_text()) is not None}
        self.records = {r.id: r for r in corpus.records} if corpus is not None else {}

    def __call__(self, source_id: str) -> str:
        if source_id in self.known:
            return self.known[source_id]
        assert self.corpus is not None, f"no text for {source_id}"
        source = read_corpus_source(self.corpus, self.records[source_id], self.options.max_bytes)
        return normalise(source.decoded.text, source.record.media_type, source.record.path).text


@dataclass(frozen=True, slots=True)
class SourceError:
    """A source that could not be audited (``audit --keep-going`` reports it and goes on):
    ``source`` as it was named, ``kind`` the error's class name, ``message`` the problem."""

    source: str
    kind: str
    message: str

    @classmethod
    def of(cls, source: str, exc: ProvauditError) -> SourceError:
        return cls(source, type(exc).__name__, exc.message)

    def to_json(self) -> dict[str, str]:
        return {"source": self.source, "kind": self.kind, "message": self.message}


def audit(
    specs: Sequence[str],
    options: Options,
    *,
    corpus_dir: Path | None = None,
    stdin: BinaryIO | None = None,
    outlet: str | None = None,
    progress: Progress | None = None,
    keep_going: bool = False,
) -> dict[str, Any]:
    """The report for the sources named by ``specs`` (files, URLs, ``-``), in argument order.

    See :func:`audit_sources`; with ``keep_going``, a source that cannot be read is listed in
    the report's ``errors`` instead of stopping the run.
    """
    sources: list[Source] = []
    errors: list[SourceError] = []
    for spec in specs:
        try:
            sources.append(read_input(spec, options, stdin=stdin, outlet=outlet))
        except InputError as exc:
            if not keep_going:
                raise
            errors.append(SourceError.of(spec, exc))
    return audit_sources(
        sources,
        options,
        corpus_dir=corpus_dir,
        progress=progress,
        keep_going=keep_going,
        errors=errors,
        order=list(specs),
    )


def audit_sources(
    sources: Sequence[Source],
    options: Options,
    *,
    corpus_dir: Path | None = None,
    progress: Progress | None = None,
    keep_going: bool = False,
    errors: Sequence[SourceError] = (),
    order: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The report for ``sources`` already read (in their order).

    With ``corpus_dir``, a source whose bytes are in the corpus takes its manifest record, and
    quotes, figures and passages are related against the corpus too (only relations that
    involve an audited source are reported). With ``keep_going``, a source whose analysis
    fails (no text extracted, ...) joins ``errors`` (the report's ``errors`` list, sorted by
    the sources' places in ``order``, the names as given) and the others are reported.
    """
    options = with_rules(options, corpus_dir)
    with using(options.rules):
        return _audit_sources(sources, options, corpus_dir, progress, keep_going, errors, order)


def _audit_sources(
    sources: Sequence[Source],
    options: Options,
    corpus_dir: Path | None,
    progress: Progress | None,
    keep_going: bool,
    errors: Sequence[SourceError],
    order: Sequence[str] | None,
) -> dict[str, Any]:
    corpus = load_corpus(corpus_dir) if corpus_dir is not None else None
    if corpus is not None:
        by_hash = {r.sha256: r for r in corpus.records}
        sources = [
            replace(s, record=replace(by_hash[s.record.sha256], path=s.record.path))
            if s.record.sha256 in by_hash
            else s
            for s in sources
        ]
    sources = _unique_ids(sources)
    failed = list(errors)
    with open_engine(options) as engine:
        # Sources named on the command line may not be readable twice (stdin, URLs): the
        # join gets their texts from the map.
        mapped = _map(
            engine,
            sources,
            len(sources),
            include_text=options.include_text,
            keep_text=True,
            related=corpus is not None or len(sources) > 1,
            progress=progress,
            keep_going=keep_going,
        )
        results = [r for r in mapped if not isinstance(r, SourceError)]
        failed.extend(r for r in mapped if isinstance(r, SourceError))
        if corpus is None or corpus_dir is None:
            relations = relate(results, _CorpusTexts(None, results, options), engine.map_tasks)
            return _with_errors(
                build_report([r.report for r in results], relations), keep_going, failed, order
            )
        audited = {r.id for r in results}
        audited_hashes = {s.record.sha256 for s in sources}
        others = [r for r in corpus.records if r.sha256 not in audited_hashes]
        rest = _map(
            engine,
            (read_corpus_source(corpus, r, options.max_bytes) for r in others),
            len(others),
            include_text=False,
        )
        everything = [*results, *rest]
        relations = relate(everything, _CorpusTexts(corpus, everything, options), engine.map_tasks)
    report = build_report(
        [r.report for r in results],
        _involving(relations, audited),
        corpus=corpus,
        corpus_label=corpus_label(corpus_dir),
    )
    return _with_errors(report, keep_going, failed, order)


def _with_errors(
    report: dict[str, Any],
    keep_going: bool,
    errors: Sequence[SourceError],
    order: Sequence[str] | None,
) -> dict[str, Any]:
    """``report`` with its ``errors`` list (only when the run was asked to keep going)."""
    if not keep_going:
        return report
    place = {name: i for i, name in reversed(list(enumerate(order or ())))}
    ranked = sorted(errors, key=lambda e: place.get(e.source, len(place)))
    report = {**report, "errors": [e.to_json() for e in ranked]}
    check_report(report)
    return report


def _involving(relations: Relations, ids: set[str]) -> Relations:
    """Only the relations with at least one member among source ``ids``."""

    def members(item: dict[str, Any]) -> set[str]:
        found = {m["source"] for m in item.get("members", [])}
        found.update(item[k]["source"] for k in ("a", "b") if k in item)
        return found

    return Relations(
        tuple(c for c in relations.quote_clusters if members(c) & ids),
        tuple(p for p in relations.reused_passages if members(p) & ids),
        tuple(c for c in relations.figure_checks if members(c.to_json()) & ids),
        relations.provenance.only_sources(ids),
    )


def corpus_report(
    corpus_dir: Path,
    options: Options,
    *,
    progress: Progress | None = None,
    engine: Engine | None = None,
) -> dict[str, Any]:
    """The report for every source of the corpus at ``corpus_dir``, with each source's text
    (the HTML report shows it, and a reader of corpus.json can check any span). Runs on
    ``engine`` when given (left open for the caller), else on one made from ``options``."""
    corpus = load_corpus(corpus_dir)
    options = with_rules(options, corpus_dir)
    with using(options.rules), _engine_for(options, engine) as engine:
        results = _map(
            engine,
            iter_corpus_sources(corpus, options.max_bytes),
            len(corpus.records),
            include_text=True,
            progress=progress,
        )
        relations = relate(results, _CorpusTexts(corpus, results, options), engine.map_tasks)
        return build_report(
            [r.report for r in results],
            relations,
            corpus=corpus,
            corpus_label=corpus_label(corpus_dir),
        )


@dataclass(frozen=True, slots=True)
class WrittenSet:
    """What `provaudit report` wrote: the files (relative to the output directory), each
    source's flags and the report's top-level fields (for a summary line)."""

    names: tuple[str, ...]
    flags: tuple[Any, ...]
    header: dict[str, Any]


def write_corpus_report(
    corpus_dir: Path,
    out_dir: Path,
    options: Options,
    *,
    progress: Progress | None = None,
    engine: Engine | None = None,
) -> WrittenSet:
    """Write the report set of the corpus at ``corpus_dir`` into ``out_dir`` (what
    :func:`corpus_report` gives, rendered as :func:`report.write_reports` writes it), holding
    at most a window of sources' reports at once: each source's report object goes to a spill
    file beside the set as the map yields it (and its features' word arrays to another, see
    align.FeatureStore), the join reads the texts and words it needs back from there, and the
    files are written source by source from it, each source's parts rendered on ``engine``.
    The set replaces ``out_dir`` as a whole when complete (see :func:`report.report_set`)."""
    corpus = load_corpus(corpus_dir)
    options = with_rules(options, corpus_dir)
    with (
        using(options.rules),
        report_set(out_dir) as directory,
        _engine_for(options, engine) as engine,
        _Spill(directory / _SPILL) as spill,
    ):
        results = spill.restore(_map_to_spill(engine, corpus, options, spill, progress))
        interrupt.check()  # before the join and before the writing: see interrupt.py
        relations = relate(results, spill.text_of, engine.map_tasks)
        header = build_header(relations, corpus=corpus, corpus_label=corpus_label(corpus_dir))
        del results
        interrupt.check()
        writer = _write_set(directory, header, len(corpus.records), spill, engine)
    return WrittenSet(tuple(writer.names), tuple(writer.flags), header)


def _map_to_spill(
    engine: Engine, corpus: Corpus, options: Options, spill: _Spill, progress: Progress | None
) -> list[SourceResult]:
    """The map over every source of ``corpus``, each report object spilled as it arrives
    (the results are kept without them)."""
    task = functools.partial(map_source, include_text=True)
    if progress is not None:
        progress.start(len(corpus.records))
    mapped = engine.map(
        task,
        iter_corpus_sources(corpus, options.max_bytes),
        count=len(corpus.records),
        done=progress.advance if progress is not None else None,
    )
    return [spill.keep(result) for result in mapped]


def _write_set(
    directory: Path, header: dict[str, Any], total: int, spill: _Spill, engine: Engine
) -> SetWriter:
    """Every file of the set, source by source from the spill (see :class:`SetWriter`): each
    source's parts checked and rendered on ``engine`` (its worker processes), written here in
    order as they come back."""
    with SetWriter(directory, header, total) as writer:
        tasks = ((line, writer.context(i, sid)) for i, (sid, line) in enumerate(spill.lines()))
        for parts in engine.map(spilled_parts, tasks, count=total):
            writer.add_parts(parts)
    return writer


_SPILL = ".sources.spill"
_FEATURES = ".features"  # the features' arrays: .sources.spill.features


class _Spill:
    """Sources' report objects, one JSON line each, in a file, in map order: the map's
    results are kept without them (the join needs only their features), and the join asks
    for the texts of the few sources that share something. The features' word arrays go to
    a file beside it (align.FeatureStore) until the join reads them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = open(path, "w+b")  # noqa: SIM115 (closed by __exit__)
        self.places: dict[str, tuple[int, int]] = {}
        self.features_path = path.with_name(path.name + _FEATURES)
        self.features = FeatureStore(self.features_path)
        self.shared = _Shared()

    def keep(self, result: SourceResult) -> SourceResult:
        """Spill ``result``'s report and its features' arrays; ``result`` without them (and
        without its text): see :meth:`restore`."""
        line = json.dumps(result.report, ensure_ascii=False, allow_nan=False).encode("utf-8")
        self.file.seek(0, os.SEEK_END)
        self.places[result.id] = (self.file.tell(), len(line))
        self.file.write(line + b"\n")
        features = self.features.keep(result.features)
        return self.shared.result(
            replace(result, report={"id": result.id}, text=None, features=features)
        )

    def restore(self, results: Sequence[SourceResult]) -> list[SourceResult]:
        """``results`` as :meth:`keep` gave them (all of them, in order), their features'
        arrays back (read from the file where the join asks)."""
        features = self.features.restore([r.features for r in results])
        return [replace(r, features=f) for r, f in zip(results, features, strict=True)]

    def _read(self, place: tuple[int, int]) -> dict[str, Any]:
        self.file.seek(place[0])
        source: dict[str, Any] = json.loads(self.file.read(place[1]))
        return source

    def text_of(self, source_id: str) -> str:
        text: str = self._read(self.places[source_id])["text"]
        return text

    def lines(self) -> Iterator[tuple[str, bytes]]:
        """Each spilled report object's source id and JSON text, in the order they were kept."""
        self.file.flush()
        with open(self.path, "rb") as lines:
            yield from zip(self.places, lines, strict=True)

    def __enter__(self) -> _Spill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.file.close()
        self.path.unlink(missing_ok=True)
        self.features.close()
        self.features_path.unlink(missing_ok=True)


class _Shared:
    """One object for each equal word (and word pair) of the results the parent keeps for the
    join: quotes' stems, and figures' context words and subject keys. A result arrives
    unpickled, every word a new string; on 12,000 news-12k articles sharing them took the
    quotes' and figures' features from 293 to 177 MB (tracemalloc). Equal values, so nothing
    the join finds changes."""

    def __init__(self) -> None:
        self.known: dict[Any, Any] = {}

    def one(self, value: T) -> T:
        found: T = self.known.setdefault(value, value)
        return found

    def result(self, result: SourceResult) -> SourceResult:
        one = self.one
        feats, figs = result.features, result.figures
        quotes = tuple(replace(q, stems=tuple(map(one, q.stems))) for q in feats.quotes)
        contexts = tuple(
            tuple(one((one(stem), one(word))) for stem, word in context)
            for context in figs.contexts
        )
        subjects = tuple(frozenset(map(one, keys)) for keys in figs.subjects)
        return replace(
            result,
            features=replace(feats, quotes=quotes),
            figures=replace(figs, contexts=contexts, subjects=subjects),
        )


@contextmanager
def _engine_for(options: Options, engine: Engine | None) -> Iterator[Engine]:
    """``engine`` as it is, or one made from ``options`` and closed after use."""
    if engine is not None:
        yield engine
        return
    with open_engine(options) as made:
        yield made


@contextmanager
def open_engine(options: Options) -> Iterator[Engine]:
    """The engine ``options`` ask for, to share between the analysis and the rendering of a
    corpus report; closed when the ``with`` block ends, or aborted (its workers ended at
    once) when it ends by an error or Ctrl-C."""
    engine = make_engine(options.engine, options.jobs, options.scheduler, options.rules)
    try:
        yield engine
    except BaseException:
        engine.abort()
        raise
    engine.close()


def corpus_label(corpus_dir: Path) -> str:
    """How the corpus is named inside reports: ``.``, the corpus itself, whatever its folder
    is called or wherever it lies, so that a valid corpus copied elsewhere (a CI checkout, a
    renamed folder) gives byte-identical reports. Paths inside reports are relative to it."""
    del corpus_dir  # kept in the signature: callers name the corpus they report on
    return "."


@dataclass(frozen=True, slots=True)
class Checked(Generic[T]):
    """What ``check`` found: the ``problems`` and, when a fresh report set was made, what
    ``read_fresh`` made of it (``fresh``)."""

    problems: list[Problem]
    fresh: T | None = None


def validate(
    corpus_dir: Path,
    reports_dir: Path | None,
    options: Options,
    *,
    progress: Progress | None = None,
) -> list[Problem]:
    """Everything wrong with the corpus and (with ``reports_dir``) its reports (see
    :func:`check`)."""
    return check(corpus_dir, reports_dir, options, progress=progress).problems


def check(
    corpus_dir: Path,
    reports_dir: Path | None,
    options: Options,
    *,
    progress: Progress | None = None,
    analyse: bool = False,
    read_fresh: Callable[[Path, dict[str, Any]], T] | None = None,
) -> Checked[T]:
    """Everything wrong with the corpus and (with ``reports_dir``) its reports; with
    ``analyse`` (or ``reports_dir``) a fresh report set is made, and ``read_fresh`` is given
    its directory and its header (e.g. to list the findings a policy may fail on) before it
    is removed. The whole set is written, pages included, even when only its findings are
    read (``analyse`` without ``reports_dir``): the price of holding no report whole.

    Raises ManifestError when the manifest is missing or not JSON (nothing can be checked).
    Reports must exist, validate against their schema, and equal what the corpus gives now; a
    stale corpus.json is told apart by which sources and sections changed. The fresh set is
    written as `provaudit report` writes one (source by source: the report is never held
    whole), into a temporary directory, and compared file by file.
    """
    load_manifest_json(corpus_dir)
    problems = check_corpus(corpus_dir, options.max_bytes)
    if problems:
        if reports_dir is not None:
            problems.append(
                Problem(
                    str(reports_dir), "not compared with the corpus: fix the corpus problems first"
                )
            )
        return Checked(problems)
    if reports_dir is None and not analyse:
        return Checked(problems)
    with tempfile.TemporaryDirectory(prefix="provaudit-validate-") as tmp:
        fresh = Path(tmp) / "reports"
        written = write_corpus_report(corpus_dir, fresh, options, progress=progress)
        if reports_dir is not None:
            problems.extend(_report_problems(reports_dir, fresh, written.names))
        return Checked(
            problems, read_fresh(fresh, written.header) if read_fresh is not None else None
        )


def _report_problems(reports_dir: Path, fresh: Path, names: Sequence[str]) -> list[Problem]:
    """How the report set in ``reports_dir`` differs from the one just written to ``fresh``
    (its files ``names``): a file missing, unreadable, not valid, stale (for corpus.json:
    which sources and sections changed), or left over from another set. Only a file that
    differs is parsed (a stale corpus.json beside the fresh one, to say what changed)."""
    problems = []
    changes: str | None = None
    for name in names:
        path = reports_dir / name
        try:
            if filecmp.cmp(fresh / name, path, shallow=False):
                continue
            actual = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            problems.append(Problem(str(path), "missing (run `provaudit report`)"))
            continue
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(str(path), f"cannot be read ({exc})"))
            continue
        parsed: Any = None
        if name in SCHEMA_OF:
            try:
                parsed = json.loads(actual)
            except json.JSONDecodeError as exc:
                problems.append(
                    Problem(str(path), f"is not valid JSON ({exc.msg}, line {exc.lineno})")
                )
                continue
            errors = schemas.errors(SCHEMA_OF[name], parsed)
            if errors:
                problems.append(Problem(str(path), f"does not validate: {errors[0]}"))
                continue
        if name == CORPUS_JSON:
            report = json.loads((fresh / name).read_text(encoding="utf-8"))
            changes = report_changes(parsed, report)
            detail = f": {changes}" if changes else ""
        elif changes:
            detail = f": rendered from a {CORPUS_JSON} that is stale too"
        else:
            detail = f": rendered differently from the current {CORPUS_JSON} (another version?)"
        problems.append(Problem(str(path), f"is stale (run `provaudit report`){detail}"))
    expected = set(names)
    if reports_dir.is_dir():
        for path in sorted(reports_dir.rglob("*")):
            name = path.relative_to(reports_dir).as_posix()
            if path.is_file() and is_report_entry(name.split("/")[0]) and name not in expected:
                problems.append(Problem(str(path), "is not part of a fresh report (left over)"))
    return problems


SCHEMA_OF = {"corpus.json": "corpus-report", "prov.json": "prov-report"}
