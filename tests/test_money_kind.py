"""What the money is (issue 27.1): this year's spending (年度投资) or the whole project's cost (项目总投资), read
from the money column's header or the task's words; both kept where a list gives both; multi-year projects
(续建, a completion year after the list's) flagged; per-resident figures compared kind by kind."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from district_fixture import list_entry

from analytics.documents.vocabulary import Vocabulary
from analytics.errors import Warnings
from analytics.items.read import read_items

# the session's rendered reports (conftest.rendered, conftest.site): rendered once, on one pytest-xdist worker

VOCAB = Vocabulary.load(Path(__file__).resolve().parents[1] / "data/reference/layout_vocabulary.yaml")
WUSHAN = "500237"
TITLE = "某县2026年重点民生实事项目表"
HEADER = ["序号", "项目名称", "建设内容", "牵头单位", "2026年度投资（万元）", "项目总投资（亿元）"]
ROWS = [
    ["1", "城乡供水一体化工程", "新建供水管网30公里，续建水厂1座。", "县水利局", "3,000", "1.2"],
    ["2", "县人民医院新院区", "完成主体工程，2028年建成投用。", "县卫生健康委", "5000", "6"],
    ["3", "社区食堂", "新建社区食堂8家。", "县民政局", "300", ""],
    ["4", "农村公路", "改造农村公路45公里。", "县交通运输委", "", ""],
]


def _list(tmp_path: Path, header: list[str] = HEADER, rows: list[list[str]] = ROWS) -> Path:
    lines = [TITLE, ""] + ["\t" + h for h in header] + [""]
    for row in rows:
        lines += ["\t" + c for c in row] + [""]
    path = tmp_path / "money.txt"
    path.write_text("\n".join([*lines, "（此件公开发布）"]) + "\n", encoding="utf-8")
    return path


def test_a_list_with_both_columns_keeps_both(tmp_path):
    items = {p.item_no: p for p in read_items(_list(tmp_path), list_entry("money.txt"), VOCAB, Warnings()).projects}
    water, hospital, canteen, road = items["1"], items["2"], items["3"], items["4"]
    assert (water.annual_investment_wan_yuan, water.total_investment_wan_yuan) == (3000, 12000)
    assert (water.investment_wan_yuan, water.investment_kind) == (3000, "annual")  # the year's figure is used
    assert (hospital.annual_investment_wan_yuan, hospital.total_investment_wan_yuan) == (5000, 60000)
    assert (canteen.investment_kind, canteen.annual_investment_wan_yuan, canteen.total_investment_wan_yuan) == (
        "annual",
        300,
        None,
    )
    assert road.investment_wan_yuan is None and road.investment_kind is None  # not published, not zero
    assert water.multi_year == "续建" and hospital.multi_year and "2028" in hospital.multi_year
    assert canteen.multi_year is None and road.multi_year is None


@pytest.mark.parametrize(
    "header, kind",
    [
        ("项目总投资（万元）", "total"),
        ("总投资", "total"),
        ("年度投资（万元）", "annual"),
        ("2026年计划投资（万元）", "annual"),
        ("年度计划投资", "annual"),
        ("计划投资（万元）", None),  # the header does not say: unstated, never guessed
    ],
)
def test_the_kind_comes_from_the_money_header(tmp_path, header, kind):
    rows = [["1", "社区食堂", "新建社区食堂8家。", "县民政局", "300"]]
    path = _list(tmp_path, HEADER[:4] + [header], rows)
    [item] = read_items(path, list_entry("money.txt"), VOCAB, Warnings()).projects
    assert (item.investment_wan_yuan, item.investment_kind) == (300, kind)


def test_a_completion_year_of_the_list_year_is_not_multi_year():
    assert VOCAB.multi_year("2026年底前建成投用", 2026) is None
    assert VOCAB.multi_year("2027年6月底前完工", 2026) == "2027年6月底前完工"
    assert VOCAB.multi_year("项目总投资12000万元，跨年度实施", 2026) == "跨年度"


def test_wushans_task_money_is_whole_project_cost(con):
    """Wushan prints 项目总投资…万元 in its task texts: every figure is the whole project's, none this year's."""
    rows = con.execute(
        """SELECT item_no, task_text, investment_kind, annual_investment_wan_yuan, total_investment_wan_yuan
           FROM projects WHERE jurisdiction_code = ? AND investment_wan_yuan IS NOT NULL""",
        [WUSHAN],
    ).fetchall()
    assert len(rows) == 18
    for item_no, task, kind, annual, total in rows:
        assert "项目总投资" in task and kind == "total" and annual is None, item_no
        assert total == pytest.approx(sum(float(v) for v in re.findall(r"项目总投资(\d+(?:\.\d+)?)万元", task)))
    summary = con.execute(
        """SELECT investment_kind, annual_yuan_per_resident, whole_project_yuan_per_resident, yuan_per_resident,
                  items_with_whole_project
           FROM budget_summary WHERE jurisdiction_code = ?""",
        [WUSHAN],
    ).fetchall()
    [(kind, annual, whole, per_resident, items)] = summary
    assert kind == "total" and annual is None and whole == pytest.approx(per_resident) and items == 18


def test_lists_without_money_have_no_kind(con):
    kinds = con.execute("SELECT DISTINCT investment_kind FROM budget_summary WHERE NOT published").fetchall()
    assert kinds == [(None,)]


def test_the_pages_say_what_the_money_is(rendered, con):
    """Wushan's 项目总投资 reads as whole-project cost on its page, the overview and the landing page, with the
    caveat, per resident rounded by the one rule (blocks.yuan_text) everywhere."""
    from analytics.report.blocks import MONEY_CAVEAT, yuan_text

    paths, _ = rendered
    [(per_head,)] = con.execute(
        "SELECT whole_project_yuan_per_resident FROM budget_summary WHERE jurisdiction_code = ?", [WUSHAN]
    ).fetchall()
    caveat = MONEY_CAVEAT

    def read(name: str) -> str:
        return html.unescape((paths.reports / name).read_text(encoding="utf-8"))

    district = read("district-500237-2026.html")
    assert "whole-project cost" in district and f"{yuan_text(per_head)} 元 per resident" in district
    assert caveat in district
    overview = read("overview-500000-2026.html")
    assert "Whole-project cost, per resident" in overview and "This year's, per resident" in overview
    assert caveat in overview
    landing = read("index.html")
    assert f"{yuan_text(per_head)} yuan per resident of whole-project cost" in landing
    for page in (district, overview, landing):
        assert f"{per_head:,.2f}" not in page  # 1,765.67 nowhere: 1,766 on every page
