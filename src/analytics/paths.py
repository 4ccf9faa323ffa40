"""Where the project's data lives. ANALYTICS_ROOT points the package at another checkout or a test copy."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Paths:
    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "data" / "raw"

    @property
    def manifest(self) -> Path:
        return self.raw / "manifest.yaml"

    @property
    def reference(self) -> Path:
        return self.root / "data" / "reference"

    @property
    def processed(self) -> Path:
        return self.root / "data" / "processed"

    @property
    def database(self) -> Path:
        return self.processed / "livelihood.duckdb"

    @property
    def parquet(self) -> Path:
        return self.processed / "parquet"

    @property
    def reports(self) -> Path:
        return self.root / "reports"


def default_paths() -> Paths:
    root = os.environ.get("ANALYTICS_ROOT")
    return Paths(Path(root).resolve() if root else Path(__file__).resolve().parents[2])
