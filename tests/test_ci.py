"""CI formats and the gate's policy: SARIF against the official 2.1.0 schema, GitHub workflow
commands pointing at the right lines, JUnit XML, --fail-on, reports that do not depend on the
corpus folder's name, stale reports that say what changed, the example workflow and the
pre-commit hook."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from provaudit import api, ci
from provaudit.cli import cli
from provaudit.findings import Finding, parse_fail_on, sorted_findings

from conftest import CORPUS, DATA, ROOT, SEEDS

SARIF_SCHEMA = json.loads((DATA / "ci" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
MACHINE_WRITTEN_SEED = "002_ded2b0bbf68fcbc1"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding a copy of the corpus under another name, and the shipped reports."""
    root = tmp_path_factory.mktemp("ws")
    shutil.copytree(CORPUS, root / "elsewhere")
    shutil.copytree(ROOT / "reports", root / "reports")
    return root


def _run(runner: CliRunner, root: Path, *args: str) -> tuple[int, str]:
    with _cwd(root):
        done = runner.invoke(cli, list(args))
    return done.exit_code, done.stdout


class _cwd:
    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> None:
        import os

        self.old = os.getcwd()
        os.chdir(self.path)

    def __exit__(self, *exc: object) -> None:
        import os

        os.chdir(self.old)


def test_a_copied_corpus_validates_against_the_shipped_reports(
    runner: CliRunner, workspace: Path
) -> None:
    code, out = _run(runner, workspace, "validate", "elsewhere", "--reports", "reports", "-j", "1")
    assert (code, out) == (0, "")


def test_sarif_follows_the_official_schema_and_points_at_lines(
    runner: CliRunner, workspace: Path
) -> None:
    code, out = _run(
        runner,
        workspace,
        "validate",
        "elsewhere",
        "--reports",
        "reports",
        "--format",
        "sarif",
        "-j",
        "1",
    )
    assert code == 0
    log = json.loads(out)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    (run,) = log["runs"]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert "machine-written" in rules
    assert "offtopic-tail" in rules
    machine = [r for r in run["results"] if r["ruleId"] == "machine-written"]
    assert len(machine) == 1
    location = machine[0]["locations"][0]["physicalLocation"]
    uri = location["artifactLocation"]["uri"]
    assert uri == f"elsewhere/sources/{MACHINE_WRITTEN_SEED}.txt"
    line = (
        (workspace / uri)
        .read_text(encoding="utf-8")
        .splitlines()[location["region"]["startLine"] - 1]
    )
    assert "assembled autonomously" in line
    assert all(rules[r["ruleIndex"]] == r["ruleId"] for r in run["results"])


def test_github_commands_name_file_and_line_of_each_finding(
    runner: CliRunner, workspace: Path
) -> None:
    code, out = _run(
        runner,
        workspace,
        "validate",
        "elsewhere",
        "--reports",
        "reports",
        "--format",
        "github",
        "--fail-on",
        "machine-written",
        "-j",
        "1",
    )
    assert code == 1
    command = re.compile(r"^::(error|warning|notice) file=([^,]+),line=(\d+),title=([^:]+)::(.+)$")
    lines = out.splitlines()
    assert len(lines) > 10
    checked = 0
    for text in lines:
        found = command.match(text)
        assert found is not None, text
        level, path, line, title, message = found.groups()
        source_line = (workspace / path).read_text(encoding="utf-8").splitlines()[int(line) - 1]
        quoted = re.search(r'"(.+?)(?:…)?"', message)
        if quoted is not None and "%" not in quoted.group(1):
            # The excerpt runs on over line ends: its first word is on the line named.
            first = re.findall(r"\w+", quoted.group(1))[0]
            assert first in source_line, (text, source_line)
            checked += 1
        if title == "provaudit machine-written":
            assert level == "error"
        elif title == "provaudit offtopic-tail":
            assert level == "warning"
    assert checked > 10


def test_junit_has_one_case_a_file_and_fails_where_the_policy_says(
    runner: CliRunner, workspace: Path
) -> None:
    code, out = _run(
        runner,
        workspace,
        "validate",
        "elsewhere",
        "--fail-on",
        "machine-written,self-promotion",
        "--format",
        "junit",
        "-j",
        "1",
    )
    assert code == 1
    suites = ET.fromstring(out)
    assert suites.tag == "testsuites"
    (suite,) = suites.findall("testsuite")
    cases = suite.findall("testcase")
    assert int(suite.get("tests", "0")) == len(cases) > 1
    failed = {c.get("name") for c in cases if c.find("failure") is not None}
    assert failed == {
        f"elsewhere/sources/{MACHINE_WRITTEN_SEED}.txt",
        "elsewhere/sources/003_b5cbadaa41cd3727.txt",
    }
    assert int(suite.get("failures", "0")) == 2
    failure = next(c for c in cases if c.find("failure") is not None).find("failure")
    assert failure is not None
    assert failure.get("type") in {"machine-written", "self-promotion"}


def test_default_policy_fails_only_integrity_problems(runner: CliRunner, tmp_path: Path) -> None:
    shutil.copytree(CORPUS, tmp_path / "c")
    assert runner.invoke(cli, ["validate", str(tmp_path / "c"), "-q"]).exit_code == 0
    done = runner.invoke(cli, ["validate", str(tmp_path / "c"), "--fail-on", "nonsense"])
    assert done.exit_code == 2
    assert "unknown finding kind 'nonsense'" in done.stderr
    (tmp_path / "c" / "sources" / "stray.txt").write_text("stray", encoding="utf-8")
    done = runner.invoke(cli, ["validate", str(tmp_path / "c"), "--format", "json"])
    assert done.exit_code == 1
    body = json.loads(done.stdout)
    assert body["ok"] is False
    assert [f["kind"] for f in body["findings"]] == ["integrity"]
    assert "stray.txt" in body["findings"][0]["file"]


def test_stale_corpus_json_names_the_sources_and_sections_that_changed(
    runner: CliRunner, tmp_path: Path
) -> None:
    shutil.copytree(CORPUS, tmp_path / "c")
    shutil.copytree(ROOT / "reports", tmp_path / "r")
    report = json.loads((tmp_path / "r" / "corpus.json").read_text(encoding="utf-8"))
    report["sources"][2]["boilerplate"] = report["sources"][2]["boilerplate"][1:]
    report["figure_checks"] = []
    (tmp_path / "r" / "corpus.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    done = runner.invoke(
        cli, ["validate", str(tmp_path / "c"), "--reports", str(tmp_path / "r"), "-j", "1"]
    )
    assert done.exit_code == 1
    (line,) = done.stdout.splitlines()
    assert line.startswith(str(tmp_path / "r" / "corpus.json") + ": is stale")
    assert f"sources changed: {MACHINE_WRITTEN_SEED} (boilerplate)" in line
    assert "sections changed: figure_checks" in line


def test_validate_reads_the_findings_from_the_fresh_set_as_the_whole_report_gives_them(
    workspace: Path,
) -> None:
    # validate lists findings from the set it writes, a source at a time (sources.jsonl and
    # header.json), never from a report held whole: the same findings, lines included.
    corpus = workspace / "elsewhere"
    streamed = api.validate(corpus, reports=workspace / "reports", fail_on="all").findings
    whole = api.report_corpus(corpus).findings("all", corpus=corpus)
    assert len(whole) > 20
    assert any(f.line for f in whole)
    assert list(streamed) == sorted_findings(whole)


def test_audit_findings_in_ci_formats(runner: CliRunner, tmp_path: Path) -> None:
    seed = SEEDS / f"{MACHINE_WRITTEN_SEED}.txt"
    done = runner.invoke(cli, ["audit", str(seed), "--format", "sarif", "-j", "1"])
    assert done.exit_code == 0
    log = json.loads(done.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    assert any(r["ruleId"] == "machine-written" for r in log["runs"][0]["results"])
    done = runner.invoke(
        cli, ["audit", str(seed), "--format", "github", "--fail-on", "machine-written", "-j", "1"]
    )
    assert done.exit_code == 1
    assert f"::error file={seed},line=29,title=provaudit machine-written::" in done.stdout


def test_formats_escape_what_ci_would_misread() -> None:
    finding = Finding("integrity", "bad: 100%\nnext", "a,b:c.txt", 3)
    assert ci.github([finding]) == (
        "::error file=a%2Cb%3Ac.txt,line=3,title=provaudit integrity::bad: 100%25%0Anext\n"
    )
    junit = ET.fromstring(ci.junit([finding, Finding("boilerplate", "<x>&", "f", fails=False)]))
    assert junit.find("testsuite/testcase/failure") is not None
    assert "<x>&" in (junit.findtext("testsuite/testcase/system-out") or "")
    empty = ET.fromstring(ci.junit([]))
    assert empty.find("testsuite/testcase").get("name") == "no findings"  # type: ignore[union-attr]
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(json.loads(ci.sarif([finding])))
    assert parse_fail_on("all") >= {"machine-written", "boilerplate"}


def test_example_workflow_runs_the_documented_commands() -> None:
    workflow = yaml.safe_load((ROOT / "examples" / "github-actions.yml").read_text("utf-8"))
    steps = workflow["jobs"]["provenance"]["steps"]
    commands = [s["run"] for s in steps if "provaudit" in s.get("run", "")]
    assert commands
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = re.findall(r"```sh\n(.+?)```", readme[readme.index("## In CI") :], re.DOTALL)[0]
    assert commands == documented.strip().splitlines()
    for command in commands:
        args = shlex.split(command.split(">")[0])
        assert args[0] == "provaudit"
        assert cli.make_context("provaudit", args[1:], resilient_parsing=True) is not None
    assert any("upload-sarif" in s.get("uses", "") for s in steps)


def test_pre_commit_hook_entry_runs(tmp_path: Path) -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["id"] == "provaudit-validate"
    assert hook["pass_filenames"] is False
    shutil.copytree(CORPUS, tmp_path / "corpus")
    entry = shlex.split(hook["entry"])
    assert entry[0] == "provaudit"
    command = [sys.executable, "-m", "provaudit", *entry[1:], *hook["args"]]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    (tmp_path / "corpus" / "sources" / "stray.txt").write_text("stray", encoding="utf-8")
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 1
    assert "stray.txt" in done.stdout
    assert re.match(hook["files"], "corpus/manifest.json")
