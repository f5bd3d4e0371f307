"""Every use of a dependency's internals, in one place, each with its public-API fallback.

A minor release of a dependency may rename or change what is not its public API. Each fast
path below reads something internal; each returns None (or falls back by itself) where the
installed version does not have it, and the caller then takes the public function, which
gives the same answer, slower. tests/test_compat.py checks, on the installed versions, that
every fast path is the one in use and agrees with its public function.

Kept because each is worth more than 1% of an end-to-end run (measured side by side on the
181 pages of ../shared/data/extraction-benchmark, /work/notes/i21.md has the figures):

- **trafilatura's metadata steps** (:func:`trafilatura_metadata`): normalise.py runs
  ``trafilatura.metadata``'s own steps for the title, author, site name and URL, without the
  categories, tags and licence ``extract_metadata`` also reads and no report shows; with
  byline's author and htmldate's fast date search, 9% of a whole HTML audit. Fallback:
  ``trafilatura.extract_metadata``.
- **trafilatura's author expressions** (:func:`trafilatura_author_xpaths`): byline.py
  evaluates them in one walk of the tree instead of trafilatura's copy-and-delete; it checks
  the installed expressions are the ones it translated, else calls trafilatura's own
  :func:`trafilatura_author`. The steps it shares with trafilatura (:func:`trafilatura_trim`,
  :func:`trafilatura_normalize_authors`, :func:`trafilatura_delete_element`) are read here.
- **re's parser** (:func:`regex_parser`): patterns.guarded reads a pattern's possible first
  characters from ``re._parser`` (``sre_parse`` on Python 3.10). Fallback: the pattern
  compiled as written (the same matches, no look-ahead guard).

Language detection reads wordfreq's packed word lists directly (languages.py); that one is
being replaced by precomputed tables (issue 19) and is left there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# --- re --------------------------------------------------------------------------------------


def regex_parser() -> tuple[Any, Any] | None:
    """``(parser, constants)``: the running Python's regular-expression parser and its
    opcode constants (``re._parser``/``re._constants`` from 3.11, ``sre_parse``/
    ``sre_constants`` before), or None if neither is there."""
    try:
        from re import _constants as constants  # type: ignore[attr-defined]
        from re import _parser as parser  # type: ignore[attr-defined]
    except ImportError:
        try:
            import sre_constants as constants
            import sre_parse as parser
        except ImportError:
            return None
    if not hasattr(parser, "parse") or not hasattr(constants, "LITERAL"):
        return None
    return parser, constants


# --- trafilatura: metadata -------------------------------------------------------------------

# The steps of trafilatura.metadata normalise.py runs, in its order.
METADATA_STEPS = (
    "examine_meta",
    "extract_meta_json",
    "extract_title",
    "extract_url",
    "extract_sitename",
    "META_URL",
)


def trafilatura_metadata() -> Any | None:
    """``trafilatura.metadata`` when it has every step of :data:`METADATA_STEPS`, else None
    (take :func:`public_metadata`)."""
    try:
        from trafilatura import metadata
    except ImportError:
        return None
    if not all(hasattr(metadata, name) for name in METADATA_STEPS):
        return None
    return metadata


def public_metadata(tree: Any) -> Any:
    """trafilatura's public ``extract_metadata``: every field, the date by htmldate's
    extensive search (trafilatura's default)."""
    from trafilatura import extract_metadata

    return extract_metadata(tree)


def trafilatura_date_params() -> tuple[dict[str, Any], dict[str, Any] | None] | None:
    """The htmldate parameters trafilatura's metadata passes, for the fast search and (where
    its default configuration asks for it, as it does) the extensive one; None when its
    ``settings`` module does not have them (take :func:`public_metadata`)."""
    try:
        from trafilatura.settings import DEFAULT_CONFIG, set_date_params
    except ImportError:
        return None
    extensive = DEFAULT_CONFIG.getboolean("DEFAULT", "EXTENSIVE_DATE_SEARCH", fallback=True)
    return set_date_params(False), set_date_params(True) if extensive else None


# --- trafilatura: the author -----------------------------------------------------------------


def trafilatura_author_xpaths() -> tuple[str, ...] | None:
    """trafilatura's author expressions then its discard expressions, white space collapsed,
    or None when its ``xpaths`` module does not have them."""
    try:
        from trafilatura import xpaths
    except ImportError:
        return None
    found = (*getattr(xpaths, "AUTHOR_XPATHS", ()), *getattr(xpaths, "AUTHOR_DISCARD_XPATHS", ()))
    if not found or not all(hasattr(x, "path") for x in found):
        return None
    return tuple(" ".join(x.path.split()) for x in found)


def trafilatura_author(tree: Any) -> str | None:
    """trafilatura's own author search (``metadata.extract_author``); where it is gone, the
    author ``extract_metadata`` gives."""
    from trafilatura import metadata

    extract: Callable[[Any], str | None] | None = getattr(metadata, "extract_author", None)
    if extract is None:
        found: str | None = public_metadata(tree).author
        return found
    return extract(tree)


def trafilatura_trim() -> Callable[[str], str]:
    """trafilatura's ``utils.trim`` (white space collapsed and stripped)."""
    from trafilatura.utils import trim

    return trim


def trafilatura_normalize_authors() -> Callable[[str | None, str], str | None]:
    """What trafilatura's ``extract_author`` passes a found name through."""
    from trafilatura.json_metadata import normalize_authors

    return normalize_authors


def trafilatura_delete_element() -> Callable[[Any], None]:
    """trafilatura's ``xml.delete_element`` (an element removed, its tail kept)."""
    from trafilatura.xml import delete_element

    return delete_element
