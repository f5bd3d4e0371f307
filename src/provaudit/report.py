"""Reports: build the JSON report (the contract), check it against its schema, render and write.

The only stage that writes files. Every report is validated before anything is written, and
each file is replaced atomically. Report bodies hold no clock time, and every list is in a
defined order, so the same inputs give byte-identical reports.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, schemas
from .analyse import Relations
from .corpus import Corpus
from .engine import SerialEngine
from .errors import ReportError
from .fsio import atomic_write_text
from .render import common, markdown, prov

if TYPE_CHECKING:
    from .engine import Engine

SCHEMA_VERSION = "1.3"
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
        "tool": {"name": "provaudit", "version": __version__},
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


def render_all(report: dict[str, Any], engine: Engine | None = None) -> dict[str, str]:
    """Every report file's name and content, as `provaudit report` writes them: the JSON
    report, Markdown, HTML (which shows each source's text, so ``report`` should carry it) and
    PROV-JSON (checked against its schema before anything is written). With ``engine``, the
    HTML page's per-source parts are rendered on it (the files are the same either way)."""
    engine = engine or SerialEngine()
    # With worker processes, the JSON, Markdown and PROV files are encoded in one while the
    # page renders here (its per-source parts on the other workers).
    pending = engine.submit(_texts, report)
    page = render_html(report, engine)
    json_text, markdown_text, provenance = pending.result()
    return {
        CORPUS_JSON: json_text,
        CORPUS_MD: markdown_text,
        INDEX_HTML: page,
        PROV_JSON: provenance,
    }


def _texts(report: dict[str, Any]) -> tuple[str, str, str]:
    """corpus.json, corpus.md and prov.json (checked against its schema)."""
    provenance = prov.render(report)
    problems = schemas.errors("prov-report", json.loads(provenance))
    if problems:
        raise ReportError(PROV_JSON, f"does not validate against its schema: {problems[0]}")
    return dumps(report), markdown.render(report), provenance


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


def write_reports(
    out_dir: Path, report: dict[str, Any], engine: Engine | None = None
) -> list[Path]:
    """Write every report file into ``out_dir`` atomically; returns the paths written."""
    rendered = render_all(report, engine)
    written = []
    for name, content in rendered.items():
        path = out_dir / name
        atomic_write_text(path, content)
        written.append(path)
    return written


def write_one(path: Path, content: str) -> None:
    """Write one rendered report (``audit -o FILE``) atomically."""
    atomic_write_text(path, content)
