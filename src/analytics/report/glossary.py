"""Bilingual labels (data/reference/glossary.csv): Chinese beside English for international readers."""

from __future__ import annotations

import csv
from functools import lru_cache

from ..paths import default_paths
from ..reference import load_settings


@lru_cache(maxsize=1)
def glossary() -> dict[str, tuple[str, str]]:
    path = default_paths().reference / "glossary.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["key"]: (row["zh"], row["en"]) for row in csv.DictReader(handle)}


@lru_cache(maxsize=1)
def _municipal_items_en() -> dict[tuple[int, str], str]:
    path = default_paths().reference / "municipal_items_en.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {(int(r["list_year"]), r["item_no"]): r["title_en"] for r in csv.DictReader(handle)}


def municipal_item_en(item_no: str, year: int) -> str:
    """English title of a municipal-list item (data/reference/municipal_items_en.csv); '' when not translated."""
    return _municipal_items_en().get((year, str(item_no)), "")


def label(key: str, sep: str = " ") -> str:
    """'占全市比重 Share of municipal target' for 'share'; the key itself when it has no entry."""
    zh, en = glossary().get(key, ("", key))
    return f"{zh}{sep}{en}".strip()


@lru_cache(maxsize=1)
def _trust_words() -> dict[str, str]:
    return load_settings(default_paths().reference)["population"].get("trust_words", {})


def trust_words(level: str) -> str:
    """'copy on an unofficial site' for 'mirror' (analysis_settings.yaml, population.trust_words)."""
    return _trust_words().get(level, level)
