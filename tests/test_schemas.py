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


def _broken_reports() -> list[tuple[str, dict[str, object]]]:
    """Reports with one thing wrong each, in the places the schema constrains most."""
    good = json.loads((ROOT / "reports" / "corpus.json").read_text(encoding="utf-8"))
    out = []

    def broken(label: str, change: object) -> None:
        report = json.loads(json.dumps(good))
        change(report)  # type: ignore[operator]
        out.append((label, report))

    source = "sources"
    rich = next(
        i for i, s in enumerate(good[source]) if s["figures"] and s["languages"]["passages"]
    )
    broken("extra top-level key", lambda r: r.update(extra=1))
    broken("negative offset", lambda r: r[source][0]["quotes"][0].update(start=-1))
    broken("unevaluated property", lambda r: r[source][0]["quotes"][0].update(colour="red"))
    broken("missing passage fields", lambda r: r[source][rich]["languages"]["passages"].append({}))
    broken("wrong enum", lambda r: r[source][rich]["figures"][0].update(kind="weight"))
    broken("tail of the wrong type", lambda r: r[source][0].update(offtopic_tail="tail"))
    broken("cluster of one", lambda r: r["quote_clusters"][0].update(members=[]))
    broken(
        "confidence over one",
        lambda r: r[source][rich]["languages"]["passages"][0].update(confidence=2),
    )
    broken("string version", lambda r: r.update(schema_version=1))
    return out


@pytest.mark.parametrize(("label", "report"), _broken_reports(), ids=lambda x: str(x)[:30])
def test_fast_validity_agrees_with_jsonschema(label: str, report: dict[str, object]) -> None:
    """schemas.is_valid (jsonschema-rs) rejects what jsonschema rejects, and errors() words it."""
    python_errors = list(schemas.validator("corpus-report").iter_errors(report))
    assert python_errors, label
    assert not schemas.is_valid("corpus-report", report)
    assert schemas.errors("corpus-report", report)


def test_fast_validity_accepts_the_shipped_reports() -> None:
    for name, file in (("corpus-report", "corpus.json"), ("prov-report", "prov.json")):
        report = json.loads((ROOT / "reports" / file).read_text(encoding="utf-8"))
        assert schemas.is_valid(name, report)
        assert not list(schemas.validator(name).iter_errors(report))
