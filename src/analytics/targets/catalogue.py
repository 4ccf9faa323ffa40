"""The metric catalogue (data/reference/metric_catalogue.yaml) and the unit comparability table."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from ..errors import InputError

Scope = Literal["total", "minimum", "citywide"]


class ScopeDefault(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scope: Scope
    reason: str


class Metric(BaseModel):
    model_config = ConfigDict(extra="forbid")

    metric: str
    municipal_item_no: str
    metric_zh: str
    metric_en: str
    unit: str
    kind: Literal["quota", "level"]
    patterns: list[str]
    anywhere_patterns: list[str] = []
    caveat: str | None = None
    comparable: bool = True
    # What the municipal figure is: a total shared among districts (shares and proportionality), a minimum each
    # district must reach (met / not met), or a citywide count district figures are not part of (no share).
    # None takes the catalogue's default_scope; any other scope needs its reason.
    scope: Scope | None = None
    scope_reason: str | None = None
    # false for a metric written by `analytics catalogue draft` and not yet reviewed: it aligns, but every
    # comparison built on it says so, and `analytics qa` lists it
    reviewed: bool = True

    @model_validator(mode="after")
    def _reasoned(self) -> Metric:
        if self.scope not in (None, "total") and not self.scope_reason:
            raise ValueError(f"scope {self.scope!r} needs a scope_reason")
        return self

    @field_validator("patterns", "anywhere_patterns")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            if "〈Q〉" not in pattern:
                raise ValueError(f"pattern {pattern!r} does not mark the figure with 〈Q〉")
            re.compile(pattern)
        return patterns

    @cached_property
    def compiled(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in self.patterns]

    @cached_property
    def compiled_anywhere(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in self.anywhere_patterns]


class CatalogueFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # the GB/T 2260 code whose list the catalogue describes: the lists below it are measured against it
    jurisdiction_code: str
    list_year: int
    default_scope: ScopeDefault
    metrics: list[Metric]


@dataclass(frozen=True)
class UnitPair:
    comparable: bool
    caveat: str


@dataclass
class Catalogue:
    list_year: int
    metrics: list[Metric]
    unit_pairs: dict[tuple[str, str], UnitPair]
    default_scope: ScopeDefault | None = None
    jurisdiction_code: str | None = None  # whose list it describes
    source: str = ""  # the file it was read from, or how it was made (a draft made in memory by the build)

    @property
    def key(self) -> tuple[str | None, int]:
        return self.jurisdiction_code, self.list_year

    def scope(self, metric: Metric) -> tuple[str, str]:
        """(scope, reason) of a metric: its own, else the catalogue's default."""
        if metric.scope is not None:
            return metric.scope, metric.scope_reason or (self.default_scope.reason if self.default_scope else "")
        default = self.default_scope or ScopeDefault(scope="total", reason="")
        return default.scope, default.reason

    def of_item(self, item_no: str | None) -> list[Metric]:
        return [m for m in self.metrics if m.municipal_item_no == item_no]


CATALOGUE_FILES = "metric_catalogue*.yaml"  # metric_catalogue.yaml, metric_catalogue_2027.yaml …


def _unit_pairs(reference: Path) -> dict[tuple[str, str], UnitPair]:
    pairs: dict[tuple[str, str], UnitPair] = {}
    with (reference / "unit_comparability.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            pairs[(row["district_unit"], row["municipal_unit"])] = UnitPair(
                row["comparable"].strip().lower() == "true", row["caveat"]
            )
    return pairs


def _read_catalogue(path: Path, pairs: dict[tuple[str, str], UnitPair]) -> Catalogue:
    text = path.read_text(encoding="utf-8")
    try:
        parsed = CatalogueFile.model_validate(yaml.safe_load(text))
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = err["loc"]
        line = None
        if len(loc) > 1 and loc[0] == "metrics" and isinstance(loc[1], int):
            starts = [i for i, ln in enumerate(text.splitlines(), 1) if ln.lstrip().startswith("- {metric:")]
            line = starts[loc[1]] if loc[1] < len(starts) else None
        raise InputError(path, line, f"{'.'.join(map(str, loc))}: {err['msg']}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(path, mark.line + 1 if mark else None, f"not valid YAML: {exc}") from None
    keys = [m.metric for m in parsed.metrics]
    duplicates = {k for k in keys if keys.count(k) > 1}
    if duplicates:
        raise InputError(path, None, f"duplicate metric keys: {sorted(duplicates)}")
    return Catalogue(
        parsed.list_year, parsed.metrics, pairs, parsed.default_scope, parsed.jurisdiction_code, path.name
    )


def load_catalogues(reference: Path) -> dict[tuple[str | None, int], Catalogue]:
    """Every metric catalogue under data/reference, by the jurisdiction and list year whose list it describes
    (one file for each: 500000's 2026 list, 330000's 2025 list …)."""
    pairs = _unit_pairs(reference)
    out: dict[tuple[str | None, int], Catalogue] = {}
    for path in sorted(reference.glob(CATALOGUE_FILES)):
        catalogue = _read_catalogue(path, pairs)
        if catalogue.key in out:
            code, year = catalogue.key
            first = out[catalogue.key].source
            raise InputError(path, None, f"a second catalogue for {code}'s {year} list: {first} has it")
        out[catalogue.key] = catalogue
    return out


def unit_pairs(reference: Path) -> dict[tuple[str, str], UnitPair]:
    """data/reference/unit_comparability.csv: which units of a district figure compare with a metric's unit."""
    return _unit_pairs(reference)


def catalogue_file_name(code: str, year: int) -> str:
    """Where `analytics catalogue draft` writes a draft: one file per jurisdiction and list year."""
    return f"metric_catalogue_{code}_{year}.yaml"


def load_catalogue(reference: Path) -> Catalogue:
    """The hand-reviewed catalogue of data/reference/metric_catalogue.yaml."""
    return _read_catalogue(reference / "metric_catalogue.yaml", _unit_pairs(reference))
