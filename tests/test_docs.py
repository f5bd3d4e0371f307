"""The README's promises: two commands on its first screen, the test command is what CI runs."""

from __future__ import annotations

import re

from conftest import ROOT

FIRST_SCREEN_LINES = 30


def _first_screen_commands() -> list[str]:
    head = "\n".join(
        (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:FIRST_SCREEN_LINES]
    )
    return re.findall(r"```sh\n(.+?)\n```", head, flags=re.DOTALL)


def test_readme_first_screen_has_the_two_commands() -> None:
    commands = _first_screen_commands()
    assert len(commands) == 2
    main_job, tests = commands
    assert "pip install" in main_job
    assert "provaudit report corpus -o reports" in main_job
    assert "pip install" in tests
    assert "pytest" in tests


def test_ci_runs_exactly_the_readme_test_command() -> None:
    test_command = _first_screen_commands()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci
    assert "provaudit validate corpus --reports reports" in ci


def test_ci_checks_style_and_types_before_the_tests() -> None:
    """The README's development section's checks (ruff, ruff format, mypy over src and tests)
    run in CI, before the tests."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    checks = "ruff check . && ruff format --check . && mypy"
    assert checks in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci.index(checks) < ci.index(_first_screen_commands()[1])
