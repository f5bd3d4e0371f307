"""The JSON Schemas (``schemas/`` at the repository root, packaged as ``provaudit/schemas``)."""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema_rs

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

SCHEMA_FILES = {
    "manifest": "manifest.schema.json",
    "corpus-report": "corpus-report.schema.json",
    "prov-report": "prov-report.schema.json",
}


def _schema_dir() -> Path:
    packaged = resources.files("provaudit") / "schemas"
    if packaged.is_dir():  # an installed wheel
        return Path(str(packaged))
    # An editable install or a source checkout: src/provaudit/../../schemas
    return Path(__file__).resolve().parents[2] / "schemas"


@functools.cache
def load(name: str) -> dict[str, Any]:
    """The parsed schema called ``name`` (a key of SCHEMA_FILES), or one of its definitions
    as a schema of its own (``corpus-report#source``: what one source object must be)."""
    if "#" in name:
        base, definition = name.split("#", 1)
        whole = load(base)
        return {
            "$schema": whole["$schema"],
            "$defs": whole["$defs"],
            "$ref": f"#/$defs/{definition}",
        }
    path = _schema_dir() / SCHEMA_FILES[name]
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


@functools.cache
def validator(name: str) -> Draft202012Validator:
    # jsonschema is imported here, not with this module: only an invalid instance needs it
    # (its messages), and importing it cost every process 0.1 s.
    from jsonschema import Draft202012Validator

    schema = load(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@functools.cache
def _fast_validator(name: str) -> jsonschema_rs.Draft202012Validator:
    return jsonschema_rs.Draft202012Validator(load(name))


def is_valid(name: str, instance: Any) -> bool:
    """Whether ``instance`` follows schema ``name``.

    Decided by jsonschema-rs (compiled): about 500 times faster than jsonschema on a report,
    where jsonschema took a third of the time of an audit of one HTML page, most of it working
    out ``unevaluatedProperties``. Tests check that both agree on valid and invalid reports.
    """
    return _fast_validator(name).is_valid(instance)


def errors(name: str, instance: Any, limit: int = 20) -> list[str]:
    """One line per way ``instance`` fails schema ``name`` (at most ``limit``), in a stable order.

    A valid instance is recognised by :func:`is_valid`; only an invalid one is walked by
    jsonschema, whose messages these are.
    """
    if is_valid(name, instance):
        return []
    found = sorted(
        validator(name).iter_errors(instance),
        key=lambda e: ([str(p) for p in e.absolute_path], e.message),
    )
    lines = []
    for error in found[:limit]:
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        message = error.message
        description = error.schema.get("description") if isinstance(error.schema, dict) else None
        if error.validator == "pattern" and isinstance(description, str):
            # What the field must be, in words, rather than its regular expression.
            described = description[:1].lower() + description[1:].rstrip(".")
            message = f"{error.instance!r} is not valid ({described})"
        message = message if len(message) <= 200 else message[:197] + "..."
        lines.append(f"{where}: {message}")
    return lines
