"""Comparisons a researcher can cite as they stand: scope, what is counted, figures a reader counts, one
meaning of "taken up", a share only where it may be read, cost per beneficiary, population for the whole city.

Each rule is checked on the seeds and on a list written here in other wording, from a county with no
population figure (忠县 500233), so that the rules are seen to come from data/reference, not from the seeds.
"""

from __future__ import annotations

import csv
import itertools

import duckdb
import pytest
import yaml
from conftest import REPO
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from analytics.cli import app
from analytics.compare.counted import CountedWords
from analytics.database.build import build
from analytics.report import district as district_section
from analytics.report.data import open_report

WUSHAN, QIANJIANG, SHIZHU, ZHONG = "500237", "500114", "500240", "500233"
HEADER = ["序号", "实事项目", "牵头单位", "工作任务", "计划投资（万元）"]
ROWS = [  # (number, title, unit, task, money): municipal titles reworded, figures in other sentences
    "一、承接市级重点民生实事（5件）",
    ["1", "城市居住品质提升", "县住房城乡建委", "今年完成老旧小区改造8个，惠及居民1200户。", "500"],
    ["2", "提升老年人照护服务", "县民政局", "组织培训养老护理员40名。", "60"],
    ["3", "扩面提质15分钟高品质生活服务圈", "县文化旅游委", "开展优质文化资源直达基层文化活动30场次。", ""],
    [
        "4",
        "关爱青少年心理健康",
        "县教委",
        "为1.5万名学生开展心理健康测评，服务儿童800人次以上。",
        "80",
    ],
    [
        "5",
        "改善学校医院周边环境",
        "县教委",
        "对城关小学、实验中学、县人民医院周边环境进行整体提升；新建社区食堂、老年食堂各2个；"
        "聚焦全县1200名留守儿童开展关爱活动。",
        "",
    ],
    "二、县级民生实事（1件）",
    ["1", "社区食堂建设", "县民政局", "新建社区食堂4家，服务老年人约1600人次。", "120"],
]


def list_text(rows=ROWS) -> str:
    out = ["忠县2026年重点民生实事项目", "", *("\t" + h for h in HEADER), ""]
    for row in rows:
        for cell in [row] if isinstance(row, str) else row:
            out.append("\t" + cell)
        out.append("")
    return "\n".join(out) + "\n"


@pytest.fixture(scope="module")
def zhong(tmp_path_factory):
    """The seeds plus the list above, built once; a catalogue copy that also has a minimum-scope metric."""
    from conftest import copy_project

    root = tmp_path_factory.mktemp("zhong")
    project = copy_project(root)
    catalogue = project.reference / "metric_catalogue.yaml"
    text = catalogue.read_text(encoding="utf-8")
    # a reviewer's decision, in data: the old-neighbourhood figure read as a minimum per county
    text = text.replace(
        "patterns: ['老旧小区改造〈Q〉', '改造[^。；〈]{0,24}老旧小区〈Q〉', '〈Q〉老旧小区改造']}",
        "patterns: ['老旧小区改造〈Q〉', '改造[^。；〈]{0,24}老旧小区〈Q〉', '〈Q〉老旧小区改造'],\n"
        "     scope: minimum, scope_reason: test decision}",
    )
    catalogue.write_text(text, encoding="utf-8")
    source = root / "zhong.txt"
    source.write_text(list_text(), encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["add", str(source), "--jurisdiction", ZHONG, "--year", "2026"],
        env={"ANALYTICS_ROOT": str(project.root)},
    )
    assert result.exit_code == 0, result.output
    build(project)
    return project


def rows(con, sql: str, *params) -> list[dict]:
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def share_row(con, code: str, metric: str) -> dict:
    [row] = rows(con, "SELECT * FROM quota_shares WHERE jurisdiction_code = ? AND metric = ?", code, metric)
    return row


# 1. scope ------------------------------------------------------------------------------------------------


def test_a_citywide_count_is_not_a_share(con):
    row = share_row(con, QIANJIANG, "cultural_events")
    assert row["scope"] == "citywide" and row["district_value"] == row["municipal_value"] == 100
    assert row["share"] is None and row["proportionality"] is None and row["comparable"] is False
    assert row["ratio_not_a_share"] == 1.0 and "citywide" in row["caveat"]


def test_every_metric_has_a_scope_with_its_reason(con):
    catalogue = yaml.safe_load((REPO / "data/reference/metric_catalogue.yaml").read_text(encoding="utf-8"))
    for metric in catalogue["metrics"]:
        assert metric.get("scope", "total") == "total" or metric.get("scope_reason"), metric["metric"]
    assert (
        con.execute("SELECT count(*) FROM quota_shares WHERE scope IS NULL OR scope_reason IS NULL").fetchone()[0] == 0
    )


def test_scope_rules_on_another_wording(zhong):
    with duckdb.connect(str(zhong.database), read_only=True) as con:
        minimum = share_row(con, ZHONG, "old_neighbourhoods_renovated")
        citywide = share_row(con, ZHONG, "cultural_events")
    assert minimum["scope"] == "minimum" and minimum["district_value"] == 8
    assert minimum["meets_minimum"] is (minimum["district_value"] >= minimum["municipal_value"])
    assert minimum["share"] is None and "minimum" in minimum["caveat"]
    assert citywide["district_value"] == 30 and citywide["share"] is None and citywide["comparable"] is False


def test_qa_lists_large_ratios_for_review(built, monkeypatch):
    paths, _ = built
    monkeypatch.setenv("ANALYTICS_ROOT", str(paths.root))
    out = CliRunner().invoke(app, ["qa"], env={"ANALYTICS_ROOT": str(paths.root)}).output
    review = out[out.index("for review") :]
    assert "500114 cultural_events: ratio 100.00% — not a share (citywide" in review
    with duckdb.connect(str(paths.database), read_only=True) as con:
        large = con.execute(
            "SELECT jurisdiction_code, metric FROM quota_shares WHERE ratio_not_a_share > 0.25"
        ).fetchall()
    assert large and all(f"{code} {metric}:" in review for code, metric in large)


# 2. what is counted ----------------------------------------------------------------------------------------


def test_trained_is_not_certified_on_the_seeds(con):
    row = share_row(con, WUSHAN, "certified_care_workers")
    assert row["comparable"] is False and row["share"] is None
    assert "培训" in row["caveat"] and "持证" in row["caveat"]


def test_trained_is_not_certified_in_other_wording(zhong):
    with duckdb.connect(str(zhong.database), read_only=True) as con:
        row = share_row(con, ZHONG, "certified_care_workers")
    assert row["district_value"] == 40 and row["comparable"] is False and "培训" in row["caveat"]


GROUPS = CountedWords.load(REPO / "data/reference").groups


@given(data=st.data())
def test_counted_words_agree_only_within_a_meaning(data):
    """Generated from counted_words.yaml (whose words of different meanings never contain one another): a
    district word of one meaning against a municipal word of another disagrees, naming both; words of the same
    meaning agree; a clause without a word of the group concludes nothing."""
    words = CountedWords(GROUPS)
    group = data.draw(st.sampled_from(GROUPS))
    meanings = list(group.meanings)
    a, b = data.draw(st.sampled_from(list(itertools.permutations(meanings, 2))))
    noun = data.draw(st.sampled_from(["养老护理员", "社区食堂", "老旧小区", "群众"]))
    district = data.draw(st.sampled_from(group.meanings[a])) + noun
    other = data.draw(st.sampled_from(group.meanings[b])) + noun
    same = data.draw(st.sampled_from(group.meanings[a])) + noun
    [differs] = words.disagreements(district, other)
    assert a in differs and b in differs
    assert words.disagreements(district, same) == []
    assert words.disagreements(district, noun) == [] and words.disagreements(noun, other) == []


# 3. figures a human reader counts -------------------------------------------------------------------------


def test_figures_counted_from_names_and_from_each(con):
    schools = share_row(con, SHIZHU, "schools_surroundings")  # 师范附属小学、砫蒲小学
    hospitals = share_row(con, SHIZHU, "hospitals_surroundings")  # 县中医院
    assert schools["district_value"] == 2 and hospitals["district_value"] == 1
    assert "counted from the names listed" in schools["caveat"] and "砫蒲小学" in schools["caveat"]
    assert share_row(con, WUSHAN, "hospitals_surroundings")["district_value"] == 1  # 净坛分院
    canteens = share_row(con, QIANJIANG, "elderly_canteens")  # 老年食堂、…活动场所各1个
    assert canteens["district_value"] == 1 and canteens["caveat"].startswith("各: the figure counts each of the 4")
    assert share_row(con, SHIZHU, "park_users")["district_value"] == 80000  # 惠及群众超8万人


def test_context_figures_are_kept_and_never_compared(con):
    context = rows(con, "SELECT * FROM targets WHERE context ORDER BY span_start")
    assert [(c["jurisdiction_code"], c["expression"]) for c in context] == [(SHIZHU, "583名"), (SHIZHU, "9100余名")]
    assert all(c["metric"] is None and not c["beneficiary"] and not c["counts_people"] for c in context)


def test_planned_progress_is_the_percent_stated_most(con):
    plan = {
        (r["item_no"], r["checkpoint_label"]): r["planned_progress_pct"]
        for r in rows(con, "SELECT * FROM milestones WHERE jurisdiction_code = ?", QIANJIANG)
    }
    assert (plan[("24", "6月底前")], plan[("24", "9月底前")]) == (45, 75)
    assert plan[("23", "6月底前")] is None  # three measures (45 %, 30 %, 40 %): no single plan figure


def test_reader_counts_in_other_wording(zhong):
    with duckdb.connect(str(zhong.database), read_only=True) as con:
        schools = share_row(con, ZHONG, "schools_surroundings")
        hospitals = share_row(con, ZHONG, "hospitals_surroundings")
        canteens = share_row(con, ZHONG, "elderly_canteens")
        context = rows(con, "SELECT * FROM targets WHERE jurisdiction_code = ? AND context", ZHONG)
    assert (schools["district_value"], hospitals["district_value"], canteens["district_value"]) == (2, 1, 2)
    assert [c["expression"] for c in context] == ["1200名"] and context[0]["metric"] is None


NAMES = st.text(alphabet="城关实验民族希望东西南北中", min_size=1, max_size=4)


@given(
    schools=st.lists(st.tuples(NAMES, st.sampled_from(["小学", "中学", "学校"])), min_size=1, max_size=4),
    hospitals=st.lists(st.tuples(NAMES, st.sampled_from(["医院", "卫生院", "分院"])), max_size=3),
    order=st.randoms(use_true_random=False),
)
def test_named_facilities_are_counted_per_category(schools, hospitals, order):
    from analytics.targets.quantities import QuantityParser

    parser = QuantityParser.load(REPO / "data/reference")
    names = [a + b for a, b in schools] + [a + b for a, b in hospitals]
    order.shuffle(names)
    found = parser.parse(f"对{'、'.join(names)}周边环境进行整体提升。")
    counts = {q.counted_from_names: q.value for q in found if q.counted_from_names}
    assert counts.get("学校") == len(schools) and counts.get("医院", 0) == len(hospitals)


@given(
    things=st.lists(st.sampled_from(["老年食堂", "社区食堂", "活动室", "服务站", "工作室"]), min_size=2, max_size=5),
    n=st.integers(1, 99),
)
def test_each_gives_the_figure_to_every_thing_listed(things, n):
    from analytics.targets.quantities import QuantityParser

    parser = QuantityParser.load(REPO / "data/reference")
    [q] = parser.parse(f"建设{'、'.join(things)}各{n}个。")
    assert q.value == n and len(q.each) == len(things) and q.each[-1] == things[-1]


# 4. one meaning of taken up ----------------------------------------------------------------------------------


def test_an_item_carried_in_another_item_is_taken_up(con):
    [row] = rows(con, "SELECT * FROM item_takeup WHERE jurisdiction_code = ? AND municipal_item_no = '9'", SHIZHU)
    assert row["takeup"] == "carried_in_other_items" and row["taking_up_items"] == []
    assert any(i.startswith("4 ") for i in row["carrying_items"])
    statuses = {
        r["metric"]: r["status"]
        for r in rows(con, "SELECT * FROM quota_shares WHERE jurisdiction_code = ? AND municipal_item_no = '9'", SHIZHU)
    }
    assert "not_taken_up" not in statuses.values() and "aligned" in statuses.values()


@pytest.mark.parametrize("code", [WUSHAN, QIANJIANG, SHIZHU])
def test_every_report_counts_take_up_the_same_way(built, con, code):
    paths, _ = built
    profile = open_report("district_profile", str(paths.database), jurisdiction_code=code)
    counts = profile.takeup_summary(code)
    overview = open_report("overview", str(paths.database)).coverage().set_index("jurisdiction_code")
    taken = counts["taken_up"] + counts["carried_in_other_items"]
    assert overview.loc[code, "items_taken_up"] == taken
    assert overview.loc[code, "items_carried"] == counts["carried_in_other_items"]
    assert f"{taken} of {taken + counts['not_taken_up']}" in district_section.key_figures(profile, code).data
    from_shares = con.execute(
        """SELECT count(DISTINCT municipal_item_no) FROM quota_shares
           WHERE jurisdiction_code = ? AND status <> 'not_taken_up'""",
        [code],
    ).fetchone()[0]
    items_with_quota = con.execute(
        """SELECT count(DISTINCT municipal_item_no) FROM item_takeup t
           WHERE jurisdiction_code = ? AND takeup <> 'not_taken_up'
             AND municipal_item_no IN (SELECT municipal_item_no FROM metrics WHERE kind = 'quota')""",
        [code],
    ).fetchone()[0]
    assert from_shares == items_with_quota
    for item_no in ("9", "15"):
        page = open_report("metric_comparison", str(paths.database), municipal_item_no=item_no)
        listed = page.item_takeup(item_no).set_index("jurisdiction_code")
        expected = con.execute(
            "SELECT takeup FROM item_takeup WHERE jurisdiction_code = ? AND municipal_item_no = ?", [code, item_no]
        ).fetchone()[0]
        if code in listed.index:
            assert listed.loc[code, "takeup"] == expected


# 5. a share only where it may be read ----------------------------------------------------------------------


def test_share_is_null_wherever_not_comparable(con):
    bad = con.execute(
        "SELECT count(*) FROM quota_shares WHERE share IS NOT NULL AND comparable IS NOT TRUE"
    ).fetchone()[0]
    assert bad == 0
    ratios = con.execute(
        """SELECT district_value, municipal_value, ratio_not_a_share FROM quota_shares
           WHERE status = 'aligned' AND municipal_value > 0"""
    ).fetchall()
    assert ratios and all(r == pytest.approx(d / m) for d, m, r in ratios)
    screening = share_row(con, WUSHAN, "cervical_breast_screening")
    assert screening["share"] is None and screening["ratio_not_a_share"] is not None


# 6. cost per beneficiary -------------------------------------------------------------------------------------


def test_no_cost_per_beneficiary_when_an_item_counts_several_groups(con):
    [item] = rows(con, "SELECT * FROM budgets WHERE jurisdiction_code = ? AND item_no = '2'", WUSHAN)
    assert item["yuan_per_beneficiary"] is None and item["beneficiaries"] is None
    assert "3 figures" in item["beneficiary_note"] and "4万名" in item["beneficiary_note"]
    computed = rows(con, "SELECT * FROM budgets WHERE yuan_per_beneficiary IS NOT NULL")
    assert computed
    for b in computed:  # from first principles: one figure counting people, and it counts people served
        people = con.execute(
            """SELECT count(*), count(*) FILTER (WHERE beneficiary) FROM targets
               WHERE doc_id = ? AND item_no = ? AND section IS NOT DISTINCT FROM ? AND counts_people""",
            [b["doc_id"], b["item_no"], b["section"]],
        ).fetchone()
        assert people == (1, 1)
        assert b["yuan_per_beneficiary"] == pytest.approx(b["investment_wan_yuan"] * 10000 / b["beneficiaries"])


def test_cost_per_beneficiary_in_other_wording(zhong):
    with duckdb.connect(str(zhong.database), read_only=True) as con:
        budgets = {r["title"]: r for r in rows(con, "SELECT * FROM budgets WHERE jurisdiction_code = ?", ZHONG)}
    canteens = budgets["社区食堂建设"]
    assert canteens["beneficiaries"] == 1600 and canteens["yuan_per_beneficiary"] == pytest.approx(120 * 10000 / 1600)
    youth = budgets["关爱青少年心理健康"]
    assert youth["yuan_per_beneficiary"] is None and "2 figures" in youth["beneficiary_note"]
    assert budgets["提升老年人照护服务"]["beneficiary_note"].startswith("no count of people served")


# 7. population for the whole city ------------------------------------------------------------------------------


def test_a_county_without_a_population_figure_builds_and_says_so(zhong):
    with open(zhong.reference / "population.csv", encoding="utf-8") as handle:
        assert ZHONG not in {r["jurisdiction_code"] for r in csv.DictReader(handle)}
    with duckdb.connect(str(zhong.database), read_only=True) as con:
        notes = {
            r[0]
            for r in con.execute(
                "SELECT population_note FROM quota_shares WHERE jurisdiction_code = ?", [ZHONG]
            ).fetchall()
        }
        per_resident = con.execute(
            "SELECT count(*) FILTER (WHERE yuan_per_resident IS NOT NULL) FROM budgets WHERE jurisdiction_code = ?",
            [ZHONG],
        ).fetchone()[0]
    assert len(notes) == 1 and next(iter(notes)).startswith("population unknown") and per_resident == 0
    ctx = open_report("district_profile", str(zhong.database), jurisdiction_code=ZHONG)
    figures = district_section.key_figures(ctx, ZHONG).data
    assert "population unknown" in figures and "nan" not in figures.lower()
    assert "population unknown" in district_section.budget_table(ctx, ZHONG).data
