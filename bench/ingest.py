"""Ingesting many sources: one `provaudit ingest` call for 1,000 files against one call per
file, whole processes side by side, and the manifest writes of the batch call.

The files are the first 1,000 distinct news-12k articles (plain text, real news copy), written
to a temporary folder. Measured:

- ``batch``: ``provaudit ingest FOLDER --corpus C`` once (a whole process, wall time), and the
  number of manifest writes it makes (counted in a second, in-process run of the same call
  with the manifest writer wrapped: one is the target);
- ``per_file``: ``provaudit ingest FILE --corpus C`` for the first ``--singles`` files, one
  process each, as the only way to ingest before (its mean, times 1,000, is the estimate).

    python bench/ingest.py [--data ../shared/data] [--files 1000] [--singles 20]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from provaudit.evaluation import shared_data_path
from provaudit.evaluation.quotes import news_texts

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "ingest.json"


def write_files(data: Path, count: int, folder: Path) -> list[Path]:
    folder.mkdir(parents=True)
    seen: set[str] = set()
    paths: list[Path] = []
    for sid, text in news_texts(data, 2**31):
        if len(paths) >= count:
            break
        body = text.encode("utf-8")
        digest = hashlib.sha256(body).hexdigest()
        if digest in seen or not text.strip():
            continue
        seen.add(digest)
        path = folder / f"{sid.replace('/', '-')}.txt"
        path.write_bytes(body)
        paths.append(path)
    return paths


def provaudit(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "provaudit", *args],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def manifest_writes(folder: Path, corpus: Path) -> int:
    """The manifest writes of one batch ingest, counted in this process."""
    from provaudit import api
    from provaudit import corpus as corpus_module

    real = corpus_module.atomic_write_bytes
    count = 0

    def counted(path: Path, data: bytes, **kwargs: bool) -> None:
        nonlocal count
        count += Path(path).name == corpus_module.MANIFEST_NAME
        real(path, data, **kwargs)

    corpus_module.atomic_write_bytes = counted  # type: ignore[assignment]
    try:
        api.ingest_sources([folder], corpus)
    finally:
        corpus_module.atomic_write_bytes = real  # type: ignore[assignment]
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = shared_data_path()
    parser.add_argument("--data", type=Path, default=default)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--singles", type=int, default=20)
    args = parser.parse_args(argv)
    if not (args.data / "news-12k").is_dir():
        print(f"no news-12k under {args.data}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        paths = write_files(args.data, args.files, work / "in")
        batch = provaudit("ingest", str(work / "in"), "--corpus", str(work / "batch"))
        entries = json.loads((work / "batch" / "manifest.json").read_text("utf-8"))["sources"]
        assert len(entries) == len(paths), "every file added"
        writes = manifest_writes(work / "in", work / "counted")
        singles = [
            provaudit("ingest", str(p), "--corpus", str(work / "single"))
            for p in paths[: args.singles]
        ]
    per_file = statistics.mean(singles)
    result = {
        "files": len(paths),
        "batch_seconds": round(batch, 2),
        "batch_manifest_writes": writes,
        "per_file_seconds_mean": round(per_file, 3),
        "per_file_measured": len(singles),
        "per_file_estimate_seconds": round(per_file * len(paths), 1),
        "speedup": round(per_file * len(paths) / batch, 1),
    }
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
