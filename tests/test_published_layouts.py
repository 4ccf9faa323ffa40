"""Lists as counties publish them, written here by hand in the layouts issue 11 describes, added through the CLI.

- a county list copied from its web page: no tab markers, cells apart by blank lines, a unit cell over three
  lines, an item whose number was merged over two sub-rows, columns 序号 / 民生实事 / 责任单位 / 完成时限;
- the same list saved as the web page itself (GBK, navigation and footer around it, rowspan, <br> in cells);
- a spreadsheet with a title row and merged cells.
Each must give every item with its units and deadlines, and say what it read.
"""

from __future__ import annotations

import duckdb
import pytest
from typer.testing import CliRunner

from analytics.cli import app
from analytics.database.build import build

CODE, YEAR = "500236", 2026  # 奉节县: not among the seeds
UNITS_OVER_THREE_LINES = ["县民政局", "县商务委", "县财政局"]

COPIED_FROM_THE_WEB = """奉节县人民政府办公室关于印发奉节县2026年重点民生实事的通知

各乡镇人民政府、街道办事处，县政府各部门：

现将《奉节县2026年重点民生实事》印发给你们，请认真组织实施。

一、承接市级重点民生实事

序号

民生实事

责任单位

完成时限

1

新建城市社区食堂5个，为老年人提供助餐服务。

县民政局
县商务委
县财政局

12月底前

2

完成城镇老旧小区改造10个。

县住房城乡建委

6月底前

新增山城步道3公里。

县城市管理局

12月底前

3

新建改建农村输配水管道25公里，惠及群众3万人。

县水利局

年底前

二、县级民生实事

4

新建口袋公园2个。

县城市管理局

10月底前

（此件公开发布）
"""


def expected_items() -> list[tuple]:
    return [
        ("1", "新建城市社区食堂5个", UNITS_OVER_THREE_LINES, "12月底前", "municipal"),
        ("2", "完成城镇老旧小区改造10个", ["县住房城乡建委", "县城市管理局"], "6月底前\n12月底前", "municipal"),
        ("3", "新建改建农村输配水管道25公里", ["县水利局"], "年底前", "municipal"),
        ("4", "新建口袋公园2个", ["县城市管理局"], "10月底前", "local"),
    ]


def as_web_page() -> bytes:
    """The same list as the county's site serves it: GBK, site furniture around the article, rowspan, <br>."""
    rows = [
        '<tr><td colspan="4">一、承接市级重点民生实事</td></tr>',
        "<tr><td>1</td><td><p>新建城市社区食堂5个，为老年人提供助餐服务。</p></td>"
        "<td>县民政局<br>县商务委<br>县财政局</td><td>12月底前</td></tr>",
        '<tr><td rowspan="2">2</td><td>完成城镇老旧小区改造10个。</td><td>县住房城乡建委</td><td>6月底前</td></tr>',
        "<tr><td>新增山城步道3公里。</td><td>县城市管理局</td><td>12月底前</td></tr>",
        "<tr><td>3</td><td>新建改建农村输配水管道25公里，惠及群众3万人。</td><td>县水利局</td><td>年底前</td></tr>",
        '<tr><td colspan="4">二、县级民生实事</td></tr>',
        "<tr><td>4</td><td>新建口袋公园2个。</td><td>县城市管理局</td><td>10月底前</td></tr>",
    ]
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=GBK">'
        "<title>奉节县2026年重点民生实事</title><style>.x{}</style></head><body>"
        '<div class="nav"><a href="/">首页</a><a href="/zwgk">政务公开</a></div>'
        '<div class="crumb">当前位置：首页 &gt; 通知公告</div>'
        '<div class="article"><h2>奉节县人民政府办公室关于印发奉节县2026年重点民生实事的通知</h2>'
        "<p>各乡镇人民政府、街道办事处，县政府各部门：</p>"
        "<table><tr><th>序号</th><th>民生实事</th><th>责任单位</th><th>完成时限</th></tr>" + "".join(rows) + "</table>"
        "<p>（此件公开发布）</p></div>"
        '<div class="footer">奉节县人民政府办公室主办 渝ICP备05003300号</div></body></html>'
    )
    return page.encode("gbk")


def as_spreadsheet(path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["奉节县2026年重点民生实事"])
    sheet.merge_cells("A1:D1")
    sheet.append(["序号", "民生实事", "责任单位", "完成时限"])
    sheet.append(["一、承接市级重点民生实事"])
    sheet.merge_cells("A3:D3")
    sheet.append([1, "新建城市社区食堂5个，为老年人提供助餐服务。", "县民政局\n县商务委\n县财政局", "12月底前"])
    sheet.append([2, "完成城镇老旧小区改造10个。", "县住房城乡建委", "6月底前"])
    sheet.append([None, "新增山城步道3公里。", "县城市管理局", "12月底前"])
    sheet.merge_cells("A5:A6")
    sheet.append([3, "新建改建农村输配水管道25公里，惠及群众3万人。", "县水利局", "年底前"])
    sheet.append(["二、县级民生实事"])
    sheet.merge_cells("A8:D8")
    sheet.append([4, "新建口袋公园2个。", "县城市管理局", "10月底前"])
    book.save(str(path))


@pytest.mark.parametrize("fmt", ["web-copy.txt", "web-page.html", "sheet.xlsx"])
def test_a_county_list_as_published_reads_every_item_unit_and_deadline(project, tmp_path, fmt):
    source = tmp_path / f"fengjie-{fmt}"
    if fmt.endswith(".txt"):
        source.write_text(COPIED_FROM_THE_WEB, encoding="utf-8")
    elif fmt.endswith(".html"):
        source.write_bytes(as_web_page())
    else:
        as_spreadsheet(source)
    env = {"ANALYTICS_ROOT": str(project.root)}
    result = CliRunner().invoke(app, ["add", str(source), "--jurisdiction", CODE, "--year", str(YEAR)], env=env)
    assert result.exit_code == 0, result.output
    # what it read, said at once: items per section and their tiers
    assert "一、承接市级重点民生实事" in result.output and "二、县级民生实事" in result.output
    build(project)
    with duckdb.connect(str(project.database), read_only=True) as con:
        rows = con.execute(
            "SELECT item_no, projects.title, lead_units, deadline, tier, task_text, d.text FROM projects "
            "JOIN documents d USING (doc_id) WHERE projects.jurisdiction_code = ? ORDER BY item_order",
            [CODE],
        ).fetchall()
        shares = dict(
            con.execute(
                "SELECT metric, district_value FROM quota_shares WHERE jurisdiction_code = ? AND status = 'aligned'",
                [CODE],
            ).fetchall()
        )
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in rows] == expected_items()
    assert "新增山城步道3公里" in rows[1][5]  # the sub-row's task stays with its item
    text = rows[0][6]
    assert "首页" not in text and "ICP" not in text  # site furniture is not the document
    if not fmt.endswith(".xlsx"):
        assert "各乡镇人民政府、街道办事处" in text  # the notice's paragraphs are
    assert shares["old_neighbourhoods_renovated"] == 10 and shares["mountain_walkways_km"] == 3
