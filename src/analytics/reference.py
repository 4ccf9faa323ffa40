"""Reading the reviewed files under data/reference/ (CSV and YAML) that every stage draws on.

The knowledge lives in those files; this module only opens them, so a stage never parses them its own way.
"""

from __future__ import annotations

import csv
from pathlib import Path

import yaml


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_settings(reference: Path) -> dict:
    """data/reference/analysis_settings.yaml: thresholds and rules the analysis applies."""
    return yaml.safe_load((reference / "analysis_settings.yaml").read_text(encoding="utf-8"))


def load_divisions(path: Path) -> dict[str, dict[str, str]]:
    """GB/T 2260 divisions keyed by code: the jurisdictions a document may belong to."""
    return {row["code"]: row for row in read_csv(path)}
