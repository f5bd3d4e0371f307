"""The import direction the README's layout describes, pinned (in the spirit of click's
tests/test_imports.py): cli -> api -> pipeline -> stages -> rules and model, each layer
importing only those below it; the renderers (and the CI findings) read only the report.

Read from the source (ast), so a late import inside a function counts as much as one at the
top. A new edge against the direction fails here: move the shared piece down a layer (as
``text.outlet_slug`` moved out of provenance for render/prov.py), or, where the edge is
deliberate, add it to ``ALLOWED`` with why.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

SRC = ROOT / "src" / "provaudit"

# Layers, lowest first. A module may import its own layer's modules only through ALLOWED
# (or inside its own package, as align's modules do); the bottom layer's, freely.
LAYERS: dict[str, int] = {
    # Shared below everything: the data model, rules (thresholds and cue lists), text
    # toolkit, errors, schemas, file writes, small helpers.
    **dict.fromkeys(
        (
            "",
            "model",
            "errors",
            "memo",
            "text",
            "invisible",
            "patterns",
            "fsio",
            "schemas",
            "_compat",
            "limits",
            "lexicon",
            # What a page says about each paragraph (normalise fills it, offtopic reads it),
            # and the shipped boilerplate model's reader and its text score: no stage of their own.
            "pagestructure",
            "offtopic_model",
            "textfurniture",
        ),
        0,
    ),
    # How much of a page an extraction kept (a count over the parsed page; no stage).
    "pagetext": 0,
    # Ctrl-C recorded for the command line, checked by the engine and the report writers; and
    # what the workers' forkserver imports first (by name, from engine) to ignore Ctrl-C.
    **dict.fromkeys(("interrupt", "_forkserver"), 0),
    "rules": 0,
    # The rules in force (loaded from data files and a user's), read by the rules modules.
    "ruleset": 0,
    # One module (or package) per stage.
    **dict.fromkeys(
        ("normalise", "byline", "languages", "offtopic", "quotes", "figures", "provenance"), 1
    ),
    "align": 1,
    # The pipeline: reading the corpus, fetching, running the stages, over an engine.
    **dict.fromkeys(("corpus", "fetch", "engine", "analyse"), 2),
    # Audits and report sets over the pipeline.
    **dict.fromkeys(("audit", "report"), 3),
    # The public Python API (provaudit.api), then the command line over it.
    "api": 4,
    # EVALUATION.md's measuring code, over the stages and the corpus reader: the benches and
    # the floor tests import it; nothing in the package does.
    "evaluation": 4,
    "cli": 5,
    # python -m provaudit, and the package itself (it imports the public API on first use).
    **dict.fromkeys(("__main__", ""), 6),
}
# Readers of the report: the renderers, and the findings CI formats (ci) are made of. They
# import one another and these, nothing upstream.
REPORT_READERS = {"render", "findings", "ci"}
# invisible: the renderers show bidi controls and invisible characters as visible escapes.
READER_MAY_IMPORT = {"text", "invisible", "errors", "schemas", "fsio", *REPORT_READERS}

ALLOWED = {
    # normalise finds the author with byline's one-pass search (its own helper stage).
    ("normalise", "byline"),
    # Figures match context words as alignment stems, so that inflection agrees across both.
    ("figures", "align"),
    # The alignment indexes the quotes the quotes stage found (its Quote type).
    ("align", "quotes"),
    # Off-topic scoring asks the quotes stage whether a line is speech (a transcript's "...").
    ("offtopic", "quotes"),
    # analyse runs the stages on a corpus source (corpus.Source, the record and the bytes).
    ("analyse", "corpus"),
    # report writes what audit's API builds; audit renders through report's writers.
    ("audit", "report"),
    # The HTML renderer renders sources' pages over the engine the run uses (a task runner:
    # no stage). Issue 19's streaming reports decide where that goes.
    ("render", "engine"),
}


def _layer_key(module: str) -> str:
    """The LAYERS key of a module: its top package under provaudit (align.join -> align)."""
    return module.split(".")[0]


def _imports(path: Path) -> set[str]:
    """The provaudit modules ``path`` imports, relative names (``align.words``, ``rules``)."""
    rel = path.relative_to(SRC).with_suffix("")
    package = list(rel.parts[:-1])  # a module's package; a package's __init__'s, itself
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            if node.module:
                found.add(".".join([*base, node.module]))
            else:
                found.update(".".join([*base, alias.name]) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("provaudit"):
            found.add((node.module or "").removeprefix("provaudit").lstrip("."))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("provaudit"):
                    found.add(alias.name.removeprefix("provaudit").lstrip("."))
    return found


def _edges() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for path in sorted(SRC.rglob("*.py")):
        module = ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix("__init__")
        out.extend((module.rstrip("."), imported) for imported in _imports(path))
    return out


def test_every_module_has_a_layer() -> None:
    modules = {_layer_key(m) for m, _ in _edges()} | {_layer_key(i) for _, i in _edges()}
    assert modules - set(LAYERS) - REPORT_READERS - {"__version__"} == set()


def test_imports_point_down_the_layers() -> None:
    wrong = []
    for module, imported in _edges():
        source, target = _layer_key(module), _layer_key(imported)
        if source == target or target == "__version__" or (source, target) in ALLOWED:
            continue
        if source in REPORT_READERS:
            if target not in READER_MAY_IMPORT:
                wrong.append(f"{module} -> {imported} (a report reader reads only the report)")
            continue
        if target in REPORT_READERS:
            if LAYERS[source] < LAYERS["report"]:
                wrong.append(
                    f"{module} -> {imported} (only reports, the API and the CLI read reports)"
                )
            continue
        # The bottom layer's helpers may use each other (rules read the text toolkit).
        if LAYERS[target] > LAYERS[source] or LAYERS[target] == LAYERS[source] > 0:
            wrong.append(f"{module} -> {imported} (layer {LAYERS[source]} -> {LAYERS[target]})")
    assert wrong == []


def test_the_allowed_exceptions_are_all_still_used() -> None:
    """An exception nothing needs any more is removed, so the pin stays tight."""
    used = {(_layer_key(m), _layer_key(i)) for m, i in _edges()}
    assert ALLOWED - used == set()
