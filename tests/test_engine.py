"""Engines: worker processes and a Dask cluster give byte-identical reports to one process."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from provaudit import engine as engine_module
from provaudit.audit import Options, corpus_report, write_corpus_report
from provaudit.cli import cli
from provaudit.engine import MIN_ITEMS_FOR_PROCESSES, ProcessEngine
from provaudit.render import html
from provaudit.report import read_set, render_all

from conftest import dask_scheduler, mixed_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return mixed_corpus(
        tmp_path_factory.mktemp("engine") / "corpus", extra=MIN_ITEMS_FOR_PROCESSES + 4
    )


@pytest.fixture(scope="module")
def serial(corpus: Path) -> dict[str, str]:
    return render_all(corpus_report(corpus, Options(jobs=1)))


def test_the_mixed_corpus_has_relations(serial: dict[str, str]) -> None:
    report = json.loads(serial["corpus.json"])
    assert report["quote_clusters"]
    assert report["reused_passages"]


def _streamed(corpus: Path, options: Options) -> dict[str, str]:
    """The set `provaudit report` writes (source by source, through a spill file)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "reports"
        write_corpus_report(corpus, out, options)
        return read_set(out)


def test_worker_processes_give_identical_reports(corpus: Path, serial: dict[str, str]) -> None:
    assert render_all(corpus_report(corpus, Options(jobs=2))) == serial
    # The set written source by source is the whole report's, whatever the --jobs.
    assert _streamed(corpus, Options(jobs=1)) == serial
    assert _streamed(corpus, Options(jobs=2)) == serial


def test_articles_rendered_in_worker_processes_are_the_same(
    serial: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    report = json.loads(serial["corpus.json"])
    # A task per source: enough tasks for the engine to use its processes.
    monkeypatch.setattr(html, "ARTICLES_PER_TASK", 1)
    assert len(report["sources"]) >= MIN_ITEMS_FOR_PROCESSES
    engine = ProcessEngine(2)
    try:
        assert render_all(report, engine) == serial
    finally:
        engine.close()


def test_a_source_cannot_fake_an_article_place(
    serial: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With worker processes the page is rendered around placeholders, then the articles put
    in their places: text that spells a placeholder stays text."""
    report = json.loads(serial["corpus.json"])
    report["sources"][0]["title"] = "<\x00article\x00> and &lt;\x00article\x00&gt;"
    monkeypatch.setattr(html, "ARTICLES_PER_TASK", 1)
    engine = ProcessEngine(2)
    try:
        assert engine.concurrent(len(report["sources"]))
        page = html.render(report, engine)
    finally:
        engine.close()
    assert page == html.render(report)
    assert "<\x00article" not in page


def test_process_engine_keeps_order_and_reraises_input_errors() -> None:
    engine = ProcessEngine(2)
    try:
        assert list(engine.map(abs, range(-30, 0), count=30)) == list(range(30, 0, -1))
    finally:
        engine.close()


def _inverse(n: int) -> float:
    return 1 / n


def test_process_engine_batches_keep_order_progress_and_errors() -> None:
    """Enough items that workers take them in batches (a last one shorter): results in input
    order, progress once an item, and an item's error raised where its result would be."""
    engine = ProcessEngine(2)
    ticks: list[int] = []
    try:
        count = 2 * engine_module.BATCHES_PER_WORKER * 5 + 3
        assert count // (2 * engine_module.BATCHES_PER_WORKER) > 1  # batched
        found = list(engine.map(abs, range(-count, 0), count=count, done=lambda: ticks.append(1)))
        assert found == list(range(count, 0, -1))
        assert len(ticks) == count
        with pytest.raises(ZeroDivisionError):
            list(engine.map(_inverse, range(-count // 2, count // 2), count=count))
    finally:
        engine.close()


def test_dask_cluster_gives_identical_reports(corpus: Path, serial: dict[str, str]) -> None:
    with dask_scheduler() as scheduler:
        options = Options(engine="dask", scheduler=scheduler)
        assert render_all(corpus_report(corpus, options)) == serial
        assert _streamed(corpus, options) == serial


def test_engine_options_on_the_command_line(
    runner: CliRunner, corpus: Path, tmp_path: Path
) -> None:
    result = runner.invoke(cli, ["report", str(corpus), "-o", str(tmp_path / "r"), "-j", "2", "-q"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # --quiet, and no progress bar when stderr is not a terminal
    result = runner.invoke(cli, ["report", str(corpus), "--engine", "dask"])
    assert result.exit_code == 2
    assert "--engine dask needs --scheduler ADDRESS" in result.stderr
