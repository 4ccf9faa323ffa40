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
def _municipal_items_en() -> dict[tuple[str, int, str], str]:
    path = default_paths().reference / "municipal_items_en.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (r["jurisdiction_code"], int(r["list_year"]), r["item_no"]): r["title_en"] for r in csv.DictReader(handle)
        }


def municipal_item_en(item_no: str, year: int, jurisdiction_code: str = "500000") -> str:
    """English title of an item of the list of `jurisdiction_code` of that year, which other lists take up
    (data/reference/municipal_items_en.csv); '' when not translated."""
    return _municipal_items_en().get((str(jurisdiction_code), year, str(item_no)), "")


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


@lru_cache(maxsize=1)
def _english_level_words() -> tuple[str, ...]:
    return tuple(load_settings(default_paths().reference).get("names", {}).get("english_level_words", []))


def short_name_en(name_en: str) -> str:
    """'Chongqing' for 'Chongqing Municipality', 'Wenzhou' for 'Wenzhou City' (analysis_settings.yaml,
    names.english_level_words)."""
    for word in _english_level_words():
        name_en = name_en.removesuffix(word)
    return name_en


def lists_below(level: str | None) -> tuple[str, str]:
    """(Chinese, English) words for the lists that take up a list of this level: 区县 districts and counties
    below a municipality, 市州 prefectures below a province (glossary.csv, lists_below_<level>)."""
    return glossary().get(f"lists_below_{level}") or glossary()["lists_below"]


def list_level(level: str | None) -> tuple[str, str]:
    """(Chinese, English) adjective of a list of this level: 市级 municipal, 省级 provincial (glossary.csv,
    list_level_<level>)."""
    return glossary().get(f"list_level_{level}") or glossary()["list_level"]
