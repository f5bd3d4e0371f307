"""The library's entry points: audit sources, report on a corpus, validate a corpus.

The command line is a thin layer over these three functions.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, closing, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from . import schemas
from .analyse import Relations, SourceResult, map_source, relate
from .corpus import (
    DEFAULT_MAX_BYTES,
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
from .errors import SourceReadError
from .fetch import DEFAULT_TIMEOUT, fetch_url, is_url
from .normalise import HTML_MEDIA_TYPE, TEXT_MEDIA_TYPE, normalise
from .report import build_report, render_all


@dataclass(frozen=True, slots=True)
class Options:
    """Every setting an audit takes; the CLI builds one from its arguments.

    ``jobs``: worker processes for the per-source map (None: one per core; 1: this process).
    ``engine``: ``local`` or ``dask`` (then ``scheduler`` is the cluster's address).
    None of these changes a report: every engine gives byte-identical output.
    """

    include_text: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = DEFAULT_TIMEOUT
    jobs: int | None = None
    engine: str = "local"
    scheduler: str | None = None


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
    decoded = decode_bytes(raw.data, raw.name, hint=raw.charset)
    if spec == "-":
        source_id = "stdin"
    elif raw.url is not None:
        source_id = _url_id(raw.url)
    else:
        source_id = id_from_name(Path(spec).name)
    record = SourceRecord(
        id=source_id,
        path=spec,
        sha256=sha256_hex(raw.data),
        media_type=raw.media_type or media_type_for(raw.url or spec, decoded.text),
        outlet=outlet,
        url=raw.url,
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


def _map(
    engine: Engine,
    sources: Iterable[Source],
    count: int,
    *,
    include_text: bool,
    keep_text: bool = False,
    related: bool = True,
    progress: Progress | None = None,
) -> list[SourceResult]:
    """Every source through the map step, in order, on ``engine`` (``related``: see
    :func:`summarise`)."""
    if progress is not None:
        progress.start(count)
    task = functools.partial(
        map_source, include_text=include_text, keep_text=keep_text, related=related
    )
    done = progress.advance if progress is not None else None
    return list(engine.map(task, sources, count=count, done=done))


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


def audit(
    specs: Sequence[str],
    options: Options,
    *,
    corpus_dir: Path | None = None,
    stdin: BinaryIO | None = None,
    outlet: str | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """The report for the sources named by ``specs``, in argument order.

    With ``corpus_dir``, a source whose bytes are in the corpus takes its manifest record, and
    quotes, figures and passages are related against the corpus too (only relations that
    involve an audited source are reported).
    """
    sources = [read_input(s, options, stdin=stdin, outlet=outlet) for s in specs]
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
    with open_engine(options) as engine:
        # Sources named on the command line may not be readable twice (stdin, URLs): the
        # join gets their texts from the map.
        results = _map(
            engine,
            sources,
            len(sources),
            include_text=options.include_text,
            keep_text=True,
            related=corpus is not None or len(sources) > 1,
            progress=progress,
        )
        if corpus is None or corpus_dir is None:
            relations = relate(results, _CorpusTexts(None, results, options), engine.run)
            return build_report([r.report for r in results], relations)
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
        relations = relate(everything, _CorpusTexts(corpus, everything, options), engine.run)
    return build_report(
        [r.report for r in results],
        _involving(relations, audited),
        corpus=corpus,
        corpus_label=corpus_label(corpus_dir),
    )


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
    with _engine_for(options, engine) as engine:
        results = _map(
            engine,
            iter_corpus_sources(corpus, options.max_bytes),
            len(corpus.records),
            include_text=True,
            progress=progress,
        )
        relations = relate(results, _CorpusTexts(corpus, results, options), engine.run)
    return build_report(
        [r.report for r in results],
        relations,
        corpus=corpus,
        corpus_label=corpus_label(corpus_dir),
    )


@contextmanager
def _engine_for(options: Options, engine: Engine | None) -> Iterator[Engine]:
    """``engine`` as it is, or one made from ``options`` and closed after use."""
    if engine is not None:
        yield engine
        return
    with open_engine(options) as made:
        yield made


def open_engine(options: Options) -> AbstractContextManager[Engine]:
    """The engine ``options`` ask for, to share between the analysis and the rendering of a
    corpus report; closed when the ``with`` block ends."""
    return closing(make_engine(options.engine, options.jobs, options.scheduler))


def corpus_label(corpus_dir: Path) -> str:
    """How the corpus is named inside reports: its directory's name, so that a report does not
    depend on the directory it was run from or on how the path was spelled."""
    return corpus_dir.resolve().name or "corpus"


def validate(
    corpus_dir: Path,
    reports_dir: Path | None,
    options: Options,
    *,
    progress: Progress | None = None,
) -> list[Problem]:
    """Everything wrong with the corpus and (with ``reports_dir``) its reports.

    Raises ManifestError when the manifest is missing or not JSON (nothing can be checked).
    Reports must exist, validate against their schema, and equal what the corpus gives now.
    """
    load_manifest_json(corpus_dir)
    problems = check_corpus(corpus_dir, options.max_bytes)
    if reports_dir is None:
        return problems
    if problems:
        problems.append(
            Problem(str(reports_dir), "not compared with the corpus: fix the corpus problems first")
        )
        return problems
    with open_engine(options) as engine:
        report = corpus_report(corpus_dir, options, progress=progress, engine=engine)
        expected = render_all(report, engine)
    for name, content in expected.items():
        path = reports_dir / name
        try:
            actual = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            problems.append(Problem(str(path), "missing (run `provaudit report`)"))
            continue
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(str(path), f"cannot be read ({exc})"))
            continue
        if name.endswith(".json") and name in SCHEMA_OF:
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
        if actual != content:
            problems.append(
                Problem(
                    str(path), "is stale: it differs from a fresh report (run `provaudit report`)"
                )
            )
    return problems


SCHEMA_OF = {"corpus.json": "corpus-report", "prov.json": "prov-report"}
