"""The JSON Schemas themselves, and the shipped files that must follow them."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from provaudit import schemas

from conftest import CORPUS, ROOT


@pytest.mark.parametrize("name", sorted(schemas.SCHEMA_FILES))
def test_schema_is_draft_2020_12_with_id_and_version(name: str) -> None:
    schema = schemas.load(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith("urn:provaudit:schema:")
    assert schema["$id"].endswith(":" + schema["version"].rsplit(".", 1)[0])
    # The repository's schemas/ is what the package loads.
    on_disk = json.loads(
        (ROOT / "schemas" / schemas.SCHEMA_FILES[name]).read_text(encoding="utf-8")
    )
    assert on_disk == schema


def test_shipped_manifest_and_report_validate() -> None:
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    assert schemas.errors("manifest", manifest) == []
    report = json.loads((ROOT / "reports" / "corpus.json").read_text(encoding="utf-8"))
    assert schemas.errors("corpus-report", report) == []


def test_report_schema_rejects_a_wrong_span_type() -> None:
    report = json.loads((ROOT / "reports" / "corpus.json").read_text(encoding="utf-8"))
    report["sources"][0]["boilerplate"] = [{"start": -1, "end": 2, "text": "x", "kind": "menu"}]
    assert schemas.errors("corpus-report", report)
