"""Reading the reviewed files under data/reference/ (CSV and YAML) that every stage draws on.

The knowledge lives in those files; this module only opens them, so a stage never parses them its own way.
"""

from __future__ import annotations

import csv
from pathlib import Path

import yaml

from .errors import InputError


def read_csv(path: Path, whole_numbers: tuple[str, ...] = ()) -> list[dict]:
    """A reference table's rows; the columns named in `whole_numbers` as int (a bad value names file and line)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows: list[dict] = list(csv.DictReader(handle))
    for line, row in enumerate(rows, 2):
        for column in whole_numbers:
            try:
                row[column] = int(row[column])
            except (KeyError, TypeError, ValueError):
                raise InputError(path, line, f"{column} must be a whole number, not {row.get(column)!r}") from None
    return rows


def load_settings(reference: Path) -> dict:
    """data/reference/analysis_settings.yaml: thresholds and rules the analysis applies."""
    return yaml.safe_load((reference / "analysis_settings.yaml").read_text(encoding="utf-8"))


def load_divisions(path: Path) -> dict[str, dict[str, str]]:
    """GB/T 2260 divisions keyed by code: the jurisdictions a document may belong to."""
    return {row["code"]: row for row in read_csv(path)}
