"""Normalise a decoded source into a :class:`~provaudit.model.Document`.

Plain text: byte-order marks (U+FEFF) dropped; every line break (CRLF, CR, NEL, LS, PS, VT, FF)
made ``\\n``; control characters other than tab dropped; Unicode NFC; trailing white space
trimmed from every line; blank lines at either end dropped and runs of blank lines folded to one.
Nothing else changes, so the offset map back to the raw text is exact except inside the few
characters NFC composes. Normalising a normalised text changes nothing.

HTML: the main text is extracted by trafilatura (precision-favouring, comments off) with its
metadata, then normalised as plain text. The text is an extraction, so there is no offset map.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from typing import Any

from ._compat import public_metadata, trafilatura_date_params, trafilatura_metadata
from .byline import author
from .errors import EmptySourceError
from .model import Document, Metadata, OffsetMap, Span
from .pagestructure import page_blocks
from .pagetext import page_words_to_judge

HTML_MEDIA_TYPE = "text/html"
TEXT_MEDIA_TYPE = "text/plain"

# Every code point str.splitlines() treats as a line boundary, CRLF first so it counts once.
_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Sniffing: an HTML document announces itself in its first kilobyte.
_HTML_SNIFF = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_SNIFF_WINDOW = 1024
# Unicode category Cc less tab and the line breaks split out above, and U+FEFF: a byte-order
# mark anywhere (files concatenated with their marks) is not text.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ufeff]")


def _is_starter(ch: str) -> bool:
    """True when NFC cannot compose ``ch`` with what precedes it (a cluster boundary)."""
    if unicodedata.combining(ch):
        return False
    # Hangul medial vowels and final consonants compose with a preceding syllable or jamo.
    cp = ord(ch)
    return not (0x1161 <= cp <= 0x1175 or 0x11A8 <= cp <= 0x11C2)


def _nfc_line(line: str, base: int, raw_pos: list[int] | None) -> tuple[str, list[tuple[int, int]]]:
    """NFC of one line, with ``(offset in result, raw offset)`` anchors where the shift changes.

    ``raw_pos[i]`` is the raw offset of ``line[i]`` (None: ``base + i``). Composition happens
    inside clusters (a starter and the marks after it), so each cluster is composed alone and
    anchored at its start.
    """

    def pos(i: int) -> int:
        return base + i if raw_pos is None else raw_pos[i]

    if not line:
        return line, []
    if unicodedata.is_normalized("NFC", line):
        if raw_pos is None:
            return line, [(0, base)]
        return line, [(i, raw_pos[i]) for i in range(len(line))]
    whole = unicodedata.normalize("NFC", line)
    anchors: list[tuple[int, int]] = [(0, pos(0))]
    pieces: list[str] = []
    out_len = 0
    start = 0
    for i in range(1, len(line) + 1):
        if i == len(line) or _is_starter(line[i]):
            chunk = unicodedata.normalize("NFC", line[start:i])
            pieces.append(chunk)
            out_len += len(chunk)
            if i < len(line):
                anchors.append((out_len, pos(i)))
            start = i
    if "".join(pieces) != whole:
        # A composition across clusters (rare scripts): map the whole line to its start.
        return whole, anchors[:1]
    return whole, anchors


def normalise_text(
    raw: str, metadata: Metadata | None = None, media_type: str = TEXT_MEDIA_TYPE
) -> Document:
    """Normalise decoded plain text (see the module docstring); keeps an offset map."""
    if raw.startswith("\ufeff"):
        raw_offset = 1
        raw = raw[1:]
    else:
        raw_offset = 0

    out: list[str] = []
    out_len = 0
    anchors: list[tuple[int, int]] = []
    paragraphs: list[tuple[int, int]] = []
    pending_blank = False
    line_start = 0
    breaks = [(m.start(), m.end()) for m in _LINE_BREAK.finditer(raw)]
    breaks.append((len(raw), len(raw)))
    for brk_start, brk_end in breaks:
        line = raw[line_start:brk_start]
        base = line_start + raw_offset
        line_start = brk_end
        raw_pos: list[int] | None = None
        if _CONTROL.search(line):
            raw_pos = [base + i for i, c in enumerate(line) if not _CONTROL.match(c)]
            line = _CONTROL.sub("", line)
        text, line_anchors = _nfc_line(line, base, raw_pos)
        text = text.rstrip()
        if not text:
            pending_blank = bool(out)
            continue
        if out:
            sep = "\n\n" if pending_blank else "\n"
            out.append(sep)
            out_len += len(sep)
        pending_blank = False
        for rel, raw_at in line_anchors:
            if rel <= len(text):
                anchors.append((out_len + rel, raw_at))
        lead = len(text) - len(text.lstrip())
        paragraphs.append((out_len + lead, out_len + len(text)))
        out.append(text)
        out_len += len(text)

    result = "".join(out)
    return Document(
        text=result,
        paragraphs=tuple(Span.of(result, s, e) for s, e in paragraphs),
        metadata=metadata or Metadata(),
        media_type=media_type,
        offsets=_compact(anchors),
    )


def _compact(anchors: list[tuple[int, int]]) -> OffsetMap:
    """Keep only the anchors where the raw-minus-normalised shift changes."""
    norm: list[int] = []
    raw: list[int] = []
    shift: int | None = None
    for n, r in anchors:
        if norm and n == norm[-1]:
            raw[-1] = r
            shift = r - n
            continue
        if r - n != shift:
            norm.append(n)
            raw.append(r)
            shift = r - n
    return OffsetMap(tuple(norm), tuple(raw))


def looks_like_html(raw: str) -> bool:
    """True when the start of ``raw`` declares an HTML document."""
    return _HTML_SNIFF.search(raw[:_SNIFF_WINDOW]) is not None


def normalise_html(raw: str, subject: str = "<html>") -> Document:
    """Extract the main text and metadata of an HTML page with trafilatura, then normalise it."""
    import trafilatura  # deferred: importing trafilatura costs ~0.5 s, plain text never needs it

    tree = trafilatura.load_html(raw)
    if tree is None:
        raise EmptySourceError(subject, "no article text could be extracted from this HTML")
    found = _html_metadata(tree)
    # The tree with metadata read from it, as trafilatura's own metadata pass leaves it; it
    # copies the tree before extracting.
    extracted = trafilatura.bare_extraction(
        tree,
        url=found.url,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        with_metadata=False,
        deduplicate=False,
    )
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        raise EmptySourceError(subject, "no article text could be extracted from this HTML")
    page_words = page_words_to_judge(tree, len(text.split()))
    meta = Metadata(
        title=_clean(found.title),
        author=_clean(found.author),
        date=_clean(found.date),
        sitename=_clean(found.sitename),
        url=_clean(found.url),
    )
    doc = normalise_text(text, meta, HTML_MEDIA_TYPE)
    blocks = page_blocks(tree, [p.text for p in doc.paragraphs])
    return Document(
        doc.text,
        doc.paragraphs,
        meta,
        HTML_MEDIA_TYPE,
        offsets=None,
        page_words=page_words,
        blocks=blocks,
    )


def _html_metadata(tree: Any) -> Any:
    """The title, author, date, site name and URL of a parsed page, as trafilatura's
    ``extract_metadata`` finds them, without the categories, tags, licence and host name,
    which no report shows: those took ~15% of trafilatura's time on the 181 pages of
    ../shared/data/extraction-benchmark. The date: :func:`_publication_date`. Where the
    installed trafilatura lacks the steps, its public ``extract_metadata`` (see _compat.py)."""
    steps, date_params = trafilatura_metadata(), trafilatura_date_params()
    if steps is None or date_params is None:
        return public_metadata(tree)
    found = _described(tree, steps)
    found.date = _publication_date(tree, found.url, *date_params)
    found.clean_and_trim()
    return found


def _described(tree: Any, tm: Any) -> Any:
    """trafilatura's metadata steps but the date (same steps, same order), not yet cleaned;
    the author by :func:`provaudit.byline.author`, which finds what trafilatura's
    ``extract_author`` finds without copying the tree. ``tm``: trafilatura.metadata."""
    found = tm.examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None
    # As trafilatura does: a bug in its JSON-LD reader leaves the metadata found so far.
    with contextlib.suppress(Exception):
        found = tm.extract_meta_json(tree, found)
    if not found.title:
        found.title = tm.extract_title(tree)
    if not found.author:
        found.author = author(tree)
    if not found.url:
        found.url = tm.extract_url(tree, None)
    if not found.sitename:
        found.sitename = tm.extract_sitename(tree)
    if found.sitename:
        found.sitename = found.sitename.lstrip("@")
        if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
            found.sitename = found.sitename.title()
    elif found.url:
        match = tm.META_URL.match(found.url)
        if match:
            found.sitename = match[1]
    return found


def _publication_date(
    tree: Any, url: str | None, fast: dict[str, Any], extensive: dict[str, Any] | None
) -> str | None:
    """The page's date by htmldate's fast search, else by its extensive search (which
    trafilatura's metadata runs on every page, as its default configuration asks).

    The extensive search differs mainly in reading dates in running text with dateparser,
    whose first use loads its locales and patterns, paid by every one-page audit that gets
    there. ``python bench/dates.py`` compares this with the extensive search alone on the
    181 pages of ../shared/data/extraction-benchmark: the same date on every page (two need
    the extensive search), and the time of each in a fresh process."""
    from htmldate import find_date

    found: str | None = find_date(tree, **fast, url=url)
    if found is None and extensive is not None:
        found = find_date(tree, **extensive, url=url)
    return found


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = unicodedata.normalize("NFC", " ".join(value.split()))
    return value or None


def normalise(raw: str, media_type: str | None = None, subject: str = "<input>") -> Document:
    """Normalise decoded input, as HTML when ``media_type`` says so (or, when None, it looks so)."""
    if media_type is None:
        media_type = HTML_MEDIA_TYPE if looks_like_html(raw) else TEXT_MEDIA_TYPE
    doc = normalise_html(raw, subject) if media_type == HTML_MEDIA_TYPE else normalise_text(raw)
    if not doc.text:
        raise EmptySourceError(subject, "no text (empty or only white space)")
    return doc
