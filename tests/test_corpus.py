"""Reading sources (size, text, encodings) and checking corpora (manifest, places, hashes)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from provaudit import schemas
from provaudit.corpus import (
    check_corpus,
    decode_bytes,
    ingest,
    load_corpus,
    read_bytes,
)
from provaudit.errors import (
    BinarySourceError,
    DuplicateSourceError,
    EmptySourceError,
    ManifestError,
    SourceReadError,
)

from conftest import CORPUS

UK = "Рада ухвалила закон про захист журналістів. Голова комітету заявив, що документ набуде чинності наступного місяця.\n"
ZH = "董事会周二宣布，首席执行官将于下月辞职。公司表示正在寻找继任者，并将在年底前公布结果。\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A private copy of the shipped corpus."""
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    return root


def _manifest(root: Path) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    return manifest


def _write_manifest(root: Path, manifest: dict) -> None:  # type: ignore[type-arg]
    (root / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")


# --- decoding ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(UK, "cp1251"), (UK, "koi8-u"), (ZH, "gb18030"), (UK, "utf-8"), (ZH, "utf-8")],
)
def test_legacy_encodings_decode_to_the_right_text(text: str, encoding: str) -> None:
    decoded = decode_bytes(text.encode(encoding), "x.txt")
    assert decoded.text == text
    assert decoded.warnings == ()


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_byte_order_marks(codec: str) -> None:
    data = UK.encode(codec) if codec != "utf-16-be" else b"\xfe\xff" + UK.encode(codec)
    assert decode_bytes(data, "x.txt").text.lstrip("\ufeff") == UK


def test_a_few_invalid_utf8_bytes_are_replaced_with_a_warning() -> None:
    data = (UK * 20).encode("utf-8") + b"\xff" + "кінець".encode()
    decoded = decode_bytes(data, "x.txt")
    assert decoded.encoding == "utf-8"
    assert decoded.text.endswith("\ufffdкінець")
    assert decoded.warnings == ("1 invalid UTF-8 byte sequence(s) replaced with U+FFFD",)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b" \n\t \r\n", "only white space"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
        (b"abc\x00\x01\x02\x00def\x00" * 50 + bytes(range(128, 256)), "binary"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
    ],
)
def test_empty_and_binary_input_is_refused(data: bytes, message: str) -> None:
    with pytest.raises((EmptySourceError, BinarySourceError), match=message):
        decode_bytes(data, "x.bin")


def test_read_bytes_refuses_missing_directory_and_oversized(tmp_path: Path) -> None:
    with pytest.raises(SourceReadError, match="no such file"):
        read_bytes(tmp_path / "nope.txt")
    with pytest.raises(SourceReadError, match="is a directory"):
        read_bytes(tmp_path)
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2000)
    with pytest.raises(SourceReadError, match="over the 1,000-byte limit"):
        read_bytes(big, max_bytes=1000)


# --- the shipped corpus -----------------------------------------------------------------------


def test_shipped_manifest_is_valid_and_complete() -> None:
    assert check_corpus(CORPUS) == []
    corpus = load_corpus(CORPUS)
    assert [r.id for r in corpus.records] == sorted(p.stem for p in (CORPUS / "sources").iterdir())
    by_id = {r.id[:3]: r for r in corpus.records}
    # Outlets only where the text names them; dates only where stated; no invented URL.
    assert by_id["000"].outlet is None
    assert by_id["001"].outlet is None
    assert by_id["002"].outlet == "AIDRAN"
    assert by_id["003"].outlet == "Creati.ai"
    assert by_id["004"].outlet == "marsbit"
    assert by_id["004"].published == "2026-04-14"
    assert all(r.url is None for r in corpus.records)


# --- corpus problems -------------------------------------------------------------------------


def test_one_changed_byte_is_named(corpus: Path) -> None:
    path = corpus / "sources" / "002_ded2b0bbf68fcbc1.txt"
    data = bytearray(path.read_bytes())
    data[100] ^= 0x01
    path.write_bytes(bytes(data))
    problems = check_corpus(corpus)
    assert [p.subject for p in problems] == [str(path)]
    assert "sha256" in problems[0].message


def test_unlisted_and_missing_files(corpus: Path) -> None:
    (corpus / "sources" / "stray.txt").write_text("stray", encoding="utf-8")
    (corpus / "sources" / "000_6d6fc834de51862d.txt").unlink()
    messages = sorted(str(p) for p in check_corpus(corpus))
    assert any("stray.txt: not listed in the manifest" in m for m in messages)
    assert any(
        "000_6d6fc834de51862d.txt: listed in the manifest but missing" in m for m in messages
    )


@pytest.mark.parametrize("bad_path", ["../outside.txt", "/etc/passwd", "sources/../../x.txt"])
def test_paths_leaving_the_corpus_fail_the_schema(corpus: Path, bad_path: str) -> None:
    manifest = _manifest(corpus)
    manifest["sources"][0]["path"] = bad_path
    _write_manifest(corpus, manifest)
    problems = check_corpus(corpus)
    assert problems
    assert all(p.subject.endswith("manifest.json") for p in problems)
    assert "sources/0/path" in problems[0].message


def test_symlink_escaping_the_corpus(corpus: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("secret", encoding="utf-8")
    link = corpus / "sources" / "link.txt"
    link.symlink_to(outside)
    manifest = _manifest(corpus)
    manifest["sources"].append(
        {**manifest["sources"][0], "id": "link", "path": "sources/link.txt", "sha256": "0" * 64}
    )
    _write_manifest(corpus, manifest)
    problems = [str(p) for p in check_corpus(corpus)]
    assert any("link.txt" in p and "outside the corpus" in p for p in problems)


def test_duplicate_ids_unknown_fields_and_wrong_types(corpus: Path) -> None:
    manifest = _manifest(corpus)
    manifest["sources"][1]["id"] = manifest["sources"][0]["id"]
    _write_manifest(corpus, manifest)
    assert any("duplicate id" in p.message for p in check_corpus(corpus))

    manifest = _manifest(corpus)
    manifest["sources"][1]["id"] = "001_d59850ac6dcf6ec6"
    manifest["sources"][0]["colour"] = "blue"
    manifest["sources"][2]["published"] = 20260414
    _write_manifest(corpus, manifest)
    messages = [p.message for p in check_corpus(corpus)]
    assert any("'colour' was unexpected" in m for m in messages)
    assert any("sources/2/published" in m for m in messages)


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "is not valid JSON"), (None, "no manifest")],
)
def test_unusable_manifest_raises(corpus: Path, content: str | None, message: str) -> None:
    if content is None:
        (corpus / "manifest.json").unlink()
    else:
        (corpus / "manifest.json").write_text(content, encoding="utf-8")
    with pytest.raises(ManifestError, match=message):
        load_corpus(corpus)


# --- ingest ----------------------------------------------------------------------------------


def test_ingest_creates_and_extends_a_manifest(tmp_path: Path) -> None:
    root = tmp_path / "new"
    first = ingest(root, UK.encode("cp1251"), "uk.txt", outlet="Kyiv Daily", published="2026-01-02")
    assert first.path.startswith("sources/")
    assert (root / first.path).is_file()
    second = ingest(root, ZH.encode("gb18030"), "zh.txt", outlet=None)
    corpus = load_corpus(root)
    assert [r.id for r in corpus.records] == [first.id, second.id]
    assert check_corpus(root) == []
    assert schemas.errors("manifest", json.loads((root / "manifest.json").read_text())) == []
    # The stored bytes are the original bytes (the hash is of what was given).
    assert (root / first.path).read_bytes() == UK.encode("cp1251")


def test_ingest_refuses_the_same_bytes_twice(tmp_path: Path) -> None:
    root = tmp_path / "c"
    ingest(root, UK.encode(), "a.txt", outlet=None)
    before = (root / "manifest.json").read_bytes()
    with pytest.raises(DuplicateSourceError, match="already in the corpus"):
        ingest(root, UK.encode(), "b.txt", outlet=None)
    assert (root / "manifest.json").read_bytes() == before


def test_ingest_refuses_binary_before_writing(tmp_path: Path) -> None:
    root = tmp_path / "c"
    with pytest.raises(BinarySourceError):
        ingest(root, b"\x89PNG\r\n\x1a\n\x00\x00", "img.png", outlet=None)
    assert not root.exists()
