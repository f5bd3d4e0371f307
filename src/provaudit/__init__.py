"""provaudit: source-provenance auditing for news text.

The public API (see :mod:`provaudit.api`) is imported on first use, so that ``import
provaudit`` and ``provaudit --help`` stay cheap::

    import provaudit
    report = provaudit.audit_text("...", "story.txt", outlet="Example News")
"""

from __future__ import annotations

import importlib

# Not typing.TYPE_CHECKING: importing typing costs more than the rest of this module.
TYPE_CHECKING = False

__version__ = "0.1.0"

# Each public name and the module that defines it (imported when the name is first used).
_EXPORTS = {
    "audit_text": "api",
    "audit_html": "api",
    "audit_pages": "api",
    "audit_paths": "api",
    "report_corpus": "api",
    "write_reports": "api",
    "write_corpus_reports": "api",
    "WrittenSet": "api",
    "validate": "api",
    "ingest": "api",
    "ingest_sources": "api",
    "remove": "api",
    "replace": "api",
    "normalised_text": "api",
    "Options": "api",
    "Page": "api",
    "Report": "api",
    "Validation": "api",
    "Problem": "api",
    "SourceError": "api",
    "SourceRecord": "api",
    "CorpusReport": "api",
    "SourceReport": "api",
    "Span": "api",
    "ProvauditError": "errors",
    "InputError": "errors",
    "SourceReadError": "errors",
    "EmptySourceError": "errors",
    "BinarySourceError": "errors",
    "ManifestError": "errors",
    "FetchError": "errors",
    "DuplicateSourceError": "errors",
    "ReportError": "errors",
    "RulesError": "errors",
    "Rules": "ruleset",
    "load_rules": "ruleset",
}

__all__ = [
    "BinarySourceError",
    "CorpusReport",
    "DuplicateSourceError",
    "EmptySourceError",
    "FetchError",
    "InputError",
    "ManifestError",
    "Options",
    "Page",
    "Problem",
    "ProvauditError",
    "Report",
    "ReportError",
    "Rules",
    "RulesError",
    "SourceError",
    "SourceReadError",
    "SourceRecord",
    "SourceReport",
    "Span",
    "Validation",
    "WrittenSet",
    "__version__",
    "audit_html",
    "audit_pages",
    "audit_paths",
    "audit_text",
    "ingest",
    "ingest_sources",
    "load_rules",
    "normalised_text",
    "remove",
    "replace",
    "report_corpus",
    "validate",
    "write_corpus_reports",
    "write_reports",
]

if TYPE_CHECKING:
    from .api import (
        CorpusReport,
        Options,
        Page,
        Problem,
        Report,
        SourceError,
        SourceRecord,
        SourceReport,
        Span,
        Validation,
        WrittenSet,
        audit_html,
        audit_pages,
        audit_paths,
        audit_text,
        ingest,
        ingest_sources,
        normalised_text,
        remove,
        replace,
        report_corpus,
        validate,
        write_corpus_reports,
        write_reports,
    )
    from .errors import (
        BinarySourceError,
        DuplicateSourceError,
        EmptySourceError,
        FetchError,
        InputError,
        ManifestError,
        ProvauditError,
        ReportError,
        RulesError,
        SourceReadError,
    )
    from .ruleset import Rules, load_rules


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
