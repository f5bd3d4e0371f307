"""Reliability, round two (issue 20): a real fetch deadline, safe redirects, truncated bodies,
only regular files read, a strict manifest, a corpus lock, environment errors as input errors,
bidi controls neutralised, and a cost bound on hostile sources. Servers are on 127.0.0.1."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from provaudit import api, languages, offtopic, schemas
from provaudit.cli import cli
from provaudit.evaluation.harness import EN, HostileHandler, local_server
from provaudit.model import SPAN_TEXT_CHARS
from provaudit.normalise import normalise_text
from provaudit.render import common
from provaudit.render.common import span_covers
from provaudit.rules import languages as language_rules
from provaudit.rules import offtopic as offtopic_rules

from conftest import CORPUS, assert_one_line, seeds_plus

# --- fetching ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile() -> Iterator[str]:
    with local_server(HostileHandler) as url:
        yield url


@pytest.mark.parametrize("path", ["/drip", "/drip-headers"])
def test_timeout_is_an_overall_deadline(runner: CliRunner, hostile: str, path: str) -> None:
    started = time.monotonic()
    result = runner.invoke(cli, ["audit", hostile + path, "--timeout", "1.5"])
    elapsed = time.monotonic() - started
    assert_one_line(result, hostile + path, "timed out after 1.5 s")
    assert elapsed < 4, elapsed


@pytest.mark.parametrize(
    ("path", "fragment"),
    [
        ("/to/ftp", "not an http(s) URL"),
        ("/to/file", "not an http(s) URL"),
        ("/to/data", "not an http(s) URL"),
        ("/short", "Content-Length"),  # a body shorter than it said: refused, not kept cut
    ],
)
def test_unsafe_redirects_and_short_bodies_are_refused(
    runner: CliRunner, hostile: str, tmp_path: Path, path: str, fragment: str
) -> None:
    url = hostile + path
    line = assert_one_line(runner.invoke(cli, ["audit", url]), url, fragment)
    assert "too many redirects" not in line
    result = runner.invoke(cli, ["ingest", url, "--corpus", str(tmp_path / "c")])
    assert_one_line(result, fragment)
    assert not (tmp_path / "c").exists()


def test_a_redirect_within_http_is_followed(
    runner: CliRunner, hostile: str, tmp_path: Path
) -> None:
    result = runner.invoke(cli, ["ingest", hostile + "/hop", "--corpus", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    manifest = (tmp_path / "c" / "manifest.json").read_text(encoding="utf-8")
    assert hostile + "/ok" in manifest


# --- only regular files -----------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    """A FIFO as a source (named, or in a corpus) is refused at once; nothing writes to it,
    so a reader that opened it would block forever. Run as processes, killed on a hang."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    root = seeds_plus(tmp_path / "corpus", {"zz": EN.encode()})
    (root / "sources" / "zz.txt").unlink()
    os.mkfifo(root / "sources" / "zz.txt")
    runs = {
        "audit": ["audit", str(fifo)],
        "ingest": ["ingest", str(fifo), "--corpus", str(tmp_path / "c")],
        "report": ["report", str(root), "-o", str(tmp_path / "out"), "-q", "-j", "1"],
    }
    for command, args in runs.items():
        proc = subprocess.run(
            [sys.executable, "-m", "provaudit", *args], capture_output=True, text=True, timeout=60
        )
        assert proc.returncode == 2, (command, proc.stderr)
        assert "FIFO" in proc.stderr, (command, proc.stderr)
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert not (tmp_path / "c").exists()
    assert not (tmp_path / "out").exists()


# --- the manifest, strictly -------------------------------------------------------------------


def _corpus_with(tmp_path: Path, manifest: bytes) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "manifest.json").write_bytes(manifest)
    return root


def _seed_manifest() -> str:
    return (CORPUS / "manifest.json").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("manifest", "fragment"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"a": ' * 40 + b"1" + b"}" * 40, "nested too deeply"),
        (b'{"schema_version": "1.0", "schema_version": "1.0", "sources": []}', "twice"),
        (b'{"schema_version": "1.0", "sources": [], "x": NaN}', "NaN"),
        (b'{"schema_version": "1.0", "sources": [], "description": "\xff"}', "not UTF-8"),
        (b'{"schema_version": "1.0", "sources": [], "description": "a\\ud800b"}', "surrogate"),
    ],
)
def test_a_hostile_manifest_is_named(
    runner: CliRunner, tmp_path: Path, manifest: bytes, fragment: str
) -> None:
    root = _corpus_with(tmp_path, manifest)
    for args in (
        ["validate", str(root)],
        ["report", str(root), "-o", str(tmp_path / "out"), "-j", "1"],
        ["ingest", str(tmp_path / "new.txt"), "--corpus", str(root)],
    ):
        (tmp_path / "new.txt").write_text(EN, encoding="utf-8")
        assert_one_line(runner.invoke(cli, args), "manifest.json", fragment)
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in root.iterdir() if not p.name.startswith(".")) == ["manifest.json"]


def test_a_lone_surrogate_in_an_entry_is_named(runner: CliRunner, tmp_path: Path) -> None:
    root = seeds_plus(tmp_path / "corpus", {})
    manifest = json.loads(_seed_manifest())
    manifest["sources"][1]["title"] = "before \ud800 after"
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="ascii")
    sources = sorted((root / "sources").iterdir())
    assert_one_line(runner.invoke(cli, ["validate", str(root)]), "sources[1].title", "\\ud800")
    (tmp_path / "new.txt").write_text(EN, encoding="utf-8")
    result = runner.invoke(cli, ["ingest", str(tmp_path / "new.txt"), "--corpus", str(root)])
    assert_one_line(result, "surrogate")
    assert sorted((root / "sources").iterdir()) == sources  # no orphan


def test_a_date_that_is_not_a_day_fails_validation(runner: CliRunner, tmp_path: Path) -> None:
    root = seeds_plus(tmp_path / "corpus", {})
    manifest = json.loads(_seed_manifest())
    manifest["sources"][0]["published"] = "2026-13-45"
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(root)])
    assert result.exit_code == 1, result.output
    assert "sources[0]: published '2026-13-45' is not a date" in result.stdout


# --- one writer at a time ---------------------------------------------------------------------


def test_concurrent_ingests_keep_every_entry(tmp_path: Path) -> None:
    """20 ingest processes into one new corpus: all 20 entries kept, no file orphaned."""
    root = tmp_path / "corpus"
    files = []
    for i in range(20):
        path = tmp_path / f"in{i:02d}.txt"
        path.write_text(f"Source number {i}. {EN}", encoding="utf-8")
        files.append(path)
    # The library's ingest (what the command calls), without the command's start-up imports.
    script = (
        "import sys; from pathlib import Path; from provaudit.corpus import ingest; "
        "r = ingest(Path(sys.argv[1]), Path(sys.argv[2]).read_bytes(), sys.argv[2], outlet=None); "
        "print('added', r.id)"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(root), str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in files
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
        assert out.startswith("added "), out
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["sources"]) == 20
    listed = {entry["path"] for entry in manifest["sources"]}
    stored = {f"sources/{p.name}" for p in (root / "sources").iterdir()}
    assert stored == listed
    assert len({entry["id"] for entry in manifest["sources"]}) == 20


# --- the environment's errors are the user's to fix -----------------------------------------


def _fail_fsync_on(calls: set[int]) -> object:
    """An os.fsync that fails with ENOSPC (a full disk) on the given calls (1-based)."""
    count = 0
    real = os.fsync

    def fsync(fd: int) -> None:
        nonlocal count
        count += 1
        if count in calls:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    return fsync


def test_a_full_disk_is_named_not_a_bug(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "a.txt"
    source.write_text(EN, encoding="utf-8")
    monkeypatch.setattr(os, "fsync", _fail_fsync_on({1, 2, 3, 4, 5, 6}))
    out = tmp_path / "out.json"
    assert_one_line(runner.invoke(cli, ["audit", str(source), "-o", str(out)]), str(out), "space")
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_a_full_disk_during_ingest_leaves_no_orphan(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = seeds_plus(tmp_path / "corpus", {})
    before = sorted((root / "sources").iterdir())
    manifest = (root / "manifest.json").read_bytes()
    source = tmp_path / "a.txt"
    source.write_text(EN, encoding="utf-8")
    monkeypatch.setattr(os, "fsync", _fail_fsync_on({2}))  # the source is written, not the manifest
    result = runner.invoke(cli, ["ingest", str(source), "--corpus", str(root)])
    assert_one_line(result, "manifest.json", "space")
    assert sorted((root / "sources").iterdir()) == before
    assert (root / "manifest.json").read_bytes() == manifest


def _unreachable(*args: object, **kwargs: object) -> None:
    raise AssertionError("the analysis ran before the output path was checked")


def test_output_under_a_file_or_read_only_is_named(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "a.txt"
    source.write_text(EN, encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = runner.invoke(cli, ["audit", str(source), "-o", str(blocker / "sub" / "r.json")])
    assert_one_line(result, str(blocker), "is a file")
    result = runner.invoke(cli, ["report", str(CORPUS), "-o", str(blocker / "reports"), "-j", "1"])
    assert_one_line(result, str(blocker), "is a file")
    # Refused before the analysis runs, not after it.
    monkeypatch.setattr(api, "audit_paths", _unreachable)
    monkeypatch.setattr(api, "report_corpus", _unreachable)
    result = runner.invoke(cli, ["audit", str(source), "-o", str(blocker / "r.json")])
    assert_one_line(result, str(blocker), "is a file")
    result = runner.invoke(cli, ["report", str(CORPUS), "-o", str(blocker / "r"), "-j", "1"])
    assert_one_line(result, str(blocker), "is a file")
    monkeypatch.undo()

    def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, "Read-only file system", str(kwargs.get("dir")))

    def read_only_dir(path: object, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    # Root may write anywhere, so a read-only mount is simulated where the temporary file (or
    # the report set's temporary directory) is made.
    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    monkeypatch.setattr(os, "mkdir", read_only_dir)
    out = tmp_path / "ro"
    result = runner.invoke(cli, ["report", str(CORPUS), "-o", str(out), "-j", "1"])
    assert_one_line(result, str(out), "Read-only file system")


# --- what a reader sees ---------------------------------------------------------------------

HIDDEN_TEXT = (
    "The minister said: \u201cWe will \u202ebuild the barrier\u202c by spring,\u201d "
    "and the coun\u200bcil agreed. " + EN
)


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_bidi_and_invisible_characters_are_shown(
    runner: CliRunner, tmp_path: Path, fmt: str
) -> None:
    source = tmp_path / "bidi.txt"
    source.write_text(HIDDEN_TEXT, encoding="utf-8")
    # The outlet is shown in both formats; the source's text in HTML only.
    outlet = "Daily\u2067 Ne\u200bws"
    result = runner.invoke(cli, ["audit", str(source), "--format", fmt, "--outlet", outlet])
    assert result.exit_code == 0, result.output
    assert "Daily⟨U+2067⟩ Ne⟨U+200B⟩ws" in result.stdout
    assert "U+202C, U+202E" in result.stdout  # the warning
    for char in ("\u202e", "\u202c", "\u200b", "\u2067"):
        assert char not in result.stdout
    if fmt == "html":
        assert "We will ⟨U+202E⟩build the barrier⟨U+202C⟩ by spring" in result.stdout


def test_a_source_with_hidden_characters_is_warned_about(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "bidi.txt"
    source.write_text(HIDDEN_TEXT, encoding="utf-8")
    result = runner.invoke(cli, ["audit", str(source), "--include-text"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)["sources"][0]
    assert "\u202e" in report["text"]  # the JSON keeps the text exact: spans index it
    (warning,) = report["warnings"]
    assert "2 bidirectional control character(s) and 1 invisible character(s)" in warning
    assert "U+200B, U+202C, U+202E" in warning


def test_error_lines_escape_controls(runner: CliRunner, tmp_path: Path) -> None:
    name = str(tmp_path / "evil\u202etxt.html\x1b[2J")
    line = assert_one_line(runner.invoke(cli, ["audit", name]), "no such file")
    assert "\u202e" not in line
    assert "\x1b" not in line
    assert "evil⟨U+202E⟩txt.html⟨U+001B⟩[2J" in line


def test_encoded_surrogates_are_replaced_with_a_warning(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "cesu.txt"
    source.write_bytes(EN.encode() + b"One \xed\xa0\x80 stray surrogate.\n")
    result = runner.invoke(cli, ["audit", str(source), "--include-text"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)["sources"][0]
    assert report["encoding"] == "utf-8"
    assert "\ufffd" in report["text"]
    assert report["warnings"] == ["1 encoded surrogate(s) (invalid in UTF-8) replaced with U+FFFD"]


# --- cost bounds ----------------------------------------------------------------------------

UK = "Рада ухвалила закон про захист журналістів. Голова комітету заявив, що документ набуде чинності. "


def test_long_findings_carry_cut_text_and_their_length(runner: CliRunner, tmp_path: Path) -> None:
    """A passage longer than SPAN_TEXT_CHARS is reported cut, with its length; offsets exact."""
    source = tmp_path / "long.txt"
    source.write_text(EN * 3 + "\n\n" + UK * 80 + "\n\n" + EN * 3, encoding="utf-8")
    result = runner.invoke(cli, ["audit", str(source), "--include-text"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert schemas.errors("corpus-report", report) == []
    assert common.span_problems(report) == []
    source_report = report["sources"][0]
    cut = [s for _, _, s in common.iter_spans(report) if "text_length" in s]
    assert cut, "the Ukrainian passage is longer than SPAN_TEXT_CHARS"
    for span in cut:
        assert len(span["text"]) == SPAN_TEXT_CHARS
        assert span["text_length"] == span["end"] - span["start"] > SPAN_TEXT_CHARS
        assert source_report["text"][span["start"] : span["end"]].startswith(span["text"])
    assert not span_covers(source_report["text"], {**cut[0], "text_length": 5000})


def test_a_token_longer_than_any_word_is_not_scored(monkeypatch: pytest.MonkeyPatch) -> None:
    """A giant letter run was scored n-gram by n-gram (a 15 MB token: 4.5 GB, most of an hour);
    a run longer than MAX_WORD_CHARS is no language's evidence and never reaches the scorer."""
    seen: list[int] = []
    vector = languages._vector

    def recording(script: str, word: str, main: str | None = None) -> list[float]:
        seen.append(len(word))
        return vector(script, word, main)

    monkeypatch.setattr(languages, "_vector", recording)
    languages.clear_caches()
    text = EN * 3 + "zq" * 5_000 + " and the flimwaggery of it. " + EN
    analysis = languages.analyse_languages(normalise_text(text))
    assert analysis.main_language == "en"
    assert seen, "the scorer ran on the made-up word"
    assert max(seen) <= language_rules.MAX_WORD_CHARS


def test_a_long_unit_skips_the_line_patterns(monkeypatch: pytest.MonkeyPatch) -> None:
    """The boilerplate line patterns scan every position of a unit (TIMESTAMP_LINE took 21 s
    on 1 MB of random Unicode in ten units); units past LINE_KIND_MAX_CHARS are text."""
    long_line = "\u4e00\u0430b1" * (offtopic_rules.LINE_KIND_MAX_CHARS // 2)

    class Refusing:
        def __getattr__(self, name: str) -> object:
            raise AssertionError(f"a line pattern ran on a {len(long_line):,}-character unit")

    for name in ("TIMESTAMP_LINE", "COPYRIGHT", "DISCLAIMER", "PROMO_START", "CREDIT_LINE"):
        monkeypatch.setattr(offtopic_rules, name, Refusing())
    assert offtopic._line_kind(long_line, sentence=False) is None
