"""The exceptions provaudit raises on purpose.

Every one names what it is about (``subject``: a file, a URL, a manifest entry) and says the
problem in one line; the CLI prints ``subject: message`` and exits 2. Anything else escaping
the library is a bug.

    ProvauditError
    ├── InputError                bad input a user can fix
    │   ├── SourceReadError       missing, unreadable, a directory, too large
    │   ├── EmptySourceError      empty, whitespace only, or no text left after extraction
    │   ├── BinarySourceError     not text (NUL bytes, an image, undecodable bytes)
    │   ├── ManifestError         corpus manifest missing, malformed, or not valid
    │   ├── FetchError            a URL could not be fetched (timeout, status, size, redirects)
    │   └── RulesError            a rules file unreadable, not TOML, or naming an unknown rule
    ├── DuplicateSourceError      ingest refused: the same bytes are already in the corpus
    ├── OutputError               a file could not be written (read-only, no space, not a dir)
    └── ReportError               a report failed its schema (a bug: never written)
"""

from __future__ import annotations


class ProvauditError(Exception):
    """Base class: ``subject`` is what the problem is about, ``message`` the one-line problem."""

    def __init__(self, subject: str, message: str) -> None:
        super().__init__(f"{subject}: {message}")
        self.subject = subject
        self.message = message

    def __reduce__(self) -> tuple[type[ProvauditError], tuple[str, str]]:
        # Raised in a worker process, it crosses back pickled: rebuild it from both parts.
        return (type(self), (self.subject, self.message))


class InputError(ProvauditError):
    """Bad input that the user can fix."""


class SourceReadError(InputError):
    """A source file is missing, unreadable, a directory, or over the size limit."""


class EmptySourceError(InputError):
    """A source holds no text (empty, only whitespace, or nothing extracted)."""


class BinarySourceError(InputError):
    """A source is not text."""


class ManifestError(InputError):
    """The corpus manifest is missing, malformed JSON, or fails its schema."""


class FetchError(InputError):
    """A URL could not be fetched."""


class RulesError(InputError):
    """A rules file (``--rules``, ``[tool.provaudit]``) cannot be read, is not TOML, or names
    an unknown rule or gives one a value of the wrong type."""


class DuplicateSourceError(ProvauditError):
    """Ingest refused: a source with the same sha256 is already in the corpus."""


class OutputError(ProvauditError):
    """A report or corpus file could not be written: the environment's problem (a read-only
    directory, a full disk, a path under a regular file), not a bug; ``subject`` is the path."""


class ReportError(ProvauditError):
    """A generated report does not validate against its schema (never written)."""
