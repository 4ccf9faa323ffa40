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


# -- divisions (data/reference/divisions.csv, divisions_history.csv) ---------------------------------------------

# The levels of divisions.csv, each with the code structure it takes: 330000 is a province-level code (its last four
# digits 0), 330300 a prefecture-level one (its last two 0), 330381 a county-level one.
PROVINCE_LEVELS = ("province", "municipality", "special_administrative_region")
LEVELS = (*PROVINCE_LEVELS, "prefecture", "district", "county")
# Words a name may end with that say its level (longest first), and the ethnic groups of autonomous divisions.
LEVEL_WORDS = (
    "特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区", "新区",
    "省", "市", "区", "县", "旗", "盟",
)  # fmt: skip
ETHNIC_GROUPS = tuple(  # longest first, so that 土家 is tried before 土
    "柯尔克孜 乌孜别克 维吾尔 哈萨克 达斡尔 塔吉克 俄罗斯 鄂温克 塔塔尔 鄂伦春 蒙古 布依 "
    "朝鲜 土家 哈尼 傈僳 高山 拉祜 东乡 纳西 景颇 仫佬 布朗 撒拉 毛南 仡佬 锡伯 阿昌 "
    "普米 德昂 保安 裕固 独龙 赫哲 门巴 珞巴 基诺 回 藏 苗 彝 壮 满 侗 瑶 白 傣 "
    "黎 佤 畲 水 土 羌 怒 京 各".split()
)


def levels_of_code(code: str) -> tuple[str, ...]:
    """The levels a six-digit GB/T 2260 code can have, read off its structure alone."""
    if code.endswith("0000"):
        return PROVINCE_LEVELS
    if code.endswith("00"):
        return ("prefecture",)
    return ("district", "county")


def ancestors(divisions: dict[str, dict[str, str]], code: str) -> list[str]:
    """The codes above a division, nearest first (330381 → 330300, 330000; 500103 → 500000)."""
    out: list[str] = []
    parent = (divisions.get(code) or {}).get("parent_code") or None
    while parent and parent not in out:
        out.append(parent)
        parent = (divisions.get(parent) or {}).get("parent_code") or None
    return out


def name_core(name: str) -> str:
    """A name without its level word and its ethnic-autonomy part: 石柱土家族自治县, 石柱县 and 石柱 → 石柱;
    巴音郭楞蒙古自治州 → 巴音郭楞; 重庆市 → 重庆. Ethnic groups are dropped only where they stand before the level
    word (or the end), with 族, or without it after an autonomy word (伊犁哈萨克自治州)."""
    rest = name.strip()
    autonomous = False
    for word in LEVEL_WORDS:
        if rest.endswith(word) and len(rest) > len(word):
            rest, autonomous = rest[: -len(word)], word.startswith("自治")
            break
    if rest.endswith("自治") and len(rest) > 2:
        rest, autonomous = rest[:-2], True
    while True:
        for group in ETHNIC_GROUPS:
            if rest.endswith(group + "族") and len(rest) > len(group) + 1:
                rest = rest[: -len(group) - 1]
                break
            if autonomous and len(group) > 1 and rest.endswith(group) and len(rest) > len(group):
                rest = rest[: -len(group)]
                break
        else:
            return rest


def name_agrees(given: str, official: str) -> bool:
    """Whether a name as printed may stand for the official one: the same name, or a short form — the given name
    without its level word and ethnic-autonomy part is the official name's own core (石柱县, 石柱自治县 for
    石柱土家族自治县; 重庆 for 重庆市; 恩施州 for 恩施土家族苗族自治州), or a prefix of the official name at least two
    characters long (石柱土家 for 石柱土家族自治县). One character is never enough: 渝 is a prefix of 渝中区
    and 渝北区 alike."""
    given = given.strip()
    if given == official:
        return True
    readings = [given] + ([given[:-1] + "自治州"] if given.endswith("州") else [])  # 恩施州 is 恩施自治州 short
    for core in map(name_core, readings):
        if core and (core == name_core(official) or (len(core) >= 2 and official.startswith(core))):
            return True
    return False


def load_division_history(path: Path) -> dict[str, list[dict]]:
    """Codes of past GB/T 2260 revisions that were abolished or renamed, or were grouping lines; by code."""
    history: dict[str, list[dict]] = {}
    if path.exists():
        for row in read_csv(path):
            history.setdefault(row["code"], []).append(row)
    return history
