"""The rules an audit applies (cue lists, outlet names, thresholds), loaded as data.

The shipped defaults are ``data/rules/SECTION.toml``, one file per rules module
(:mod:`provaudit.rules.align` reads section ``align``, ...), each threshold beside the comment
that says how it was chosen. A user's rules extend or override them, applied in this order:

1. ``[tool.provaudit.SECTION]`` tables in the ``pyproject.toml`` next to the corpus: the one in
   the corpus directory, else the one in its parent directory (the first found; none when a
   run has no corpus);
2. ``--rules FILE`` (``rules=`` in the API): a TOML file of ``[SECTION]`` tables.

Within a section, per key: ``key = value`` replaces the value; ``extend-key = value`` adds to a
list the items it does not hold yet, or to a table its entries (an entry of the same name
replaced). An unknown section or key, or a value of another type than the default's, is an
error naming the file and the key (exit 2).

The rules in force are one immutable :class:`Rules` object whose :attr:`Rules.digest` (SHA-256
of its canonical JSON) the report records. A run sets it (:func:`using`) and the rules modules
read it (``provaudit.rules.quotes.current()``); the engines carry it to every worker process
and Dask task (:mod:`provaudit.engine`), so a worker never falls back to defaults of its own.
Outside a run (a stage called directly) the shipped defaults are in force.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

from .errors import OutputError, RulesError

# The rules modules whose values are data, each with data/rules/NAME.toml.
SECTIONS = ("align", "figures", "languages", "offtopic", "provenance", "quotes")
DATA_DIR = Path(__file__).parent / "data" / "rules"
EXTEND = "extend-"
# Sections shipped as data that a user's file may not change, and why.
FIXED = {
    "offtopic": "the boilerplate model (data/offtopic_model.json) was fit on features computed "
    "with these values; refit it with the new ones instead (python bench/train_offtopic.py)",
}
PYPROJECT = "pyproject.toml"
# Keys whose values are lists of regular expressions (checked when a user's file is read, so
# a bad one is an error naming the file, not a failure inside a worker).
CUES = "-cues"

V = TypeVar("V")


class Rules:
    """Rules in force: ``sections`` maps a section to its keys' values (JSON types, as in the
    TOML files); ``files`` names the user files applied, in order (not part of the digest:
    the same rules from another file are the same rules). Immutable; views built from it
    (:meth:`view`) are kept with it, so a worker builds its patterns once."""

    __slots__ = ("_views", "digest", "files", "sections")

    def __init__(self, sections: Mapping[str, Mapping[str, Any]], files: tuple[str, ...] = ()):
        self.sections: Mapping[str, Mapping[str, Any]] = {
            name: dict(sections[name]) for name in sorted(sections)
        }
        self.files = files
        self.digest = hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()
        self._views: dict[str, Any] = {}

    def canonical_json(self) -> str:
        """The rules as JSON with sorted keys and no spaces: what the digest is of."""
        return json.dumps(self.sections, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    def view(self, section: str, build: Callable[[Mapping[str, Any]], V]) -> V:
        """The typed view of ``section`` that ``build`` makes, built once per Rules object."""
        try:
            found: V = self._views[section]
        except KeyError:
            found = self._views[section] = build(self.sections[section])
        return found

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rules) and other.digest == self.digest

    def __hash__(self) -> int:
        return hash(self.digest)

    def __reduce__(self) -> tuple[Any, tuple[str, tuple[str, ...]]]:
        # Crosses to a worker as its JSON; the views are rebuilt there (compiled patterns
        # do not pickle cheaply, and most are never used).
        return _from_json, (self.canonical_json(), self.files)

    def __repr__(self) -> str:
        return f"Rules(digest={self.digest[:12]}, files={list(self.files)})"


def _from_json(text: str, files: tuple[str, ...]) -> Rules:
    return Rules(json.loads(text), files)


def _toml() -> ModuleType:
    """The TOML parser, imported when a file is to be parsed (not when the shipped rules come
    from the cache)."""
    if sys.version_info >= (3, 11):
        import tomllib as parser
    else:  # Python 3.10: the same parser, from PyPI
        import tomli as parser
    module: ModuleType = parser
    return module


@cache
def defaults() -> Rules:
    """The shipped rules (read once per process)."""
    return Rules(_shipped_sections())


def _shipped_sections() -> dict[str, Any]:
    """The shipped files' tables. Parsing the TOML (and importing the parser) cost a process
    some 5-8 ms, reading the same as JSON 0.2 ms: the parsed tables are kept as JSON in the
    cache directory the lexicon tables use (lexicon.cache_directory), under a digest of the
    files' bytes, and parsed again when they change or the cache cannot be read or written."""
    from .fsio import atomic_write_bytes
    from .lexicon import cache_directory

    raw = {name: (DATA_DIR / f"{name}.toml").read_bytes() for name in SECTIONS}
    key = hashlib.sha256(json.dumps({k: v.hex() for k, v in raw.items()}).encode()).hexdigest()
    path = cache_directory() / f"rules-{key[:24]}.json"
    try:
        cached = json.loads(path.read_bytes())
        if isinstance(cached, dict) and sorted(cached) == sorted(SECTIONS):
            return cached
    except (OSError, ValueError):
        pass
    toml = _toml()
    sections = {name: toml.loads(data.decode("utf-8")) for name, data in raw.items()}
    with suppress(OSError, OutputError):  # a read-only home: parsed each time
        atomic_write_bytes(path, json.dumps(sections, ensure_ascii=False).encode(), sync=False)
    return sections


def find_pyproject(corpus_dir: Path) -> Path | None:
    """The pyproject.toml next to a corpus: in its directory, else in the parent directory."""
    for folder in (corpus_dir, corpus_dir.absolute().parent):
        candidate = folder / PYPROJECT
        if candidate.is_file():
            return candidate
    return None


def load_rules(rules_file: str | Path | None = None, corpus_dir: Path | None = None) -> Rules:
    """The rules for a run: the defaults, then ``[tool.provaudit]`` of the pyproject.toml next
    to ``corpus_dir`` (if any), then ``rules_file`` (if given). Raises RulesError."""
    base = defaults()
    layers: list[tuple[str, Mapping[str, Any], str]] = []
    pyproject = find_pyproject(corpus_dir) if corpus_dir is not None else None
    if pyproject is not None:
        tool = _read_toml(pyproject).get("tool", {})
        table = tool.get("provaudit") if isinstance(tool, dict) else None
        if table is not None:
            if not isinstance(table, dict):
                raise RulesError(str(pyproject), "tool.provaudit must be a table")
            layers.append((str(pyproject), table, "tool.provaudit."))
    if rules_file is not None:
        layers.append((str(rules_file), _read_toml(Path(rules_file)), ""))
    if not layers:
        return base
    sections = {name: dict(values) for name, values in base.sections.items()}
    for file, table, prefix in layers:
        _apply(sections, table, file, prefix)
    return Rules(sections, tuple(file for file, _, _ in layers))


def _read_toml(path: Path) -> dict[str, Any]:
    tomllib = _toml()
    try:
        with open(path, "rb") as file:
            table: dict[str, Any] = tomllib.load(file)
            return table
    except OSError as exc:
        raise RulesError(str(path), f"cannot be read ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(str(path), f"is not valid TOML ({exc})") from None


def _apply(
    sections: dict[str, dict[str, Any]], table: Mapping[str, Any], file: str, prefix: str
) -> None:
    """Apply a user's ``table`` of sections to ``sections`` (in place)."""
    for section, values in table.items():
        if section not in sections:
            known = ", ".join(sorted(sections))
            raise RulesError(file, f"unknown rules section '{prefix}{section}' (known: {known})")
        if section in FIXED:
            raise RulesError(file, f"'{prefix}{section}' cannot be changed: {FIXED[section]}")
        if not isinstance(values, dict):
            raise RulesError(file, f"'{prefix}{section}' must be a table of rules")
        current = sections[section]
        for key, value in values.items():
            name = key.removeprefix(EXTEND)
            where = f"{prefix}{section}.{key}"
            if name not in current:
                raise RulesError(file, f"unknown rule '{where}'")
            default = current[name]
            value = _checked(value, default, file, where)
            if name.endswith(CUES):
                _check_patterns(value, file, where)
            if name == key:
                current[name] = value
            elif isinstance(default, list):
                current[name] = default + [item for item in value if item not in default]
            elif isinstance(default, dict):
                current[name] = {**default, **value}
            else:
                raise RulesError(file, f"'{where}': only a list or a table can be extended")


def _check_patterns(patterns: list[str], file: str, where: str) -> None:
    for i, pattern in enumerate(patterns):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise RulesError(file, f"'{where}[{i}]' is not a regular expression ({exc})") from None


# How a value's type is named in an error, checked in this order (a bool is an int too).
_KINDS: tuple[tuple[type, str], ...] = (
    (bool, "true or false"),
    (int, "an integer"),
    (float, "a number"),
    (str, "a string"),
    (list, "a list"),
    (dict, "a table"),
)


def _kind(value: Any) -> str:
    return next((name for kind, name in _KINDS if isinstance(value, kind)), type(value).__name__)


def _checked(value: Any, default: Any, file: str, where: str) -> Any:
    """``value`` if it has the default's type (an integer where a number is due becomes a
    float; a list's items and a table's values are checked against the default's)."""
    if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if _kind(value) != _kind(default):
        raise RulesError(file, f"'{where}' must be {_kind(default)}, not {_kind(value)}")
    if isinstance(value, list) and default:
        return [_checked(item, default[0], file, f"{where}[{i}]") for i, item in enumerate(value)]
    if isinstance(value, dict) and default:
        first = next(iter(default.values()))
        return {
            k: _checked(v, default.get(k, first), file, f"{where}.{k}") for k, v in value.items()
        }
    return value


# --- The rules in force -----------------------------------------------------------------------

_ACTIVE: ContextVar[Rules | None] = ContextVar("provaudit_rules", default=None)


def active() -> Rules:
    """The rules in force in this thread: the run's (see :func:`using`), else the defaults."""
    rules = _ACTIVE.get()
    return rules if rules is not None else defaults()


@contextmanager
def using(rules: Rules | None) -> Iterator[Rules]:
    """Run the ``with`` block under ``rules`` (None: the defaults)."""
    token = _ACTIVE.set(rules)
    try:
        yield active()
    finally:
        _ACTIVE.reset(token)


def install(rules: Rules | None) -> None:
    """Put ``rules`` in force for the rest of this thread's life (a worker process's start)."""
    _ACTIVE.set(rules)


def attribute(key: str) -> str:
    """The view attribute of a data key: ``shingle-words`` is ``SHINGLE_WORDS``."""
    return key.upper().replace("-", "_")


def builder(cls: Callable[..., V]) -> Callable[[Mapping[str, Any]], V]:
    """A function making a ``cls`` (a dataclass whose fields are the section's keys as
    :func:`attribute` names them) from a section's data: a list becomes the frozenset or tuple
    its field is declared as, a table a dict."""
    import dataclasses

    kinds = {f.name: str(f.type) for f in dataclasses.fields(cls)}  # type: ignore[arg-type]

    def build(data: Mapping[str, Any]) -> V:
        values = {}
        for key, value in data.items():
            name = attribute(key)
            kind = kinds[name]
            if kind.startswith("frozenset"):
                value = frozenset(value)
            elif kind.startswith("tuple[tuple"):
                value = tuple(tuple(item) for item in value)
            elif kind.startswith("tuple"):
                value = tuple(value)
            values[name] = value
        return cls(**values)

    return build


def data_key(name: str) -> str:
    """The data key of a view attribute: ``SHINGLE_WORDS`` is ``shingle-words``."""
    return name.lower().replace("_", "-")


def overridden(section: str, **values: Any) -> Rules:
    """The rules in force with ``values`` (named as the view's attributes) in ``section``:
    how the sweeps and tests try other values. Sets become sorted lists."""
    base = active()
    if section not in base.sections:
        raise KeyError(section)
    changed = dict(base.sections[section])
    for name, value in values.items():
        key = data_key(name)
        if key not in changed:
            raise KeyError(f"{section}.{key}")
        changed[key] = sorted(value) if isinstance(value, (set, frozenset)) else value
    return Rules({**base.sections, section: changed}, base.files)


def section_view(section: str, cls: Callable[..., V]) -> Callable[[], V]:
    """A rules module's ``current()``: the typed view (a ``cls`` made by :func:`builder`) of
    ``section`` of the rules in force, built once per Rules object."""
    build = builder(cls)

    def current() -> V:
        return active().view(section, build)

    return current


def view_attribute(current: Callable[[], Any], name: str) -> Any:
    """A rules module's ``__getattr__``: ``rules.quotes.NAME`` reads the value in force (for
    benches and tests; the stages bind ``current()`` once per call)."""
    if name.isupper():
        return getattr(current(), name)
    raise AttributeError(name)
