"""Resident population per jurisdiction: every sourced figure, and the one the comparisons use.

Figures come from data/reference/population.csv (the project's copy of the reference table) and from
data/reference/population_additions.csv, where a user adds or corrects a figure without touching code. The
rule that picks one figure per jurisdiction is set in data/reference/analysis_settings.yaml and recorded
with each choice.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError

FILES = ("population.csv", "population_additions.csv")


@dataclass
class PopulationFigure:
    jurisdiction_code: str
    name_zh: str
    year: int
    resident_population: int
    basis: str
    trust: str
    source_title: str
    source_url: str
    source_file: str
    line: int
    prefer: bool = False
    note: str | None = None
    selected: bool = False
    selection_reason: str | None = None


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("true", "yes", "1", "y")


def load_figures(reference: Path, trust_order: list[str]) -> list[PopulationFigure]:
    figures = []
    for name in FILES:
        path = reference / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                figures.append(figure_of(row, path, line, trust_order))
    return figures


def figure_of(row: dict, path: Path, line: int, trust_order: list[str]) -> PopulationFigure:
    """One row of a population file as a figure; a bad value is an InputError naming the file and line."""
    code = (row.get("jurisdiction_code") or "").strip()
    if not (len(code) == 6 and code.isdigit()):
        raise InputError(path, line, f"jurisdiction_code {code!r} is not a six-digit GB/T 2260 code")
    try:
        year, people = int(row["year"]), int(row["resident_population"])
    except (TypeError, ValueError):
        raise InputError(path, line, "year and resident_population must be whole numbers") from None
    if people <= 0:
        raise InputError(path, line, "resident_population must be positive")
    trust = (row.get("trust") or "").strip()
    if trust not in trust_order:
        raise InputError(path, line, f"trust {trust!r} is not one of {trust_order}")
    if not (row.get("source_title") or "").strip():
        raise InputError(path, line, "every figure needs its source (source_title)")
    return PopulationFigure(
        jurisdiction_code=code,
        name_zh=row.get("name_zh", ""),
        year=year,
        resident_population=people,
        basis=row.get("basis", ""),
        trust=trust,
        source_title=row["source_title"],
        source_url=row.get("source_url", ""),
        source_file=path.name,
        line=line,
        prefer=_truthy(row.get("prefer")),
        note=row.get("note") or None,
    )


def select(figures: list[PopulationFigure], settings: dict[str, Any]) -> dict[str, PopulationFigure]:
    """Mark and return the figure used for each jurisdiction."""
    reference_year = settings["reference_year"]
    census_word = settings["census_basis_contains"]
    trust_rank = {t: i for i, t in enumerate(settings["trust_order"])}
    chosen: dict[str, PopulationFigure] = {}
    for code in sorted({f.jurisdiction_code for f in figures}):
        mine = [f for f in figures if f.jurisdiction_code == code]
        preferred = [f for f in mine if f.prefer]
        census = [f for f in mine if f.year == reference_year and census_word in f.basis]
        if preferred:
            pick = max(preferred, key=lambda f: (f.source_file, f.line))
            reason = f"marked prefer=true in {pick.source_file} line {pick.line}"
        elif census:
            pick = min(census, key=lambda f: trust_rank[f.trust])
            reason = f"{reference_year} census"
        else:
            pick = min(mine, key=lambda f: (abs(f.year - reference_year), trust_rank[f.trust], -f.year))
            reason = f"no {reference_year} census; nearest year to {reference_year}"
        pick.selected, pick.selection_reason = True, reason
        chosen[code] = pick
    return chosen


POPULATION_UNKNOWN = (
    "population unknown: no figure in data/reference/population.csv (add one to population_additions.csv)"
)


def population_note(
    district: PopulationFigure | None, municipal: PopulationFigure | None, trust_words: dict[str, str] | None = None
) -> str | None:
    """Say so when a comparison mixes years, bases or trust levels."""
    if district is None or municipal is None:
        return POPULATION_UNKNOWN
    parts = []
    if district.year != municipal.year or district.basis != municipal.basis:
        parts.append(
            f"years differ: district {district.year} ({district.basis}), "
            f"municipality {municipal.year} ({municipal.basis})"
        )
    if district.trust != "official" or municipal.trust != "official":
        words = trust_words or {}
        parts.append(
            f"district figure: {words.get(district.trust, district.trust)}; "
            f"municipal figure: {words.get(municipal.trust, municipal.trust)}"
        )
    return "; ".join(parts) or None


ADDITION_COLUMNS = (
    "jurisdiction_code", "name_zh", "year", "resident_population", "basis", "trust",
    "source_title", "source_url", "prefer", "note",
)


def record_figure(reference: Path, row: dict[str, str], trust_order: list[str]) -> int:
    """Append one sourced figure to data/reference/population_additions.csv (what `analytics population add`
    does for a researcher who cites a figure) and return its line. Checked as the build checks it first (a bad
    figure is refused and nothing is written); the file is copied to a temporary file, the row added, and the
    copy renamed into place under a lock, so two adds at once lose nothing."""
    import fcntl
    import os
    import tempfile

    path = reference / "population_additions.csv"
    with open(reference / ".population.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        before = path.read_text(encoding="utf-8") if path.exists() else ",".join(ADDITION_COLUMNS) + "\n"
        if not before.endswith("\n"):
            before += "\n"
        line = before.count("\n") + 1
        figure_of(row, path, line, trust_order)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=reference, delete=False) as out:
            out.write(before)
            csv.DictWriter(out, ADDITION_COLUMNS).writerow({c: row.get(c, "") for c in ADDITION_COLUMNS})
        os.replace(out.name, path)
    return line
