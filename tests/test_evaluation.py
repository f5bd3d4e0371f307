"""provaudit.evaluation's shared-data lookup, the one every bench and floor test uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from provaudit import evaluation


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project root under tmp_path with no ../shared/data beside it, and no variable set."""
    root = tmp_path / "project"
    root.mkdir()
    monkeypatch.setattr(evaluation, "PROJECT_ROOT", root)
    monkeypatch.delenv(evaluation.SHARED_DATA_VARIABLE, raising=False)
    return root


def test_nothing_there_is_none(project: Path) -> None:
    assert evaluation.shared_data() is None
    assert evaluation.shared_data(project / "missing") is None
    assert evaluation.shared_data_path() == project.parent / "shared" / "data"


def test_beside_the_project(project: Path) -> None:
    beside = project.parent / "shared" / "data"
    beside.mkdir(parents=True)
    assert evaluation.shared_data() == beside


def test_given_then_variable_then_beside(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    beside = project.parent / "shared" / "data"
    given = project.parent / "given"
    named = project.parent / "named"
    for folder in (beside, given, named):
        folder.mkdir(parents=True)
    monkeypatch.setenv(evaluation.SHARED_DATA_VARIABLE, str(named))
    assert evaluation.shared_data(str(given)) == given
    assert evaluation.shared_data() == named
    assert evaluation.shared_data_path() == named
    # A variable naming no folder falls through to the folder beside the project.
    monkeypatch.setenv(evaluation.SHARED_DATA_VARIABLE, str(project / "absent"))
    assert evaluation.shared_data() == beside
