"""Findings in the formats CI servers read: plain lines, JSON, GitHub Actions workflow
commands, SARIF 2.1.0 (code-scanning uploads) and JUnit XML (test-report panels).

Pure functions from a list of findings (:mod:`provaudit.findings`) to text; the order is the
findings' and no clock time is written, so the same findings give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from xml.etree import ElementTree as ET

from . import __version__
from .findings import KINDS, Finding

FORMATS = ("text", "json", "github", "sarif", "junit")
# The schema's own id (OASIS SARIF 2.1.0, errata 01).
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "note": "notice"}


def render(findings: Sequence[Finding], fmt: str, fail_on: frozenset[str] = frozenset()) -> str:
    """``findings`` in one of FORMATS (``text`` shows only those that fail)."""
    if fmt == "text":
        return text(findings)
    if fmt == "json":
        return as_json(findings, fail_on)
    if fmt == "github":
        return github(findings)
    if fmt == "sarif":
        return sarif(findings)
    if fmt == "junit":
        return junit(findings)
    raise ValueError(f"unknown format {fmt!r} (one of: {', '.join(FORMATS)})")


def _where(finding: Finding) -> str:
    where = finding.file or finding.source or "-"
    return f"{where}:{finding.line}" if finding.line is not None else where


def text(findings: Sequence[Finding]) -> str:
    """One ``file[:line]: message`` line a failing finding (integrity problems as they were
    always printed: ``file: message``)."""
    lines = []
    for f in findings:
        if not f.fails:
            continue
        prefix = "" if f.kind in ("integrity", "stale-report") else f"{f.kind}: "
        lines.append(f"{_where(f)}: {prefix}{f.message}")
    return "".join(line + "\n" for line in lines)


def as_json(findings: Sequence[Finding], fail_on: frozenset[str]) -> str:
    """``{"ok", "fail_on", "counts", "findings"}``; ok is whether nothing fails."""
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    body = {
        "ok": not any(f.fails for f in findings),
        "fail_on": sorted(fail_on),
        "counts": dict(sorted(counts.items())),
        "findings": [f.to_json() for f in findings],
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def _escape_data(value: str) -> str:
    # The workflow-command escapes GitHub's runner applies (toolkit/core command.ts).
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(findings: Sequence[Finding]) -> str:
    """GitHub Actions workflow commands: ``::error file=F,line=N,title=T::message``, which
    the runner shows as annotations on the file and line."""
    out = []
    for f in findings:
        props = []
        if f.file is not None:
            props.append(f"file={_escape_property(f.file)}")
        if f.line is not None:
            props.append(f"line={f.line}")
        props.append(f"title={_escape_property(f.title)}")
        message = f.message if f.file is not None else f"{_where(f)}: {f.message}"
        out.append(f"::{_GITHUB_LEVEL[f.level]} {','.join(props)}::{_escape_data(message)}\n")
    return "".join(out)


def sarif(findings: Sequence[Finding]) -> str:
    """A SARIF 2.1.0 log with one run: a rule per kind of finding, a result per finding with
    its file and line (``region.startLine``) where known."""
    rule_ids = sorted({f.kind for f in findings})
    rules = [
        {
            "id": kind,
            "shortDescription": {"text": KINDS.get(kind, (kind, "warning"))[0]},
            "defaultConfiguration": {"level": KINDS.get(kind, (kind, "warning"))[1]},
        }
        for kind in rule_ids
    ]
    results = []
    for f in findings:
        result: dict[str, object] = {
            "ruleId": f.kind,
            "ruleIndex": rule_ids.index(f.kind),
            "level": f.level,
            "message": {"text": f.message if f.file else f"{_where(f)}: {f.message}"},
        }
        if f.file is not None:
            physical: dict[str, object] = {"artifactLocation": {"uri": f.file}}
            if f.line is not None:
                physical["region"] = {"startLine": f.line}
            result["locations"] = [{"physicalLocation": physical}]
        if f.source is not None:
            result["properties"] = {"source": f.source, "fails": f.fails}
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "provaudit",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def junit(findings: Sequence[Finding]) -> str:
    """JUnit XML: one test suite, one test case a file (or subject), failed when a finding
    there fails the gate; the other findings are listed in the case's ``system-out``."""
    cases: dict[str, list[Finding]] = {}
    for f in findings:
        cases.setdefault(f.file or f.source or "provaudit", []).append(f)
    failures = sum(1 for found in cases.values() if any(f.fails for f in found))
    suites = ET.Element("testsuites", name="provaudit", tests=str(len(cases) or 1))
    suites.set("failures", str(failures))
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="provaudit",
        tests=str(len(cases) or 1),
        failures=str(failures),
        errors="0",
        skipped="0",
    )
    if not cases:
        ET.SubElement(suite, "testcase", classname="provaudit", name="no findings")
    for name, found in cases.items():
        case = ET.SubElement(suite, "testcase", classname="provaudit", name=name)
        failing = [f for f in found if f.fails]
        if failing:
            failure = ET.SubElement(
                case,
                "failure",
                message=f"{len(failing)} finding(s) fail the gate: {failing[0].message}"[:500],
                type=failing[0].kind,
            )
            failure.text = "".join(f"{_where(f)}: {f.kind}: {f.message}\n" for f in failing)
        others = [f for f in found if not f.fails]
        if others:
            out = ET.SubElement(case, "system-out")
            out.text = "".join(f"{_where(f)}: {f.kind}: {f.message}\n" for f in others)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"
