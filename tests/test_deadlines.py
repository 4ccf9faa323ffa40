"""Deadlines with their verb (issue 23): 10月投入使用, 6月底前开工, 第三季度完成 are deadlines, with the stage they
name and the date they fall due, and an item whose number is merged over two sub-rows keeps each sub-row's own.

A list written here by hand in the one-cell-per-line layout (and the same list copied from a web page without tab
markers, and as a PDF export's row per line), read as `analytics add` and the build read it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from district_fixture import list_entry
from typer.testing import CliRunner

from analytics.cli import app
from analytics.database.build import build
from analytics.documents.sourcetext import SourceText
from analytics.documents.vocabulary import Vocabulary
from analytics.errors import Warnings
from analytics.items.deadlines import line_deadlines
from analytics.items.read import read_items

REPO = Path(__file__).resolve().parents[1]
VOCAB = Vocabulary.load(REPO / "data/reference/layout_vocabulary.yaml")
CODE, YEAR = "500155", 2026  # 梁平区: not among the seeds
HEADER = ["序号", "项目名称", "工作任务", "责任单位", "完成时限"]
ROWS = [
    ["1", "社区食堂建设", "新建城市社区食堂5个，为老年人提供助餐服务。", "区民政局", "10月投入使用"],
    ["2", "城市居住品质提升", "完成城镇老旧小区改造10个。", "区住房城乡建委", "6月底前开工"],
    ["", "", "新增山城步道3公里。", "区城市管理局", "12月底前建成"],  # item 2's second sub-row (序号 merged)
    ["3", "农村饮水提升", "年底前新建改建农村输配水管道25公里。", "区水利局", "第三季度完成"],
]
# (item, sub-row, deadline as printed, period, date due, stage), in order
EXPECTED = [
    ("1", 1, "10月投入使用", "month", dt.date(YEAR, 10, 31), "in_use"),
    ("2", 1, "6月底前开工", "month", dt.date(YEAR, 6, 30), "started"),
    ("2", 2, "12月底前建成", "month", dt.date(YEAR, 12, 31), "completed"),
    ("3", 1, "第三季度完成", "quarter", dt.date(YEAR, 9, 30), "completed"),
]


def cell_per_line() -> str:
    lines = ["梁平区2026年重点民生实事", ""] + ["\t" + h for h in HEADER] + [""]
    for row in ROWS:
        lines += ["\t" + c for c in row] + [""]
    return "\n".join([*lines, "（此件公开发布）"]) + "\n"


def plain_copy() -> str:
    """As a web page copied as text: no tabs, a blank line between cells, a sub-row's merged cells absent."""
    lines = ["梁平区2026年重点民生实事", ""]
    for h in HEADER:
        lines += [h, ""]
    for row in ROWS:
        lines += [part for c in row if c for part in (c, "")]
    return "\n".join([*lines, "（此件公开发布）"]) + "\n"


def row_per_line() -> str:
    """As a PDF export: a row a line, the sub-row a row with an empty number."""
    lines = ["梁平区2026年重点民生实事", "", "\t".join(HEADER), *("\t".join(row) for row in ROWS)]
    return "\n".join([*lines, "", "（此件公开发布）"]) + "\n"


ENTRY = list_entry(code=CODE, year=YEAR, name_zh="梁平区", level="district")
LAYOUTS = {"cell-per-line": cell_per_line, "plain-copy": plain_copy, "row-per-line": row_per_line}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_deadlines_with_their_verb_are_read_sub_row_by_sub_row(tmp_path, layout):
    path = tmp_path / "liangping.txt"
    path.write_text(LAYOUTS[layout](), encoding="utf-8")
    parsed = read_items(path, ENTRY, VOCAB, Warnings())
    items = {p.item_no: p for p in parsed.projects}
    assert list(items) == ["1", "2", "3"]
    got = [
        (p.item_no, d.sub_row, d.text.text, d.period, d.due(YEAR), d.stage)
        for p in parsed.projects
        for d in p.deadlines
    ]
    assert got == EXPECTED
    assert items["2"].deadline == "6月底前开工\n12月底前建成"  # as printed, a line per sub-row
    assert "10月投入使用" not in items["1"].task.text and "6月底前开工" not in items["2"].task.text
    assert items["2"].lead_units == ["区住房城乡建委", "区城市管理局"]
    # a deadline inside the task stays in the task: only the deadline column holds the item's deadlines
    assert items["3"].task.text.startswith("年底前新建改建")
    text = parsed.document.text
    for p in parsed.projects:
        for d in p.deadlines:
            start, end = d.text.span()
            assert text[start:end] == d.text.text


def test_a_deadline_in_a_task_without_a_deadline_column_stays_in_the_task(tmp_path):
    lines = ["梁平区2026年重点民生实事", ""] + ["\t" + h for h in ["序号", "项目名称", "工作任务", "责任单位"]] + [""]
    lines += ["\t1", "\t社区食堂建设", "\t6月底前开工建设社区食堂5个，10月投入使用。", "\t区民政局", ""]
    path = tmp_path / "no-column.txt"
    path.write_text("\n".join([*lines, "（此件公开发布）"]) + "\n", encoding="utf-8")
    [item] = read_items(path, ENTRY, VOCAB, Warnings()).projects
    assert item.deadline is None and item.deadlines == []
    assert item.task.text == "6月底前开工建设社区食堂5个，10月投入使用。"


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("年底前建成", [("年底前建成", "year", dt.date(YEAR, 12, 31), "completed")]),
        ("2026年12月底前完工", [("2026年12月底前完工", "month", dt.date(2026, 12, 31), "completed")]),
        ("2027年6月底前开工", [("2027年6月底前开工", "month", dt.date(2027, 6, 30), "started")]),
        ("9月底前完成主体工程", [("9月底前完成主体工程", "month", dt.date(YEAR, 9, 30), "completed")]),
        ("上半年完成", [("上半年完成", "half_year", dt.date(YEAR, 6, 30), "completed")]),
        ("下半年开建", [("下半年开建", "half_year", dt.date(YEAR, 12, 31), "started")]),
        ("11月中旬通车", [("11月中旬通车", "month", dt.date(YEAR, 11, 20), "in_use")]),
        ("6月底前", [("6月底前", "month", dt.date(YEAR, 6, 30), None)]),
        ("全年", [("全年", "year", dt.date(YEAR, 12, 31), None)]),
        ("长期", [("长期", None, None, None)]),
        (
            "3月启动，年底前全面建成并投入使用",
            [
                ("3月启动", "month", dt.date(YEAR, 3, 31), "started"),
                ("年底前全面建成并投入使用", "year", dt.date(YEAR, 12, 31), "in_use"),
            ],
        ),
        # not deadlines alone: one deadline, the first date and the furthest stage it names
        ("视招标进度9月底前完成", [("视招标进度9月底前完成", "month", dt.date(YEAR, 9, 30), "completed")]),
    ],
)
def test_a_deadline_cell_line(printed, expected):
    found = line_deadlines(SourceText.from_document(printed, 0, len(printed)), 1, 1, VOCAB)
    assert [(d.text.text, d.period, d.due(YEAR), d.stage) for d in found] == expected


def test_deadlines_are_built_into_their_table(project, tmp_path):
    """Added through the CLI and built: table `deadlines` holds every sub-row's deadline in order, with its stage,
    date due and span; projects.deadline keeps the cell as printed."""
    path = tmp_path / "liangping.txt"
    path.write_text(cell_per_line(), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["add", str(path), "--jurisdiction", CODE, "--year", str(YEAR)], env={"ANALYTICS_ROOT": str(project.root)}
    )
    assert result.exit_code == 0, result.output
    build(project)
    with duckdb.connect(str(project.database), read_only=True) as con:
        rows = con.execute(
            "SELECT item_no, sub_row, deadline_text, period, due, stage, deadline_order, year_stated,"
            " substr(d.text, span_start + 1, span_end - span_start) FROM deadlines"
            " JOIN documents d USING (doc_id) WHERE deadlines.jurisdiction_code = ?"
            " ORDER BY item_order, deadline_order",
            [CODE],
        ).fetchall()
        printed = con.execute(
            "SELECT item_no, deadline FROM projects WHERE jurisdiction_code = ? ORDER BY item_order", [CODE]
        ).fetchall()
        joined = con.execute(
            "SELECT count(*) FROM deadlines JOIN projects p USING (doc_id, item_order)"
            " WHERE p.jurisdiction_code = ? AND p.item_no = deadlines.item_no",
            [CODE],
        ).fetchall()
    assert [r[:6] for r in rows] == EXPECTED
    assert [r[6] for r in rows] == [1, 1, 2, 1] and not any(r[7] for r in rows)
    assert all(r[8] == r[2] for r in rows)  # the span is the deadline as printed
    assert printed == [("1", "10月投入使用"), ("2", "6月底前开工\n12月底前建成"), ("3", "第三季度完成")]
    assert joined == [(4,)]
