"""The measuring code of EVALUATION.md's rules, shared by the benches (``bench/*.py``, thin
command lines that print and save the figures) and the floor tests (``tests/floors``, which pin
the held-out figures); and (:mod:`.harness`) the hostile local server and the process-tree
reading that the robustness bench and the reliability tests both use. Nothing in the pipeline
imports it.

The data it reads is the shared evaluation data, never part of the project: the folder
:func:`shared_data` names.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

# The project root, in a checkout (src/provaudit/evaluation/ is three levels below it).
PROJECT_ROOT = Path(__file__).resolve().parents[3]
SHARED_DATA_VARIABLE = "PROVAUDIT_SHARED_DATA"


def shared_data_path() -> Path:
    """Where the shared data should be: ``$PROVAUDIT_SHARED_DATA`` if it is set, else
    ``../shared/data`` beside the project root (whether or not it is there)."""
    env = os.environ.get(SHARED_DATA_VARIABLE)
    return Path(env) if env else PROJECT_ROOT.parent / "shared" / "data"


def shared_data(given: str | Path | None = None) -> Path | None:
    """The shared data folder: ``given`` (a ``--data`` option), ``$PROVAUDIT_SHARED_DATA`` or
    ``../shared/data`` beside the project root, the first that is a folder; None if none is."""
    env = os.environ.get(SHARED_DATA_VARIABLE)
    for candidate in (given, env, PROJECT_ROOT.parent / "shared" / "data"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


def benchmark_pages(data: Path, limit: int | None = None) -> list[tuple[str, bytes]]:
    """``(name, html bytes)`` of the extraction benchmark's pages, in name order."""
    paths = sorted((data / "extraction-benchmark" / "html").glob("*.html.gz"))
    if limit is not None:
        paths = paths[:limit]
    return [(p.name.removesuffix(".gz"), gzip.decompress(p.read_bytes())) for p in paths]
