"""Limits a command line sets before anything is read (kept apart from corpus.py, so that the
CLI can show them in ``--help`` without importing the pipeline)."""

from __future__ import annotations

import os

# Largest source read, in bytes. News pages run to 2-5 MB of HTML at most; 20 MiB leaves room
# for long transcripts while bounding memory. Override with --max-bytes or PROVAUDIT_MAX_BYTES.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_bytes_from_env(default: int = DEFAULT_MAX_BYTES) -> int:
    """The size limit from PROVAUDIT_MAX_BYTES, else ``default``."""
    value = os.environ.get("PROVAUDIT_MAX_BYTES")
    if value and value.isdigit() and int(value) > 0:
        return int(value)
    return default
