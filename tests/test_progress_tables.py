"""A progress table copied from a county site (issue 23): header words the vocabulary does not know, a 当前进度
column and tier words in 备注. Read by what the columns hold, progress into table `progress` (never targets)."""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

import duckdb
import pytest
from district_fixture import list_entry
from typer.testing import CliRunner

from analytics.cli import app
from analytics.database.build import build
from analytics.documents.vocabulary import Vocabulary
from analytics.errors import Warnings
from analytics.items.read import read_items
from analytics.report import district
from analytics.report.data import ReportContext

VOCAB = Vocabulary.load(Path(__file__).resolve().parents[1] / "data/reference/layout_vocabulary.yaml")
TITLE = "某县2026年重点民生实事项目推进情况表（截至2026年9月底）"
HEADER = ["序号", "建设内容及目标", "当前进度", "牵头单位", "备注", "责任人"]
ROWS = [
    [
        "1",
        "城乡供水一体化工程：新建供水管网30公里，惠及群众2万人。",
        "已完成年度任务的75%，进度滞后",
        "县水利局",
        "市民生实事",
        "张明",
    ],
    [
        "2",
        "新建城区停车位500个，缓解停车难问题。",
        "截至10月31日，完成80%",
        "县住房城乡建委、县城市管理局",
        "县民生实事",
        "李华",
    ],
    ["3", "改造农村公路45公里，农村公路优良率达到95%。", "已完工", "县交通运输委", "省级民生实事", "王强"],
    ["4", "建设托育中心1所。", "正在推进", "县卫生健康委", "", "赵敏"],
]
# item → (title, lead units, tier, percent, percent source, words, as-of date, where the date was read)
EXPECTED = {
    "1": ("城乡供水一体化工程", ["县水利局"], "municipal", 75.0, "stated", "进度滞后", dt.date(2026, 9, 30), "page"),
    "2": (
        "新建城区停车位500个",
        ["县住房城乡建委", "县城市管理局"],
        "local",
        80.0,
        "stated",
        None,
        dt.date(2026, 10, 31),
        "cell",
    ),
    "3": (
        "改造农村公路45公里",
        ["县交通运输委"],
        "provincial",
        100.0,
        "complete_word",
        "已完工",
        dt.date(2026, 9, 30),
        "page",
    ),
    "4": ("建设托育中心1所", ["县卫生健康委"], None, None, None, "正在推进", dt.date(2026, 9, 30), "page"),
}


def cell_per_line(title: str = TITLE) -> str:
    lines = [title, ""] + ["\t" + h for h in HEADER] + [""]
    for row in ROWS:
        lines += ["\t" + c for c in row] + [""]
    return "\n".join([*lines, "（此件公开发布）"]) + "\n"


def html_page() -> str:
    head = "<tr>" + "".join(f"<th>{escape(h)}</th>" for h in HEADER) + "</tr>"
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in ROWS)
    return (
        '<html><head><meta charset="utf-8"><title>进度</title></head><body><div class="nav">首页</div>'
        f'<div class="content"><h1>{escape(TITLE)}</h1><table border="1">{head}{body}</table>'
        "<p>（此件公开发布）</p></div></body></html>"
    )


WRITERS = {
    "txt": lambda d: _write(d / "progress.txt", cell_per_line()),
    "html": lambda d: _write(d / "progress.html", html_page()),
}


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_progress_table_with_unknown_header_words_is_read(tmp_path, fmt):
    parsed = read_items(WRITERS[fmt](tmp_path), list_entry("progress.txt", issued="2026-04-01"), VOCAB, Warnings())
    assert [p.item_no for p in parsed.projects] == list(EXPECTED)
    progress = {p.item_no: p for p in parsed.progress}
    for project in parsed.projects:
        title, lead, tier, percent, source, words, as_of, as_of_source = EXPECTED[project.item_no]
        row = ROWS[int(project.item_no) - 1]
        assert project.title.text == title and project.title_from_task
        assert project.task.text == row[1] and project.lead_units == lead
        assert (project.tier, project.tier_source) == (tier, "remark" if tier else "unknown")
        assert project.remark == (row[4] or None)
        assert project.extra == {"责任人": row[5]}  # the column no role fits: kept with the item
        got = progress[project.item_no]
        assert (got.percent, got.percent_source, got.words) == (percent, source, words)
        assert (got.as_of, got.as_of_source, got.column_header) == (as_of, as_of_source, "当前进度")
        assert got.text.text == row[2]
    assert "column 6 '责任人' not recognised: kept as text" in parsed.column_notes
    assert "column 2 '建设内容及目标' read as title_and_task (by what its cells hold)" in parsed.column_notes


def test_as_of_falls_back_to_the_date_of_issue(tmp_path):
    path = _write(tmp_path / "progress.txt", cell_per_line(title="某县2026年重点民生实事项目推进情况表"))
    parsed = read_items(path, list_entry("progress.txt", issued="2026-08-15"), VOCAB, Warnings())
    dates = {p.item_no: (p.as_of, p.as_of_source) for p in parsed.progress}
    assert dates["1"] == (dt.date(2026, 8, 15), "issued") and dates["2"] == (dt.date(2026, 10, 31), "cell")
    undated = read_items(path, list_entry("progress.txt"), VOCAB, Warnings())
    assert {p.item_no: p.as_of_source for p in undated.progress} == {"1": None, "2": "cell", "3": None, "4": None}


ORDINARY = (
    "\t序号\n\t项目名称\n\t工作任务\n\t责任单位\n\n"
    "\t1\n\t垃圾分类\n\t城市生活垃圾分类覆盖率达到90%。\n\t区城市管理局\n\n"
    "\t2\n\t社区食堂建设\n\t新建社区食堂8家。\n\t区民政局\n"
)


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_progress_goes_to_its_table_and_never_to_targets(project, tmp_path, fmt):
    runner = CliRunner()
    env = {"ANALYTICS_ROOT": str(project.root)}
    added = runner.invoke(
        app,
        ["add", str(WRITERS[fmt](tmp_path)), "--jurisdiction", "500103", "--year", "2026", "--issued", "2026-04-01"],
        env=env,
    )
    assert added.exit_code == 0, added.output
    assert "column 6 '责任人' not recognised: kept as text" in " ".join(added.output.split())
    ordinary = _write(tmp_path / "ordinary.txt", ORDINARY)
    added = runner.invoke(app, ["add", str(ordinary), "--jurisdiction", "500104", "--year", "2026"], env=env)
    assert added.exit_code == 0, added.output
    build(project)
    with duckdb.connect(str(project.database), read_only=True) as con:
        rows = con.execute(
            """SELECT g.item_no, p.title, p.tier, g.percent, g.percent_source, g.words, g.as_of, g.as_of_source,
                      substr(d.text, g.span_start + 1, g.span_end - g.span_start) = g.progress_text,
                      p.other_columns['责任人']
               FROM progress g JOIN projects p USING (doc_id, item_no) JOIN documents d USING (doc_id)
               WHERE g.jurisdiction_code = '500103' ORDER BY p.item_order"""
        ).fetchall()
        assert [(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]) for r in rows] == [
            (no, e[0], e[2] or "local", e[3], e[4], e[5], e[6], e[7]) for no, e in EXPECTED.items()
        ]  # item 4 states no tier: the build takes it as local by its title (no municipal item like it)
        assert all(r[8] for r in rows) and [r[9] for r in rows] == [r[5] for r in ROWS]
        percents = con.execute(
            "SELECT jurisdiction_code, item_no, value FROM targets WHERE unit IN ('%', '％') ORDER BY 1, 2"
        ).fetchall()
        # the task's 95% and the ordinary table's 90% are targets; the progress cells' 75% and 80% are not
        assert [p for p in percents if p[0] in ("500103", "500104")] == [("500103", "3", 95.0), ("500104", "1", 90.0)]
    # the district report shows the reported progress where it shows the quarterly plan (none for this list)
    with duckdb.connect(str(project.database), read_only=True) as con:
        shown = district.milestones_table(ReportContext(con), "500103").data
        assert "报告进度 Reported progress" in shown and "75%" in shown and "进度滞后" in shown
        assert "计划进度" not in shown  # no plan: no empty plan columns
        assert district.milestones_table(ReportContext(con), "500104") is None  # neither: no output at all


def test_progress_beside_the_quarterly_plan(built, tmp_path):
    """A list with a quarterly plan (Qianjiang's milestones) and reported progress: each item's progress is shown
    beside what the plan planned at the last checkpoint on or before its as-of date."""
    import shutil

    paths, _ = built
    with duckdb.connect(str(paths.database), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM progress").fetchone()[0] == 0  # the seeds report none
        assert "报告进度" not in district.milestones_table(ReportContext(con), "500114").data
        [(doc_id, planned)] = con.execute(
            "SELECT doc_id, planned_progress_pct FROM milestones WHERE jurisdiction_code = '500114' AND item_no = '1' "
            "AND checkpoint = DATE '2026-09-30'"
        ).fetchall()
    copy = tmp_path / "with-progress.duckdb"
    shutil.copy(paths.database, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute(
            """INSERT INTO progress (doc_id, jurisdiction_code, section, item_no, column_header, progress_text, percent,
                                    percent_values, percent_source, words, as_of, as_of_source)
               SELECT doc_id, jurisdiction_code, section, item_no, '当前进度', '已完成61%，进度滞后', 61, [61],
                      'stated', '进度滞后', DATE '2026-10-15', 'cell'
               FROM projects WHERE doc_id = ? AND item_no = '1' LIMIT 1""",
            [doc_id],
        )
        ctx = ReportContext(con)
        [row] = ctx.progress("500114").to_dict("records")
        assert (row["planned_checkpoint"], row["planned_pct"], row["percent"]) == ("9月底前", planned, 61)
        shown = district.milestones_table(ctx, "500114").data
        assert "计划节点 Plan checkpoint" in shown and "61%" in shown and "时间节点 Checkpoint" in shown


def test_a_progress_table_from_outside_chongqing_reads_under_its_own_code(project, tmp_path):
    """The same table as a county of Anhui publishes it (来安县 341122): every item, unit, tier stated in 备注 and
    progress value through `analytics add` and the build, with no list of the level above to compare with."""
    env = {"ANALYTICS_ROOT": str(project.root)}
    source = WRITERS["html"](tmp_path)
    added = CliRunner().invoke(
        app, ["add", str(source), "--jurisdiction", "341122", "--year", "2026", "--issued", "2026-10-08"], env=env
    )
    assert added.exit_code == 0, added.output
    build(project)
    with duckdb.connect(str(project.database), read_only=True) as con:
        rows = con.execute(
            """SELECT g.item_no, p.title, p.lead_units, p.tier, g.percent, g.words, g.as_of, j.parent_code
               FROM progress g JOIN projects p USING (doc_id, item_no) JOIN jurisdictions j
                    ON j.jurisdiction_code = p.jurisdiction_code
               WHERE g.jurisdiction_code = '341122' ORDER BY p.item_order"""
        ).fetchall()
        compared = con.execute("SELECT count(*) FROM quota_shares WHERE jurisdiction_code = '341122'").fetchall()
    assert rows == [
        (no, e[0], e[1], e[2] or "local", e[3], e[5], e[6], "341100") for no, e in EXPECTED.items()
    ]  # tiers as 备注 states them; item 4 states none and has no list above to take it up from: local
    assert compared == [(0,)]


def test_a_remark_naming_an_autonomous_prefectures_list_is_a_tier_from_above():
    """临夏县's progress table marks an item 州民生实事: taken up from 临夏州's list, as 市民生实事 is from a city's."""
    assert [VOCAB.tier_of(words) for words in ("州民生实事", "州级", "市民生实事", "县民生实事")] == [
        "municipal",
        "municipal",
        "municipal",
        "local",
    ]
