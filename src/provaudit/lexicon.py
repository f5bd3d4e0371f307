"""wordfreq's word lists as compact tables that a process opens in a millisecond.

Reading a language's list from wordfreq's packed file and building a dict of it costs every
process some 0.3 s for the Latin script's 31 languages (and importing wordfreq another 0.1-0.2
s), for an audit of one page that looks up a few hundred words. Instead each table is built
once, from wordfreq's public API (``wordfreq.get_frequency_list``), into a file under the
cache directory, and later processes map that file into memory and look words up in place:
an open-addressing hash table over the words, with each word's frequency bin in each of the
table's languages that lists it (most words are in one or two of them). Nothing is downloaded: the lists are the ones the installed wordfreq ships.

The cache directory is ``$PROVAUDIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/provaudit``, else
``~/.cache/provaudit``; a file's name carries a digest of what it was built from (wordfreq's
version, the languages, the list size, the last bin, this format), so a new wordfreq builds new
tables. Where no directory can be written, a table is built in memory for the process alone.
``python -m provaudit.languages`` builds every table the language analysis can ask for (at
install time, or in a container image); the first audit otherwise builds those it needs.

The word lists are wordfreq's data (Robyn Speer and contributors; CC-BY-SA 4.0): these files
are derived from it, built on the machine that has wordfreq installed, and never shipped.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import mmap
import os
import struct
import zlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from .fsio import atomic_write_bytes

# Bumped whenever the file layout changes (a new name, so old files are never misread).
FORMAT_VERSION = 3
_MAGIC = b"PALEX\x00\x00\x01"
# Header: magic, then words, languages, hash slots, bytes of words (little-endian uint32).
_HEADER = struct.Struct("<8s4I")
_FLOAT_MAGIC = b"PALEX\x00\x01\x01"
_FLOAT_HEADER = struct.Struct("<8s5I")  # a float table's: also its count of stored values
_FLOAT_START = 32  # a float table's values start here, aligned
ABSENT = 0xFFFF  # the bin of a word that a language's list does not hold


def cache_directory() -> Path:
    """Where built tables are kept (see the module docstring)."""
    explicit = os.environ.get("PROVAUDIT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "provaudit"


@functools.cache
def _wordfreq_version() -> str:
    from importlib.metadata import version

    return version("wordfreq")


class _Keyed:
    """An open-addressing hash index over a table file's keys (UTF-8, hashed by CRC-32,
    probed linearly): a key's row number, found in place."""

    def _index(self, view: memoryview, at: int, n_keys: int, n_slots: int, blob_len: int) -> int:
        """Reads the index at ``at``; returns where it ends."""
        self._slots = view[at : at + 4 * n_slots].cast("I")
        at += 4 * n_slots
        self._offsets = view[at : at + 4 * (n_keys + 1)].cast("I")
        at += 4 * (n_keys + 1)
        self._keys = view[at : at + blob_len]
        self._mask = n_slots - 1
        self.size = n_keys
        return at + blob_len

    def _find(self, key: str) -> int:
        """``key``'s row, or -1."""
        raw = key.encode("utf-8", "surrogatepass")
        slot = zlib.crc32(raw) & self._mask
        slots, offsets, keys = self._slots, self._offsets, self._keys
        while True:
            entry = slots[slot]
            if entry == 0:
                return -1
            r = entry - 1
            if keys[offsets[r] : offsets[r + 1]] == raw:
                return r
            slot = (slot + 1) & self._mask


def _index_bytes(keys: Sequence[str]) -> tuple[int, int, bytes]:
    """The hash index of ``keys`` (row ``r`` is ``keys[r]``): its slot count, the length of
    the keys' bytes, and its bytes (slots, key offsets, keys), as :class:`_Keyed` reads them."""
    encoded = [k.encode("utf-8", "surrogatepass") for k in keys]
    n_slots = 1
    while n_slots < 2 * len(encoded) + 1:  # at most half full: short probe runs
        n_slots *= 2
    slots = [0] * n_slots
    mask = n_slots - 1
    for r, raw in enumerate(encoded):
        slot = zlib.crc32(raw) & mask
        while slots[slot]:
            slot = (slot + 1) & mask
        slots[slot] = r + 1
    offsets = [0]
    for raw in encoded:
        offsets.append(offsets[-1] + len(raw))
    return (
        n_slots,
        offsets[-1],
        b"".join(
            (
                struct.pack(f"<{n_slots}I", *slots),
                struct.pack(f"<{len(offsets)}I", *offsets),
                *encoded,
            )
        ),
    )


class Table(_Keyed):
    """Words -> their bins in each of ``languages`` (ABSENT where a list lacks the word),
    looked up in a built table file (or bytes) without loading it into Python objects."""

    def __init__(self, data: bytes | mmap.mmap) -> None:
        magic, n_words, n_langs, n_slots, blob_len = _HEADER.unpack_from(data, 0)
        if magic != _MAGIC:
            raise ValueError("not a provaudit lexicon table")
        self._data = data
        view = memoryview(data)
        at = _HEADER.size
        self._starts = view[at : at + 4 * (n_words + 1)].cast("I")
        n_entries = self._starts[n_words]
        at += 4 * (n_words + 1)
        self._entries = view[at : at + 4 * n_entries].cast("H")
        at += 4 * n_entries
        self._index(view, at, n_words, n_slots, blob_len)
        self.languages = n_langs

    def row(self, key: str) -> list[int] | None:
        """``key``'s bin in each language, or None when no list holds it."""
        r = self._find(key)
        if r < 0:
            return None
        row = [ABSENT] * self.languages
        entries = self._entries
        for i in range(2 * self._starts[r], 2 * self._starts[r + 1], 2):
            row[entries[i]] = entries[i + 1]
        return row


def build(lists: Sequence[Sequence[Sequence[str]] | None], last: int | None = None) -> bytes:
    """The table file of ``lists`` (one per language: wordfreq's bins, each a list of words;
    None for a language without a list), keeping bins up to ``last``. A word listed in several
    bins of one language keeps the last, as a dict built bin by bin would."""
    n_langs = len(lists)
    rows: dict[str, list[int]] = {}
    for k, bins in enumerate(lists):
        for b, words in enumerate(bins or ()):
            if last is not None and b > last:
                break
            for word in words:
                row = rows.get(word)
                if row is None:
                    row = rows[word] = [ABSENT] * n_langs
                row[k] = b
    words = sorted(rows)  # sorted, so that the same lists give the same bytes
    n_slots, blob_len, index = _index_bytes(words)
    # Each word's (language, bin) pairs, the languages that list it only.
    starts = [0]
    entries: list[int] = []
    for w in words:
        for k, b in enumerate(rows[w]):
            if b != ABSENT:
                entries += (k, b)
        starts.append(len(entries) // 2)
    return b"".join(
        (
            _HEADER.pack(_MAGIC, len(words), n_langs, n_slots, blob_len),
            struct.pack(f"<{len(starts)}I", *starts),
            struct.pack(f"<{len(entries)}H", *entries),
            index,
        )
    )


class FloatTable(_Keyed):
    """Keys -> a row of floats (one a column), looked up in place, as :class:`Table`; also a
    read-only mapping (``in``, ``[]``, ``get``), as langdetect's detector reads its n-gram
    probabilities. Only a row's non-zero values are stored (most n-grams belong to a few
    languages); the others read as 0.0.

    A row read is remembered (the keys are n-grams, which text repeats: a few thousand
    distinct ones take the place of a lookup in place each time); rows are shared, never to be
    changed by their reader.
    """

    def __init__(self, data: bytes | mmap.mmap) -> None:
        magic, n_keys, n_cols, n_slots, blob_len, n_entries = _FLOAT_HEADER.unpack_from(data, 0)
        if magic != _FLOAT_MAGIC:
            raise ValueError("not a provaudit float table")
        self._data = data
        view = memoryview(data)
        at = _FLOAT_START
        self._values = view[at : at + 8 * n_entries].cast("d")
        at += 8 * n_entries
        self._starts = view[at : at + 4 * (n_keys + 1)].cast("I")
        at += 4 * (n_keys + 1)
        self._columns = view[at : at + 2 * n_entries].cast("H")
        at += 2 * n_entries + (2 * n_entries) % 4
        self._index(view, at, n_keys, n_slots, blob_len)
        self.columns = n_cols
        self._read: dict[str, list[float] | None] = {}

    def get(self, key: str, default: None = None) -> list[float] | None:
        if key in self._read:
            return self._read[key]
        r = self._find(key)
        row: list[float] | None = None
        if r >= 0:
            row = [0.0] * self.columns
            values, columns = self._values, self._columns
            for i in range(self._starts[r], self._starts[r + 1]):
                row[columns[i]] = values[i]
        self._read[key] = row
        return row

    def __getitem__(self, key: str) -> list[float]:
        row = self.get(key)
        if row is None:
            raise KeyError(key)
        return row

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __len__(self) -> int:
        return self.size


def build_floats(rows: Mapping[str, Sequence[float]], columns: int) -> bytes:
    """The :class:`FloatTable` file of ``rows`` (each of ``columns`` floats, kept exactly: a
    -0.0 is stored, as it is not the 0.0 an absent value reads as)."""
    keys = sorted(rows)
    n_slots, blob_len, index = _index_bytes(keys)
    starts = [0]
    cols: list[int] = []
    values: list[float] = []
    for key in keys:
        row = rows[key]
        if len(row) != columns:
            raise ValueError("every row needs one value a column")
        for k, x in enumerate(row):
            if x != 0.0 or math.copysign(1.0, x) < 0:
                cols.append(k)
                values.append(x)
        starts.append(len(values))
    header = _FLOAT_HEADER.pack(_FLOAT_MAGIC, len(keys), columns, n_slots, blob_len, len(values))
    return b"".join(
        (
            header.ljust(_FLOAT_START, b"\x00"),
            struct.pack(f"<{len(values)}d", *values),
            struct.pack(f"<{len(starts)}I", *starts),
            struct.pack(f"<{len(cols)}H", *cols),
            b"\x00" * ((2 * len(cols)) % 4),
            index,
        )
    )


def cached(name: str, spec: object, make: Callable[[], bytes]) -> bytes | mmap.mmap:
    """The bytes of the cache file for ``spec`` (JSON-able: what its content depends on, with
    this format's version), mapped into memory; built by ``make`` and written first if absent
    (kept in memory if the cache directory cannot be written)."""
    digest = hashlib.sha256(json.dumps([FORMAT_VERSION, spec]).encode()).hexdigest()[:16]
    path = cache_directory() / f"{name}-{digest}.lex"
    try:
        with path.open("rb") as fh:
            return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # absent or unreadable, or empty (ValueError from mmap)
        pass
    data = make()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, data)
    except OSError:
        pass  # not writable: this process keeps its table in memory
    return data


def _frequency_lists(codes: Sequence[str | None], size: str) -> list[list[list[str]] | None]:
    from wordfreq import get_frequency_list

    return [None if code is None else get_frequency_list(code, wordlist=size) for code in codes]


_OPEN: dict[tuple[tuple[str | None, ...], str, int | None], Table] = {}


def table(codes: Sequence[str | None], size: str, last: int | None = None) -> Table:
    """The table of wordfreq's ``size`` lists of ``codes`` (None: a language without a list),
    bins up to ``last``: opened from the cache directory, built there first if absent."""
    key = (tuple(codes), size, last)
    found = _OPEN.get(key)
    if found is None:
        spec = [_wordfreq_version(), list(codes), size, last]
        data = cached(f"wordfreq-{size}", spec, lambda: build(_frequency_lists(codes, size), last))
        found = _OPEN[key] = Table(data)
    return found


def available_large() -> frozenset[str]:
    """The languages with a large list in the installed wordfreq, remembered beside the tables
    (asking wordfreq means importing it, which is what the tables spare)."""
    path = cache_directory() / f"wordfreq-large-languages-{_wordfreq_version()}.json"
    try:
        return frozenset(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        pass
    from wordfreq import available_languages

    codes = sorted(available_languages("large"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, json.dumps(codes).encode())
    except OSError:
        pass
    return frozenset(codes)
