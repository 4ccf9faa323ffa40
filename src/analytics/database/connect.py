"""Opening the built database for reading: notebooks and reports never write to it."""

from __future__ import annotations

from pathlib import Path

import duckdb

from ..paths import default_paths


def connect(path: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the built database (run `make build` first)."""
    db = Path(path) if path else default_paths().database
    if not db.exists():
        raise FileNotFoundError(f"{db} does not exist: run `make build` (or `analytics build`) first")
    return duckdb.connect(str(db), read_only=True)
