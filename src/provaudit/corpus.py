"""Reading sources and corpora: the only stage that reads files.

A corpus is a directory with ``manifest.json`` (schema ``schemas/manifest.schema.json``) listing
source files stored below it, each with its SHA-256. Sources are read as bytes, checked for
size and for being text, and decoded (BOM, strict UTF-8, else charset-normalizer).
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as _dt
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from . import schemas
from .errors import (
    BinarySourceError,
    DuplicateSourceError,
    EmptySourceError,
    ManifestError,
    OutputError,
    SourceReadError,
)
from .fsio import atomic_write_bytes
from .limits import DEFAULT_MAX_BYTES
from .normalise import HTML_MEDIA_TYPE, TEXT_MEDIA_TYPE, looks_like_html

MANIFEST_NAME = "manifest.json"
SOURCES_DIR = "sources"
# 1.1 adds original_name and history to an entry (written by ingest, ingest --replace).
MANIFEST_VERSION = "1.1"

# Undecodable bytes are replaced (with a warning) rather than refused when the file is
# otherwise valid UTF-8 and at most this share of its characters is damaged.
MAX_REPLACED_SHARE = 0.001
# When no legacy encoding fits either (charset-normalizer finds none), a file that decodes as
# UTF-8 with multi-byte characters and at most this share damaged is read the same way, not
# refused: a short UTF-8 text with two stray bytes is still UTF-8.
LENIENT_FALLBACK_SHARE = 0.01
# A decoded text with more than this share of control characters is binary, not text.
MAX_CONTROL_SHARE = 0.05

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"%PDF-", "a PDF document (extract its text first)"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a RIFF media file"),
)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
_TEXT_SUFFIXES = {".txt", ".text", ".md"}


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded source text, the encoding it came from, and any warnings about it."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """What is known about one source before it is analysed (a manifest entry, or a file)."""

    id: str
    path: str
    sha256: str
    media_type: str
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    title: str | None = None
    language: str | None = None
    notes: str | None = None

    def to_manifest(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "path": self.path,
            "sha256": self.sha256,
            "outlet": self.outlet,
            "url": self.url,
            "published": self.published,
            "media_type": self.media_type,
        }
        if self.title is not None:
            out["title"] = self.title
        if self.language is not None:
            out["language"] = self.language
        if self.notes is not None:
            out["notes"] = self.notes
        return out


@dataclass(frozen=True, slots=True)
class Source:
    """A source read and decoded: its record, bytes' hash and text."""

    record: SourceRecord
    decoded: Decoded


@dataclass(frozen=True, slots=True)
class Corpus:
    """A loaded manifest: the corpus root, the manifest's hash, and its records in order."""

    root: Path
    manifest_sha256: str
    records: tuple[SourceRecord, ...]
    description: str | None = None
    raw_manifest: dict[str, Any] = field(default_factory=dict, compare=False)

    def source_path(self, record: SourceRecord) -> Path:
        return self.root / record.path


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing `validate` found wrong: ``subject`` (a file) and a one-line message."""

    subject: str
    message: str

    def __str__(self) -> str:
        return f"{self.subject}: {self.message}"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of ``path``, refusing directories, missing files and files over ``max_bytes``.

    Only regular files are read: a FIFO, socket or device in a source's place would block a
    run forever or never end, so the file is checked before it is opened, opened without
    blocking, and checked again on the open descriptor (it may have been swapped between).
    """
    subject = str(path)
    try:
        _check_regular(os.stat(path).st_mode, subject)
        fd = os.open(path, os.O_RDONLY | _O_NONBLOCK | _O_BINARY)
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            _check_regular(info.st_mode, subject)
            if info.st_size > max_bytes:
                raise SourceReadError(
                    subject,
                    f"{info.st_size:,} bytes is over the {max_bytes:,}-byte limit "
                    "(raise it with --max-bytes)",
                )
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise SourceReadError(subject, "no such file") from None
    except PermissionError:
        raise SourceReadError(subject, "permission denied") from None
    except IsADirectoryError:
        raise SourceReadError(subject, "is a directory, not a source file") from None
    except OSError as exc:
        raise SourceReadError(subject, f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise SourceReadError(subject, f"grew past the {max_bytes:,}-byte limit while being read")
    return data


_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)


def _check_regular(mode: int, subject: str) -> None:
    """Refuse anything but a regular file, saying what it is."""
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise SourceReadError(subject, "is a directory, not a source file")
    kind = (
        "a named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "not a regular file"
    )
    raise SourceReadError(subject, f"is {kind}, not a regular file; only regular files are read")


def decode_bytes(data: bytes, subject: str, hint: str | None = None) -> Decoded:
    """Decode source bytes to text, refusing empty and binary input (see the module docstring).

    ``hint`` is a declared charset (an HTTP header's), tried after strict UTF-8.
    """
    if not data:
        raise EmptySourceError(subject, "empty file (0 bytes)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(
                    Decoded(data.decode(encoding), encoding.removesuffix("-sig")), subject
                )
            except UnicodeDecodeError:
                raise BinarySourceError(
                    subject, f"starts with a {encoding} byte-order mark but is not valid {encoding}"
                ) from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise BinarySourceError(subject, f"binary file ({what}), not text")
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"), subject)
    except UnicodeDecodeError:
        pass
    surrogates = _with_encoded_surrogates(data)
    if surrogates is not None:
        return _checked(surrogates, subject)
    if hint:
        try:
            return _checked(Decoded(data.decode(hint), _codec_name(hint)), subject)
        except (UnicodeDecodeError, LookupError):
            pass
    lenient = data.decode("utf-8", errors="replace")
    replaced = lenient.count("\ufffd")
    multibyte = sum(1 for ch in lenient if ord(ch) > 0x7F and ch != "\ufffd")
    as_utf8 = Decoded(
        lenient, "utf-8", (f"{replaced} invalid UTF-8 byte sequence(s) replaced with U+FFFD",)
    )
    if multibyte and replaced <= max(1, int(len(lenient) * MAX_REPLACED_SHARE)):
        return _checked(as_utf8, subject)
    if b"\x00" in data and not _looks_utf16(data):
        raise BinarySourceError(subject, "contains NUL bytes: binary, not text")
    from charset_normalizer import from_bytes  # deferred: only legacy encodings need it

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        if multibyte and replaced <= len(lenient) * LENIENT_FALLBACK_SHARE:
            return _checked(as_utf8, subject)
        raise BinarySourceError(subject, "not text in any known character encoding")
    return _checked(Decoded(str(best), _codec_name(best.encoding)), subject)


def _with_encoded_surrogates(data: bytes) -> Decoded | None:
    """UTF-8 whose only fault is encoded surrogates (CESU-8 or WTF-8 output, ED A0 80 for
    U+D800): UTF-8 with each replaced by U+FFFD and a warning, not a guess at a legacy code
    page, or None when the bytes have other faults too."""
    try:
        text = data.decode("utf-8", errors="surrogatepass")
    except UnicodeDecodeError:
        return None
    text, count = _SURROGATES.subn("\ufffd", text)
    return Decoded(
        text, "utf-8", (f"{count} encoded surrogate(s) (invalid in UTF-8) replaced with U+FFFD",)
    )


_SURROGATES = re.compile("[\ud800-\udfff]")


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: NUL in every other byte of mostly-Latin text."""
    sample = data[:4096]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2 or 1
    return max(even, odd) / half > 0.3 and min(even, odd) / half < 0.05


def _codec_name(encoding: str) -> str:
    """A readable, stable codec name (charset-normalizer says ``cp1251`` or ``utf_8``)."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return encoding
    return name.replace("_", "-")


def _checked(decoded: Decoded, subject: str) -> Decoded:
    text = decoded.text
    if not text.strip():
        raise EmptySourceError(subject, "only white space, no text")
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    if controls > len(sample) * MAX_CONTROL_SHARE:
        raise BinarySourceError(subject, "mostly control characters: binary, not text")
    return decoded


def media_type_for(name: str, text: str) -> str:
    """text/html or text/plain, by the file name's suffix, else by sniffing the text."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in _HTML_SUFFIXES:
        return HTML_MEDIA_TYPE
    if suffix in _TEXT_SUFFIXES:
        return TEXT_MEDIA_TYPE
    return HTML_MEDIA_TYPE if looks_like_html(text) else TEXT_MEDIA_TYPE


def id_from_name(name: str) -> str:
    """A source id from a file name: its stem with anything but letters, digits, ._- replaced."""
    stem = PurePosixPath(name).stem or "source"
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-._")
    return cleaned[:128] or "source"


# --- corpora -------------------------------------------------------------------------------


def load_manifest_json(root: Path) -> tuple[dict[str, Any], bytes]:
    """The manifest of corpus ``root`` parsed (not yet schema-checked), and its bytes.

    Parsing is strict: UTF-8 only, no duplicate keys (JSON leaves their meaning open, and two
    readers could see two manifests), no NaN or Infinity, no lone surrogates (they cannot be
    written back as UTF-8), and at most MAX_MANIFEST_DEPTH levels of nesting.
    """
    path = root / MANIFEST_NAME
    if not root.exists():
        raise ManifestError(str(root), "no such corpus directory")
    if not root.is_dir():
        raise ManifestError(
            str(root), "is not a directory (a corpus is a directory with manifest.json)"
        )
    try:
        data = read_bytes(path, MAX_MANIFEST_BYTES)
    except SourceReadError as exc:
        if exc.message == "no such file":
            raise ManifestError(
                str(path), "no manifest (create one with `provaudit ingest`)"
            ) from None
        raise ManifestError(exc.subject, exc.message) from None
    try:
        parsed = json.loads(
            data.decode("utf-8"),
            object_pairs_hook=_unique_keys,
            parse_constant=_no_constant,
        )
    except UnicodeDecodeError as exc:
        raise ManifestError(
            str(path), f"is not UTF-8 text (invalid byte at offset {exc.start})"
        ) from None
    except json.JSONDecodeError as exc:
        raise ManifestError(
            str(path), f"is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    except _StrictJSONError as exc:
        raise ManifestError(str(path), str(exc)) from None
    except RecursionError:
        raise ManifestError(
            str(path), f"is nested too deeply (more than {MAX_MANIFEST_DEPTH} levels)"
        ) from None
    problem = _strict_problem(parsed)
    if problem:
        raise ManifestError(str(path), problem)
    return parsed, data


# A manifest needs three levels (the object, its sources list, an entry); 32 leaves room for
# anything a future schema adds while keeping the schema check's recursion shallow.
MAX_MANIFEST_DEPTH = 32
# Largest manifest read: an entry takes about 350 bytes, so 64 MiB is ~190,000 sources.
MAX_MANIFEST_BYTES = 64 * 1024 * 1024


class _StrictJSONError(ValueError):
    """JSON that parses but that a manifest may not hold (a duplicate key, NaN)."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _StrictJSONError(f"has the key {key!r} twice in one object")
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise _StrictJSONError(f"holds {name}, which is not JSON")


def _strict_problem(parsed: Any) -> str | None:
    """Too deep a nesting, or a lone surrogate in a key or string, with where it is."""
    stack: list[tuple[Any, str, int]] = [(parsed, "", 1)]
    while stack:
        value, where, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth > MAX_MANIFEST_DEPTH:
                return f"is nested too deeply (more than {MAX_MANIFEST_DEPTH} levels, at {where})"
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str):
                    if _SURROGATES.search(key):
                        return f"{where or 'the top level'} has a key with {_surrogate_at(key)}"
                    inner = f"{where}.{key}" if where else key
                else:
                    inner = f"{where}[{key}]"
                stack.append((item, inner, depth + 1))
        elif isinstance(value, str) and _SURROGATES.search(value):
            return f"{where or 'the top level'}: {_surrogate_at(value)}"
    return None


def _surrogate_at(text: str) -> str:
    match = _SURROGATES.search(text)
    assert match is not None
    return (
        f"a lone surrogate \\u{ord(match.group()):04x} at character {match.start()} "
        "(not text: it cannot be encoded as UTF-8)"
    )


def manifest_problems(manifest: Any, subject: str) -> list[Problem]:
    """Schema violations and duplicate ids/paths/hashes, one Problem each."""
    problems = [Problem(subject, message) for message in schemas.errors("manifest", manifest)]
    if problems:
        return problems
    seen: dict[str, dict[str, str]] = {"id": {}, "path": {}, "sha256": {}}
    for i, entry in enumerate(manifest["sources"]):
        published = entry["published"]
        if published is not None and not _real_date(published):
            problems.append(
                Problem(subject, f"sources[{i}]: published {published!r} is not a date")
            )
        for key, index in seen.items():
            value = entry[key]
            if value in index:
                problems.append(
                    Problem(
                        subject, f"sources[{i}]: duplicate {key} {value!r} (also {index[value]})"
                    )
                )
            else:
                index[value] = f"sources[{i}]"
    return problems


def _real_date(value: str) -> bool:
    """A YYYY-MM-DD that names a day of the calendar (the schema checks only the shape)."""
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def load_corpus(root: Path) -> Corpus:
    """Load and check the manifest of corpus ``root``; raises ManifestError on the first problem."""
    manifest, data = load_manifest_json(root)
    problems = manifest_problems(manifest, str(root / MANIFEST_NAME))
    if problems:
        raise ManifestError(problems[0].subject, problems[0].message)
    records = tuple(
        SourceRecord(
            id=e["id"],
            path=e["path"],
            sha256=e["sha256"],
            media_type=e["media_type"],
            outlet=e["outlet"],
            url=e["url"],
            published=e["published"],
            title=e.get("title"),
            language=e.get("language"),
            notes=e.get("notes"),
        )
        for e in manifest["sources"]
    )
    return Corpus(root, sha256_hex(data), records, manifest.get("description"), manifest)


def resolve_inside(root: Path, relative: str) -> Path:
    """``root / relative`` resolved, refusing anything (``..``, absolute, symlink) outside root.
    (String paths: ``Path.resolve`` and ``Path.parents`` cost 0.3 ms a source.)"""
    rel = PurePosixPath(relative)
    if rel.is_absolute() or ".." in rel.parts or "\\" in relative:
        raise SourceReadError(str(root / relative), "path leaves the corpus directory")
    real_root = os.path.realpath(root)
    real = os.path.realpath(os.path.join(root, relative))
    if real != real_root and not real.startswith(real_root.rstrip(os.sep) + os.sep):
        raise SourceReadError(
            str(root / relative), "resolves (through a symlink) outside the corpus directory"
        )
    return Path(real)


def read_corpus_source(
    corpus: Corpus, record: SourceRecord, max_bytes: int = DEFAULT_MAX_BYTES, verify: bool = True
) -> Source:
    """Read and decode one manifest source, checking its place and (by default) its hash."""
    path = resolve_inside(corpus.root, record.path)
    subject = str(corpus.root / record.path)
    data = read_bytes(path, max_bytes)
    if verify and sha256_hex(data) != record.sha256:
        raise SourceReadError(subject, "sha256 does not match the manifest (the file changed)")
    return Source(record, decode_bytes(data, subject))


def iter_corpus_sources(corpus: Corpus, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Source]:
    """Every source of ``corpus`` in manifest order, read one at a time."""
    for record in corpus.records:
        yield read_corpus_source(corpus, record, max_bytes)


def check_corpus(root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Problem]:
    """Everything wrong with corpus ``root``: manifest, places, hashes, unlisted files."""
    manifest, _ = load_manifest_json(root)
    manifest_path = str(root / MANIFEST_NAME)
    problems = manifest_problems(manifest, manifest_path)
    if problems:
        return problems
    listed: set[Path] = set()
    for entry in manifest["sources"]:
        subject = str(root / entry["path"])
        try:
            path = resolve_inside(root, entry["path"])
        except SourceReadError as exc:
            problems.append(Problem(exc.subject, exc.message))
            continue
        listed.add(path)
        if (root / entry["path"]).is_symlink():
            problems.append(Problem(subject, "is a symlink (store the file itself in the corpus)"))
            continue
        if not path.is_file():
            problems.append(Problem(subject, "listed in the manifest but missing"))
            continue
        try:
            digest = _file_sha256(path)
        except OSError as exc:
            problems.append(Problem(subject, f"cannot be read ({exc.strerror or exc})"))
            continue
        if digest != entry["sha256"]:
            problems.append(
                Problem(
                    subject,
                    f"sha256 {digest[:12]}… does not match the manifest's {entry['sha256'][:12]}…",
                )
            )
    sources_dir = root / SOURCES_DIR
    if sources_dir.is_dir():
        for path in sorted(sources_dir.rglob("*")):
            if path.is_file() and not path.name.startswith(".") and path.resolve() not in listed:
                problems.append(Problem(str(path), "not listed in the manifest"))
    return problems


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# How long a command waits for another one writing the same corpus; an ingest holds the lock
# for well under a second, so a minute is a queue of dozens, not a normal wait.
LOCK_TIMEOUT = 60.0
LOCK_NAME = ".provaudit.lock"


@contextlib.contextmanager
def corpus_lock(root: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the corpus's exclusive write lock (creating ``root`` if needed) for the block.

    Every command that changes a corpus (its manifest or its sources/) runs its whole
    read-modify-write inside this: concurrent ingests then queue instead of each writing a
    manifest that drops the others' entries. Readers need no lock (the manifest is replaced
    atomically and a source file is written before the manifest names it). The lock is an
    OS file lock (fcntl/msvcrt through filelock), released by the kernel if the holder dies.
    """
    from filelock import FileLock, Timeout  # deferred: only writers need it

    if root.exists() and not root.is_dir():
        raise ManifestError(str(root), "is not a directory")
    lock_path = root / LOCK_NAME
    try:
        root.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(lock_path), timeout=timeout)
        lock.acquire()
    except Timeout:
        raise ManifestError(
            str(root),
            f"is locked by another provaudit command (waited {timeout:g} s for {LOCK_NAME})",
        ) from None
    except OSError as exc:
        raise OutputError(
            str(exc.filename or lock_path), f"cannot lock the corpus ({exc.strerror or exc})"
        ) from None
    try:
        yield
    finally:
        lock.release()


@dataclass(frozen=True, slots=True)
class Incoming:
    """A source to add to a corpus: its bytes, the name it came by (a file name, a URL, or
    <stdin>: kept in the manifest as ``original_name``), and what is known about it."""

    data: bytes
    name: str
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    media_type: str | None = None
    notes: str | None = None
    charset: str | None = None
    original_name: str | None = None  # default: name

    @property
    def came_by(self) -> str:
        return self.original_name or self.name


def ingest(
    root: Path,
    data: bytes,
    name: str,
    *,
    outlet: str | None,
    url: str | None = None,
    published: str | None = None,
    media_type: str | None = None,
    notes: str | None = None,
    charset: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> SourceRecord:
    """Store ``data`` in corpus ``root`` and add it to the manifest (created if absent); see
    :func:`ingest_many`."""
    item = Incoming(data, name, outlet, url, published, media_type, notes, charset)
    (record,) = ingest_many(root, [item], max_bytes=max_bytes)
    return record


def _checked_incoming(item: Incoming, max_bytes: int) -> tuple[str, str]:
    """The sha256 and media type of ``item``, after its size and text are checked."""
    if len(item.data) > max_bytes:
        raise SourceReadError(
            item.name, f"{len(item.data):,} bytes is over the {max_bytes:,}-byte limit"
        )
    decoded = decode_bytes(item.data, item.name, hint=item.charset)
    return sha256_hex(item.data), item.media_type or media_type_for(item.name, decoded.text)


def _manifest_for_write(root: Path) -> tuple[dict[str, Any], list[SourceRecord]]:
    """The manifest (a new one when absent) and its records, read under the lock."""
    if (root / MANIFEST_NAME).exists():
        corpus = load_corpus(root)
        return dict(corpus.raw_manifest), list(corpus.records)
    return {"schema_version": MANIFEST_VERSION, "sources": []}, []


def _write_manifest(
    root: Path,
    manifest: dict[str, Any],
    subject: str,
    written: list[tuple[Path, bytes]],
    remove_after: Sequence[Path] = (),
) -> None:
    """Check ``manifest``, write the new source files, then the manifest (once), then remove
    the files it no longer names; a failure removes the new files again (no orphans)."""
    manifest["schema_version"] = _newer_version(
        str(manifest.get("schema_version", MANIFEST_VERSION)), MANIFEST_VERSION
    )
    problems = manifest_problems(manifest, subject)
    if problems:
        raise ManifestError(problems[0].subject, problems[0].message)
    problem = _strict_problem(manifest)  # a lone surrogate in --notes, say
    if problem:
        raise ManifestError(subject, problem)
    # Encoded before anything is written: a manifest that cannot be encoded writes nothing.
    manifest_bytes = dump_manifest(manifest).encode("utf-8")
    done: list[Path] = []
    # One sync for a batch, not one a file: fsync took 85% of ingesting 200 news articles.
    # os.sync flushes every file system, so a single file is fsynced on its own.
    batch_sync = getattr(os, "sync", None) if len(written) > 1 else None
    try:
        for path, data in written:
            atomic_write_bytes(path, data, sync=batch_sync is None)
            done.append(path)
        if batch_sync is not None and written:
            batch_sync()  # the sources are on disk before the manifest names them
        atomic_write_bytes(root / MANIFEST_NAME, manifest_bytes)
    except BaseException:
        for path in done:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    for path in remove_after:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _newer_version(a: str, b: str) -> str:
    """The later of two major.minor versions (a manifest written now uses this version's
    fields, so it says at least MANIFEST_VERSION)."""

    def key(v: str) -> tuple[int, ...]:
        return tuple(int(p) for p in v.split(".") if p.isdigit())

    return a if key(a) >= key(b) else b


def ingest_many(
    root: Path, items: Sequence[Incoming], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[SourceRecord]:
    """Store every item in corpus ``root`` and add them to the manifest in one write.

    Every item is checked (size, text, encoding) before anything is written; the same bytes
    twice (in the corpus or in the batch) are refused, naming both, and nothing is added.
    Under the corpus lock, the source files and then the manifest are each written
    atomically; if the manifest cannot be written, the new source files are removed again.
    Each entry keeps the name its source came by as ``original_name``.
    """
    checked = [(item, *_checked_incoming(item, max_bytes)) for item in items]
    with corpus_lock(root):
        manifest, records = _manifest_for_write(root)
        seen = {r.sha256: f"{r.id} ({r.path})" for r in records}
        taken = {r.id for r in records}
        entries = list(manifest.get("sources", []))
        added: list[SourceRecord] = []
        written: list[tuple[Path, bytes]] = []
        for item, digest, media in checked:
            if digest in seen:
                raise DuplicateSourceError(
                    item.name, f"already in the corpus as {seen[digest]}; nothing added"
                )
            suffix = ".html" if media == HTML_MEDIA_TYPE else ".txt"
            source_id = f"{len(entries):03d}_{digest[:16]}"
            while source_id in taken:  # only after removals or hand edits of the manifest
                source_id += "x"
            record = SourceRecord(
                id=source_id,
                path=f"{SOURCES_DIR}/{source_id}{suffix}",
                sha256=digest,
                media_type=media,
                outlet=item.outlet,
                url=item.url,
                published=item.published,
                notes=item.notes,
            )
            seen[digest] = f"{item.name}, given earlier in this batch"
            taken.add(source_id)
            entries.append({**record.to_manifest(), "original_name": item.came_by})
            written.append((root / record.path, item.data))
            added.append(record)
        manifest["sources"] = entries
        _write_manifest(root, manifest, items[0].name if items else str(root), written)
    return added


def remove_sources(root: Path, ids: Sequence[str]) -> list[SourceRecord]:
    """Take the sources ``ids`` out of the corpus (manifest entry and file), in one manifest
    write; an id the manifest does not list is refused and nothing is removed."""
    with corpus_lock(root):
        manifest, records = _manifest_for_write(root)
        by_id = {r.id: r for r in records}
        unknown = [i for i in ids if i not in by_id]
        if unknown:
            raise ManifestError(
                str(root / MANIFEST_NAME), f"lists no source {unknown[0]!r}; nothing removed"
            )
        gone = set(ids)
        manifest["sources"] = [e for e in manifest["sources"] if e["id"] not in gone]
        removed = [by_id[i] for i in dict.fromkeys(ids)]
        _write_manifest(
            root,
            manifest,
            str(root / MANIFEST_NAME),
            [],
            remove_after=[resolve_inside(root, r.path) for r in removed],
        )
    return removed


def replace_source(
    root: Path, source_id: str, item: Incoming, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> SourceRecord:
    """Accept a corrected file for source ``source_id``: the entry keeps its id (and its
    outlet, URL and date unless ``item`` gives new ones), takes the new bytes' hash and a new
    file, and records the old hash, file and name in its ``history``."""
    digest, media = _checked_incoming(item, max_bytes)
    with corpus_lock(root):
        manifest, records = _manifest_for_write(root)
        entries = list(manifest.get("sources", []))
        index = next((n for n, e in enumerate(entries) if e["id"] == source_id), None)
        if index is None:
            raise ManifestError(
                str(root / MANIFEST_NAME), f"lists no source {source_id!r}; nothing replaced"
            )
        for record in records:
            if record.sha256 == digest:
                same = "the same bytes as" if record.id == source_id else "already in the corpus as"
                raise DuplicateSourceError(
                    item.name, f"{same} {record.id} ({record.path}); nothing replaced"
                )
        old = entries[index]
        suffix = ".html" if media == HTML_MEDIA_TYPE else ".txt"
        path = f"{SOURCES_DIR}/{source_id}-{digest[:12]}{suffix}"
        past = {k: old[k] for k in ("sha256", "path", "original_name") if k in old}
        entry = {
            **old,
            "path": path,
            "sha256": digest,
            "media_type": media,
            "original_name": item.came_by,
            "history": [*old.get("history", []), past],
        }
        for key in ("outlet", "url", "published", "notes"):
            value = getattr(item, key)
            if value is not None:
                entry[key] = value
        entries[index] = entry
        manifest["sources"] = entries
        _write_manifest(
            root,
            manifest,
            item.name,
            [(root / path, item.data)],
            remove_after=[resolve_inside(root, old["path"])],
        )
    return SourceRecord(
        id=source_id,
        path=path,
        sha256=digest,
        media_type=media,
        outlet=entry.get("outlet"),
        url=entry.get("url"),
        published=entry.get("published"),
        title=entry.get("title"),
        language=entry.get("language"),
        notes=entry.get("notes"),
    )


_GLOB_CHARS = re.compile(r"[*?\\[]")


def expand_inputs(specs: Sequence[str]) -> list[str]:
    """Files, directories (every file below, hidden ones left out, in name order), glob
    patterns (``**`` spans directories) and URLs or ``-``, as a list of files and URLs."""
    out: list[str] = []
    for spec in specs:
        path = Path(spec)
        if spec == "-" or spec.lower().startswith(("http://", "https://")):
            out.append(spec)
        elif path.is_dir():
            out.extend(
                str(p)
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif not path.exists() and _GLOB_CHARS.search(spec):
            import glob

            found = sorted(p for p in glob.glob(spec, recursive=True) if Path(p).is_file())
            if not found:
                raise SourceReadError(spec, "matches no file")
            out.extend(found)
        else:
            out.append(spec)
    return out


@dataclass(frozen=True, slots=True)
class ListedSource:
    """One line of an ingest listing: a file (relative to the listing) or a URL, and what is
    known about it."""

    source: str
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    notes: str | None = None


_LISTING_FIELDS = ("path", "url", "outlet", "published", "notes")


def read_listing(path: Path) -> list[ListedSource]:
    """The entries of a JSONL (one object a line) or CSV (a header row) listing of sources to
    ingest: ``path`` or ``url`` (a URL alone is fetched), ``outlet``, ``url``, ``published``,
    ``notes``. A problem is one line naming the listing's line."""
    import csv
    import io

    text = read_bytes(path).decode("utf-8-sig", errors="strict")
    rows: list[tuple[int, dict[str, Any]]] = []
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        rows = [(n + 2, dict(row)) for n, row in enumerate(reader)]
    else:
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ManifestError(f"{path}:{n}", f"is not a JSON object ({exc.msg})") from None
            if not isinstance(row, dict):
                raise ManifestError(f"{path}:{n}", "is not a JSON object")
            rows.append((n, row))
    out = []
    for n, row in rows:
        where = f"{path}:{n}"
        unknown = sorted(k for k in row if k not in _LISTING_FIELDS)
        if unknown:
            raise ManifestError(
                where, f"unknown field {unknown[0]!r} (fields: {', '.join(_LISTING_FIELDS)})"
            )
        values = {k: (str(v).strip() or None) if v is not None else None for k, v in row.items()}
        source = values.get("path")
        if source is None and values.get("url") is None:
            raise ManifestError(where, "names neither a path nor a url")
        if source is not None and not source.lower().startswith(("http://", "https://")):
            source = str(path.parent / source)
        out.append(
            ListedSource(
                source=source or str(values["url"]),
                outlet=values.get("outlet"),
                url=values.get("url"),
                published=values.get("published"),
                notes=values.get("notes"),
            )
        )
    return out


def dump_manifest(manifest: dict[str, Any]) -> str:
    return json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
