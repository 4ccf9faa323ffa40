"""Population shares, proportionality and per-capita budgets, computed here from the source figures."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from analytics.cli import app
from analytics.database.build import build
from analytics.errors import InputError

REFERENCE = Path(__file__).resolve().parents[1] / "data/reference"
CQ, WUSHAN, QIANJIANG, SHIZHU = "500000", "500237", "500114", "500240"


def source_population() -> dict[tuple[str, int], int]:
    with (REFERENCE / "population.csv").open(encoding="utf-8") as handle:
        return {(r["jurisdiction_code"], int(r["year"])): int(r["resident_population"]) for r in csv.DictReader(handle)}


def fetch(con, sql: str, *params) -> dict:
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    [row] = cur.fetchall()
    return dict(zip(names, row))


def census_rows() -> dict[str, int]:
    """The 2020 census figure of each jurisdiction that has one in the reference table."""
    with (REFERENCE / "population.csv").open(encoding="utf-8") as handle:
        return {
            r["jurisdiction_code"]: int(r["resident_population"])
            for r in csv.DictReader(handle)
            if r["year"] == "2020" and "普查" in r["basis"]
        }


def test_population_selection_rule(con):
    used = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT jurisdiction_code, year, selection_reason, trust, resident_population FROM population_used"
        ).fetchall()
    }
    census = census_rows()
    assert len(census) == 36  # the municipality and 35 of its 38 divisions
    for code, people in census.items():  # the census wherever it exists
        assert used[code][:2] == (2020, "2020 census") and used[code][3] == people, code
    assert used[QIANJIANG][3] == 487281 and used[QIANJIANG][2] == "secondary"
    note = fetch(con, "SELECT population_note FROM quota_shares WHERE jurisdiction_code = ? LIMIT 1", QIANJIANG)
    assert "years differ" not in note["population_note"] and "secondary source" in note["population_note"]
    with (REFERENCE / "population.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    all_rows = con.execute("SELECT count(*), count(*) FILTER (WHERE selected) FROM population").fetchone()
    assert all_rows == (len(rows), len({r["jurisdiction_code"] for r in rows}))


def test_nearest_year_when_no_census(project):
    """Without its census row, Qianjiang falls back to the figure nearest 2020, and every comparison says so."""
    path = project.reference / "population.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(ln for ln in lines if not ln.startswith("500114,黔江区,2020,")), encoding="utf-8")
    build(project)
    with duckdb.connect(str(project.database), read_only=True) as con:
        year, reason = con.execute(
            "SELECT year, selection_reason FROM population_used WHERE jurisdiction_code = ?", [QIANJIANG]
        ).fetchone()
        note = con.execute(
            "SELECT any_value(population_note) FROM quota_shares WHERE jurisdiction_code = ?", [QIANJIANG]
        ).fetchone()[0]
    assert year == 2018 and "nearest year" in reason
    assert "years differ" in note and "2018" in note


@pytest.mark.parametrize(
    "code, year, metric, district_words, unit",
    [
        (WUSHAN, 2020, "old_neighbourhoods_renovated", "飞凤社区等老旧小区", "个"),
        (QIANJIANG, 2020, "old_neighbourhoods_renovated", "完成老旧小区改造", "个"),
        (WUSHAN, 2020, "rural_water_pipes_km", "新建改建农村输配水管道", "公里"),
        (SHIZHU, 2020, "disabled_employment", "新增残疾人就业", "人"),
    ],
)
def test_proportionality_from_first_principles(con, code, year, metric, district_words, unit):
    def number(text, words, unit):
        return float(re.search(re.escape(words) + r"\s*(\d+(?:\.\d+)?)\s*" + re.escape(unit), text)[1])

    texts = dict(
        con.execute("SELECT jurisdiction_code, text FROM documents WHERE kind = 'annual_livelihood_list'").fetchall()
    )
    district = number(texts[code], district_words, unit)
    municipal_words = {
        "old_neighbourhoods_renovated": "完成老旧小区改造",
        "rural_water_pipes_km": "新建改建农村输配水管道",
        "disabled_employment": "新增残疾人就业",
    }[metric]
    municipal = number(texts[CQ], municipal_words, unit)
    pop = source_population()
    population_share = pop[(code, year)] / pop[(CQ, 2020)]
    row = fetch(con, "SELECT * FROM quota_shares WHERE jurisdiction_code = ? AND metric = ?", code, metric)
    assert row["population_share"] == pytest.approx(population_share)
    assert row["proportionality"] == pytest.approx((district / municipal) / population_share)


def test_proportionality_is_null_when_not_comparable(con):
    row = fetch(
        con,
        "SELECT * FROM quota_shares WHERE jurisdiction_code = ? AND metric = 'old_neighbourhoods_renovated'",
        SHIZHU,
    )
    assert row["share"] is None and not row["comparable"] and row["proportionality"] is None
    assert row["ratio_not_a_share"] == pytest.approx(row["district_value"] / row["municipal_value"])
    not_a_share = con.execute(
        """SELECT count(*) FROM quota_shares
           WHERE NOT comparable AND (proportionality IS NOT NULL OR share IS NOT NULL)"""
    ).fetchone()[0]
    assert not_a_share == 0


def test_wushan_per_capita_budgets(con):
    pop = source_population()[(WUSHAN, 2020)]
    text = con.execute("SELECT text FROM documents WHERE doc_id = '500237-2026-livelihood'").fetchone()[0]
    water_money = float(re.search(r"农村输配水管道1430公里.*?项目总投资(\d+)万元", text)[1])
    served = float(re.search(r"惠及(\d+)万农村人口", text)[1]) * 10000
    water = fetch(con, "SELECT * FROM budgets WHERE jurisdiction_code = ? AND item_no = '8'", WUSHAN)
    assert water["published"] and water["investment_wan_yuan"] == water_money
    assert water["yuan_per_resident"] == pytest.approx(water_money * 10000 / pop)
    assert water["beneficiaries"] == served and water["yuan_per_beneficiary"] == pytest.approx(
        water_money * 10000 / served
    )
    care = fetch(con, "SELECT * FROM budgets WHERE jurisdiction_code = ? AND item_no = '10'", WUSHAN)
    assert care["investment_wan_yuan"] == pytest.approx(5.5 + 30)
    total = sum(float(v) for v in re.findall(r"项目总投资(\d+(?:\.\d+)?)万元", text))
    summary = fetch(con, "SELECT * FROM budget_summary WHERE jurisdiction_code = ?", WUSHAN)
    assert summary["total_investment_wan_yuan"] == pytest.approx(total)
    assert summary["yuan_per_resident"] == pytest.approx(total * 10000 / pop)
    assert summary["municipal_tier_wan_yuan"] + summary["local_tier_wan_yuan"] == pytest.approx(total)
    assert summary["items_with_figure"] + summary["items_without_figure"] == 22


@pytest.mark.parametrize("code, items", [(QIANJIANG, 24), (SHIZHU, 22)])
def test_not_published_is_said_plainly(con, code, items):
    summary = fetch(con, "SELECT * FROM budget_summary WHERE jurisdiction_code = ?", code)
    assert summary["published"] is False and summary["total_investment_wan_yuan"] is None
    assert summary["yuan_per_resident"] is None and (summary["items_with_figure"], summary["items_without_figure"]) == (
        0,
        items,
    )
    rows = con.execute(
        "SELECT published, investment_wan_yuan FROM budgets WHERE jurisdiction_code = ?", [code]
    ).fetchall()
    assert len(rows) == items and set(rows) == {(False, None)}


def test_fyp_beside_2026(con):
    row = fetch(con, "SELECT * FROM fyp_vs_2026 WHERE metric = 'culture_floorspace_per_10k'")
    assert (row["baseline_value"], row["target_value"], row["municipal_2026_value"]) == (880.59, 1100, 920)
    assert row["baseline_year"] == 2020 and row["target_year"] == 2025


def test_user_added_population_figures(project):
    additions = project.reference / "population_additions.csv"
    with additions.open("a", encoding="utf-8") as handle:
        handle.write(
            "500114,黔江区,2020,487281,第七次全国人口普查 (2020-11-01),official,the district's census bulletin,"
            "http://example.invalid,true,official source found\n"
        )
        handle.write(
            "500240,石柱土家族自治县,2023,388200,年末常住人口,secondary,2023 bulletin,"
            "http://example.invalid,true,newer figure\n"
        )
    build(project)
    with duckdb.connect(str(project.database), read_only=True) as con:
        used = {
            r[0]: r[1:]
            for r in con.execute(
                "SELECT jurisdiction_code, year, resident_population, selection_reason, trust FROM population_used"
            ).fetchall()
        }
        note = con.execute(
            "SELECT any_value(population_note) FROM quota_shares WHERE jurisdiction_code = ?", [QIANJIANG]
        ).fetchone()[0]
    assert used[QIANJIANG][:2] == (2020, 487281) and used[QIANJIANG][3] == "official"  # the user's row wins
    assert used[SHIZHU][:2] == (2023, 388200) and "prefer=true" in used[SHIZHU][2]
    assert note is None  # same year, basis and trust as the municipal figure: nothing to say


def test_bad_population_row_names_file_and_line(project):
    additions = project.reference / "population_additions.csv"
    with additions.open("a", encoding="utf-8") as handle:
        handle.write("500114,黔江区,2020,many,census,secondary,somewhere,,,\n")
    with pytest.raises(InputError) as caught:
        build(project)
    assert "population_additions.csv:2:" in str(caught.value)


def test_qa_flags_extremes(built, monkeypatch):
    paths, _ = built
    monkeypatch.setenv("ANALYTICS_ROOT", str(paths.root))
    output = CliRunner().invoke(app, ["qa"]).output
    assert "Proportionality outside 0.2–5.0" in output
    assert "500237 rural_water_pipes_km" in output
