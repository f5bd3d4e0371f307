"""Corpus lifecycle: many sources in one ingest (files, directories, globs, JSONL and CSV
listings) in one manifest write, the original name kept, remove, and --replace with history."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from provaudit import fsio, schemas
from provaudit.cli import cli

from conftest import CORPUS


def _story(n: int) -> str:
    return f"Story {n}: a memo obtained by a newspaper says the market is competitive ({n}).\n"


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "deep" / ".hidden").mkdir(parents=True)
    for n in range(3):
        (folder / f"s{n}.txt").write_text(_story(n), encoding="utf-8")
    (folder / "deep" / "page.html").write_text(
        "<html><body><article><p>"
        + " ".join(f"word{i}" for i in range(60))
        + " in an article page.</p></article></body></html>",
        encoding="utf-8",
    )
    (folder / "deep" / ".hidden" / "skip.txt").write_text(_story(99), encoding="utf-8")
    return folder


def _manifest(corpus: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    return loaded


def test_many_sources_in_one_call_and_one_manifest_write(
    runner: CliRunner, tmp_path: Path, inputs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "c"
    shutil.copytree(CORPUS, corpus)
    (tmp_path / "listing.jsonl").write_text(
        json.dumps({"path": "extra.txt", "outlet": "Wire", "published": "2026-04-14"}) + "\n",
        encoding="utf-8",
    )
    (tmp_path / "extra.txt").write_text(_story(7), encoding="utf-8")
    writes: list[Path] = []
    real = fsio.atomic_write_bytes

    def counted(path: Path, data: bytes, **kwargs: bool) -> None:
        writes.append(Path(path))
        real(path, data, **kwargs)

    monkeypatch.setattr("provaudit.corpus.atomic_write_bytes", counted)
    done = runner.invoke(
        cli,
        [
            "ingest",
            str(inputs / "deep"),
            str(inputs / "s[01].txt"),
            str(inputs / "s2.txt"),
            "--from",
            str(tmp_path / "listing.jsonl"),
            "--corpus",
            str(corpus),
            "--outlet",
            "Example",
        ],
    )
    assert done.exit_code == 0, done.output
    assert done.stdout.count("added ") == 5
    assert [p.name for p in writes].count("manifest.json") == 1
    manifest = _manifest(corpus)
    assert schemas.errors("manifest", manifest) == []
    assert manifest["schema_version"] == "1.1"
    new = manifest["sources"][5:]
    assert [e["original_name"] for e in new] == [
        "page.html",
        "s0.txt",
        "s1.txt",
        "s2.txt",
        "extra.txt",
    ]
    assert [e["outlet"] for e in new] == ["Example"] * 4 + ["Wire"]
    assert new[-1]["published"] == "2026-04-14"
    assert new[0]["media_type"] == "text/html"
    assert runner.invoke(cli, ["validate", str(corpus), "-q"]).exit_code == 0


def test_a_csv_listing_and_a_bad_line(runner: CliRunner, tmp_path: Path, inputs: Path) -> None:
    corpus = tmp_path / "c"
    (tmp_path / "l.csv").write_text(
        "path,outlet,published\nin/s0.txt,Wire,2026-01-02\nin/s1.txt,,\n", encoding="utf-8"
    )
    done = runner.invoke(
        cli, ["ingest", "--from", str(tmp_path / "l.csv"), "--corpus", str(corpus)]
    )
    assert done.exit_code == 0, done.output
    entries = _manifest(corpus)["sources"]
    assert [(e["outlet"], e["published"]) for e in entries] == [
        ("Wire", "2026-01-02"),
        (None, None),
    ]
    (tmp_path / "bad.jsonl").write_text('{"path": "in/s2.txt", "colour": "red"}\n', "utf-8")
    done = runner.invoke(
        cli, ["ingest", "--from", str(tmp_path / "bad.jsonl"), "--corpus", str(corpus)]
    )
    assert done.exit_code == 2
    assert f"{tmp_path / 'bad.jsonl'}:1: unknown field 'colour'" in done.stderr


def test_a_duplicate_in_a_batch_adds_nothing(
    runner: CliRunner, tmp_path: Path, inputs: Path
) -> None:
    corpus = tmp_path / "c"
    shutil.copy(inputs / "s0.txt", inputs / "again.txt")
    done = runner.invoke(cli, ["ingest", str(inputs), "--corpus", str(corpus)])
    assert done.exit_code == 2
    assert "given earlier in this batch" in done.stderr
    assert not (corpus / "manifest.json").exists()
    assert not (corpus / "sources").exists() or not any((corpus / "sources").iterdir())
    done = runner.invoke(cli, ["ingest", str(inputs / "nothing-*.txt"), "--corpus", str(corpus)])
    assert done.exit_code == 2
    assert "matches no file" in done.stderr


def test_remove_and_replace_keep_the_corpus_valid(
    runner: CliRunner, tmp_path: Path, inputs: Path
) -> None:
    corpus = tmp_path / "c"
    shutil.copytree(CORPUS, corpus)
    entries = _manifest(corpus)["sources"]
    first, second = entries[0], entries[1]
    fixed = tmp_path / "fixed.txt"
    fixed.write_text(_story(42), encoding="utf-8")
    done = runner.invoke(
        cli, ["ingest", "--replace", first["id"], str(fixed), "--corpus", str(corpus)]
    )
    assert done.exit_code == 0, done.output
    entry = _manifest(corpus)["sources"][0]
    assert entry["id"] == first["id"]
    assert entry["original_name"] == "fixed.txt"
    assert entry["history"] == [{"sha256": first["sha256"], "path": first["path"]}]
    assert not (corpus / first["path"]).exists()
    again = runner.invoke(
        cli, ["ingest", "--replace", first["id"], str(fixed), "--corpus", str(corpus)]
    )
    assert again.exit_code == 2
    assert "the same bytes as" in again.stderr
    done = runner.invoke(cli, ["remove", second["id"], "--corpus", str(corpus)])
    assert done.exit_code == 0
    assert second["id"] not in {e["id"] for e in _manifest(corpus)["sources"]}
    assert not (corpus / second["path"]).exists()
    missing = runner.invoke(cli, ["remove", second["id"], "--corpus", str(corpus)])
    assert missing.exit_code == 2
    assert "nothing removed" in missing.stderr
    assert schemas.errors("manifest", _manifest(corpus)) == []
    assert runner.invoke(cli, ["validate", str(corpus), "-q"]).exit_code == 0
