"""Targets and quota shares, checked against figures read from the documents' text in the test itself."""

from __future__ import annotations

import re
import shutil

import pytest
from typer.testing import CliRunner

from analytics.cli import app
from analytics.database.build import build
from analytics.errors import InputError

CQ, WUSHAN, QIANJIANG, SHIZHU = "500000", "500237", "500114", "500240"


def doc_text(con, code: str) -> str:
    return con.execute(
        "SELECT text FROM documents WHERE jurisdiction_code = ? AND kind = 'annual_livelihood_list'", [code]
    ).fetchone()[0]


def number_after(text: str, words: str, unit: str) -> float:
    """The first number printed after `words` and before `unit`, spaces allowed: read from the document."""
    m = re.search(re.escape(words) + r"[^，。；\d]{0,30}?\s*(\d+(?:\.\d+)?)\s*(万)?\s*" + re.escape(unit), text)
    assert m, (words, unit)
    return float(m[1]) * (10000 if m[2] else 1)


def share(con, code: str, metric: str) -> dict:
    cur = con.execute("SELECT * FROM quota_shares WHERE jurisdiction_code = ? AND metric = ?", [code, metric])
    names = [d[0] for d in cur.description]
    [row] = cur.fetchall()
    return dict(zip(names, row))


@pytest.mark.parametrize(
    "code, words, unit, municipal_words, municipal_unit, metric",
    [
        (WUSHAN, "飞凤社区等老旧小区", "个", "完成老旧小区改造", "个", "old_neighbourhoods_renovated"),
        (QIANJIANG, "完成老旧小区改造", "个", "完成老旧小区改造", "个", "old_neighbourhoods_renovated"),
        (WUSHAN, "新建改建农村输配水管道", "公里", "新建改建农村输配水管道", "公里", "rural_water_pipes_km"),
        (QIANJIANG, "新建改建农村输配水管道", "公里", "新建改建农村输配水管道", "公里", "rural_water_pipes_km"),
        (WUSHAN, "残疾人就业", "人", "新增残疾人就业", "人", "disabled_employment"),
        (SHIZHU, "新增残疾人就业", "人", "新增残疾人就业", "人", "disabled_employment"),
        (QIANJIANG, "为辖区内", "栋", "为", "栋", "high_rise_fire_sensors"),
    ],
)
def test_quota_share_from_the_documents(con, code, words, unit, municipal_words, municipal_unit, metric):
    district = number_after(doc_text(con, code), words, unit)
    municipal = number_after(doc_text(con, CQ), municipal_words, municipal_unit)
    row = share(con, code, metric)
    assert row["status"] == "aligned"
    assert row["district_value"] == pytest.approx(district)
    assert row["municipal_value"] == pytest.approx(municipal)
    assert row["share"] == pytest.approx(district / municipal)


def test_the_issue_examples(con):
    assert share(con, WUSHAN, "old_neighbourhoods_renovated")["share"] == pytest.approx(13 / 600)
    water = share(con, WUSHAN, "rural_water_pipes_km")
    assert water["share"] == pytest.approx(1430 / 5000) and water["comparable"]
    assert "新建改建农村输配水管道1430公里" in water["district_source_text"]
    started = share(con, SHIZHU, "old_neighbourhoods_renovated")
    assert started["district_value"] == 12 and not started["comparable"] and "started" in started["caveat"]


def test_parts_add_up_to_the_district_value(con):
    """A district value is the sum of the targets it names (Wushan: 15 lifts added + 10 renewed)."""
    rows = con.execute(
        """SELECT q.jurisdiction_code, q.metric, q.district_value, sum(t.value) AS parts
           FROM quota_shares q, unnest(q.district_target_ids) AS u(id) JOIN targets t ON t.target_id = u.id
           WHERE q.unit NOT IN ('公里') GROUP BY ALL"""
    ).fetchall()
    assert rows and all(v == pytest.approx(parts) for _, _, v, parts in rows)
    lifts = share(con, WUSHAN, "lifts_renewed_or_added")
    assert lifts["district_value"] == 25 and "15部 + 10部" in lifts["caveat"]


def test_caveats_mark_what_is_not_comparable(con):
    joint = share(con, QIANJIANG, "cervical_breast_screening")
    assert joint["district_value"] == 11000 + 4000 and not joint["comparable"] and "joint" in joint["caveat"]
    person_times = share(con, SHIZHU, "children_childcare_services")
    assert not person_times["comparable"] and "人次" in person_times["caveat"]
    beds = share(con, WUSHAN, "homes_adapted_for_elderly")
    assert not beds["comparable"] and "张" in beds["caveat"]
    new_vs_stock = share(con, QIANJIANG, "gig_worker_friendly_sites")
    assert not new_vs_stock["comparable"] and "cumulative" in new_vs_stock["caveat"]
    stock_vs_stock = share(con, WUSHAN, "gig_worker_friendly_sites")
    assert stock_vs_stock["comparable"]


def test_local_items_carrying_municipal_metrics(con):
    for metric in ("rural_water_pipes_km", "high_rise_fire_sensors"):
        row = share(con, SHIZHU, metric)
        assert row["status"] == "aligned" and "local tier" in row["caveat"]
    assert share(con, SHIZHU, "rural_water_pipes_km")["district_value"] == pytest.approx(44 + 40)
    aligned = con.execute(
        "SELECT DISTINCT alignment FROM targets "
        "WHERE jurisdiction_code = ? AND item_tier = 'local' AND metric IS NOT NULL",
        [SHIZHU],
    ).fetchall()
    assert aligned == [("anywhere",)]


def test_missing_is_not_zero(con):
    row = share(con, SHIZHU, "students_screened")  # Shizhu takes up item 3 but prints no number of students
    assert row["status"] == "not_published" and row["district_value"] is None and row["share"] is None
    row = share(con, WUSHAN, "road_projects_started")  # item 2 concerns the central districts only
    assert row["status"] == "not_taken_up" and row["district_value"] is None
    grid = con.execute(
        "SELECT count(*), count(DISTINCT metric), count(DISTINCT jurisdiction_code) FROM quota_shares"
    ).fetchone()
    assert grid[0] == grid[1] * grid[2] == grid[1] * 3


def test_every_municipal_figure_is_aligned_to_its_own_item(con):
    rows = con.execute(
        """SELECT t.item_no, m.municipal_item_no, t.metric FROM targets t LEFT JOIN metrics m USING (metric)
           WHERE t.jurisdiction_code = ?""",
        [CQ],
    ).fetchall()
    assert len(rows) == 73
    assert all(metric is not None and item == metric_item for item, metric_item, metric in rows)
    # every catalogue metric is found in the municipal list exactly once, except the household measure the
    # municipal list states only per household
    counts = dict(
        con.execute(
            "SELECT m.metric, count(t.metric) FROM metrics m "
            "LEFT JOIN targets t ON t.metric = m.metric AND t.jurisdiction_code = ? GROUP BY ALL",
            [CQ],
        ).fetchall()
    )
    assert {k for k, v in counts.items() if v != 1} == {"high_rise_elderly_households"}


def test_levels_are_compared_as_levels(con):
    levels = {
        (r[0], r[1]): (r[2], r[3])
        for r in con.execute(
            "SELECT jurisdiction_code, metric, district_value, municipal_value FROM level_targets"
        ).fetchall()
    }
    assert levels[(SHIZHU, "culture_floorspace_per_10k")] == (920, 920)
    assert levels[(WUSHAN, "psychiatry_department_rate_pct")] == (100, 80)
    assert con.execute("SELECT count(*) FROM quota_shares WHERE unit = '%'").fetchone()[0] == 0


def test_targets_keep_their_sentence_and_span(con):
    texts = dict(con.execute("SELECT doc_id, text FROM documents").fetchall())
    for doc_id, expression, source, start, end, s_start, s_end in con.execute(
        "SELECT doc_id, expression, source_text, span_start, span_end, sentence_start, sentence_end FROM targets"
    ).fetchall():
        assert re.sub(r"\s", "", texts[doc_id][start:end]) == re.sub(r"\s", "", expression)
        raw = iter(re.sub(r"\s", "", texts[doc_id][s_start:s_end]))
        # in order; a sentence split by a page break has the repeated header row in between
        assert all(ch in raw for ch in re.sub(r"\s", "", source))


def test_catalogue_errors_name_file_and_line(project):
    path = project.reference / "metric_catalogue.yaml"
    text = path.read_text(encoding="utf-8")
    broken = text.replace("patterns: ['现代社区〈Q〉']", "patterns: ['现代社区']", 1)
    assert broken != text
    path.write_text(broken, encoding="utf-8")
    line = broken[: broken.index("metric: modern_communities")].count("\n") + 1
    with pytest.raises(InputError) as caught:
        build(project)
    assert f"metric_catalogue.yaml:{line}:" in str(caught.value) and "〈Q〉" in str(caught.value)


def test_qa_prints_the_coverage_summary(built, monkeypatch):
    paths, _ = built
    monkeypatch.setenv("ANALYTICS_ROOT", str(paths.root))
    result = CliRunner().invoke(app, ["qa"])
    assert result.exit_code == 0, result.output
    assert "Quantities per document" in result.output
    assert "巫山县 500237" in result.output and "2650m" in result.output  # a district-only figure, listed
    assert "road_projects_started" in result.output  # a municipal metric no district took up


def test_a_district_list_of_another_year_is_not_aligned(project):
    shutil.copy(project.raw / "500114-2026-livelihood.txt", project.raw / "500114-2025-livelihood.txt")
    manifest = project.manifest.read_text(encoding="utf-8")
    entry = manifest[
        manifest.index('  - id: "500114-2026-livelihood"') : manifest.index('  - id: "500240-2026-livelihood"')
    ]
    manifest += entry.replace("500114-2026-livelihood", "500114-2025-livelihood").replace("year: 2026", "year: 2025")
    project.manifest.write_text(manifest, encoding="utf-8")
    result = build(project)
    # no list above it that year: nothing to align with (a catalogue belongs to the list above, not the year)
    assert any("no municipal list for 2025" in str(w) for w in result.warnings)
