"""Start-up stays cheap: --help, --version and usage errors load no part of the pipeline."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from provaudit import cli, report

# What a command that only prints help must not import: the analysis, its libraries, the
# schemas' validators and the templates.
HEAVY = (
    "provaudit.audit",
    "provaudit.analyse",
    "provaudit.languages",
    "provaudit.report",
    "provaudit.corpus",
    "numpy",
    "jsonschema",
    "jsonschema_rs",
    "jinja2",
    "trafilatura",
    "wordfreq",
    "lxml",
)

_PROBE = """
import json, sys
from provaudit.cli import cli
try:
    cli(sys.argv[1:], prog_name="provaudit")
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["--version"], ["audit", "--help"], ["report", "--help"], ["audit"], ["nope"]],
)
def test_help_and_usage_errors_import_no_pipeline(argv: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(done.stderr.strip().splitlines()[-1]))
    assert "click" in loaded
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_format_names_are_the_renderers() -> None:
    assert tuple(sorted(report.FORMATS)) == cli.FORMAT_NAMES


def test_an_audit_printing_json_loads_no_templates_nor_python_jsonschema() -> None:
    """jinja2 renders only the HTML page, and jsonschema only words an invalid report's
    errors (jsonschema-rs decides validity): a JSON audit imports neither. One source has
    nothing to relate, so the cross-source join and its libraries (numpy, rapidfuzz) stay
    unloaded too (align's lazy names)."""
    from pathlib import Path

    source = sorted((Path(__file__).parents[1] / "corpus" / "sources").iterdir())[0]
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, "audit", "--jobs", "1", "-q", str(source)],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(json.loads(done.stderr.strip().splitlines()[-1]))
    assert "provaudit.analyse" in loaded  # it did audit
    assert not loaded & {"jinja2", "jsonschema", "provaudit.render.html"}
    assert not loaded & {"numpy", "rapidfuzz", "provaudit.align.join", "provaudit.align.index"}


def test_the_join_names_load_on_first_use() -> None:
    """align's lazy names are the join modules' own objects, and an unknown name still fails."""
    import importlib

    from provaudit import align
    from provaudit.align import join

    assert align.relate_features is join.relate_features
    # A function named as its module: still the function once the module has been imported.
    assert align.compare is importlib.import_module("provaudit.align.compare").compare
    for name in align.__all__:  # each name resolves (an AttributeError fails the test)
        getattr(align, name)
    with pytest.raises(AttributeError):
        align.no_such_name  # noqa: B018
