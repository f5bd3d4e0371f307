"""Shared fixtures: a CliRunner, the repository's paths, and the evaluation data (optional)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SEEDS = CORPUS / "sources"
DATA = Path(__file__).resolve().parent / "data"

# Benchmarks hold the evaluation code that quality-gate tests reuse.
sys.path.insert(0, str(ROOT / "bench"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-floors",
        action="store_true",
        help="Record new quality measurements and raise beaten floors (never lowers one).",
    )


@pytest.fixture
def update_floors(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-floors"))


def shared_data_dir() -> Path | None:
    """../shared/data beside the checkout (or $PROVAUDIT_SHARED_DATA), if it is there."""
    env = os.environ.get("PROVAUDIT_SHARED_DATA")
    candidates = [Path(env)] if env else []
    candidates.append(ROOT.parent / "shared" / "data")
    for path in candidates:
        if path.is_dir():
            return path
    return None


def assert_one_line(result: Result, *fragments: str) -> str:
    """Exit 2, empty stdout, exactly one line on stderr containing every fragment."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


@contextlib.contextmanager
def local_server(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 (a free port) answering with ``handler``; yields its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def shared_data() -> Path:
    """The evaluation data; tests using it are skipped cleanly where it is absent."""
    path = shared_data_dir()
    if path is None:
        pytest.skip("evaluation data ../shared/data is absent (set PROVAUDIT_SHARED_DATA)")
    return path


def seed_text(stem: str) -> str:
    """The raw text of a seed source by id prefix, e.g. seed_text("004")."""
    matches = sorted(SEEDS.glob(f"{stem}*"))
    assert len(matches) == 1, f"no unique seed {stem!r}"
    return matches[0].read_text(encoding="utf-8")


def seeds_plus(root: Path, extra: dict[str, bytes]) -> Path:
    """A copy of the shipped corpus at ``root`` with ``extra`` plain-text sources added
    (``{id: bytes}``, stored as sources/<id>.txt and listed in the manifest)."""
    shutil.copytree(CORPUS, root)
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    for source_id, data in extra.items():
        name = f"sources/{source_id}.txt"
        (root / name).write_bytes(data)
        manifest["sources"].append(
            {
                "id": source_id,
                "path": name,
                "sha256": hashlib.sha256(data).hexdigest(),
                "outlet": None,
                "url": None,
                "published": None,
                "media_type": "text/plain",
            }
        )
    (root / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return root
