"""Two lists written by hand in forms the generators do not make, from a province outside Chongqing: Shaoguan's
(韶关市 440200) NPC decision listing its items as sentences that carry their targets (新建公共充电桩1500个), and
Lechang's (乐昌市 440281) progress page whose short titles (两癌筛查) name less than their tasks do. Every item,
figure, deadline and progress cell of Lechang's is checked, and each item it marks 市民生实事 is matched to
Shaoguan's item and compared with its figure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
from district_fixture import cli

from analytics.database.build import build

HERE = Path(__file__).with_name("documents")


def test_a_county_progress_page_is_compared_with_its_prefectures_npc_decision(project):
    for name, code in (("shaoguan_440200_npc_decision.txt", "440200"), ("lechang_440281_progress.html", "440281")):
        added = cli(project, "add", str(HERE / name), "--jurisdiction", code, "--year", "2025")
        assert added.exit_code == 0, added.output
    assert cli(project, "catalogue", "draft", "2025", "--jurisdiction", "440200").exit_code == 0
    build(project)
    with duckdb.connect(str(project.database), read_only=True) as con:
        rows = lambda sql: con.execute(sql).fetchall()  # noqa: E731
        assert rows("SELECT count(*) FROM projects WHERE jurisdiction_code = '440200'") == [(5,)]
        assert rows(
            """SELECT item_no, title, tier, municipal_item_no FROM projects WHERE jurisdiction_code = '440281'
               ORDER BY item_order"""
        ) == [
            ("1", "城镇老旧小区改造", "municipal", "2"),
            ("2", "公共充电桩建设", "municipal", "4"),  # 新建公共充电桩1500个: its number left out to compare
            ("3", "两癌筛查", "municipal", "5"),  # its task names the screening the title above names
            ("4", "农村公路提质", "local", None),
        ]
        assert rows(
            "SELECT item_no, value, unit FROM targets WHERE jurisdiction_code = '440281' ORDER BY span_start"
        ) == [("1", 4.0, "个"), ("1", 1100.0, "户"), ("2", 120.0, "个"), ("3", 6000.0, "人次"), ("4", 35.0, "公里")]
        assert rows(
            """SELECT d.item_no, d.stage, d.due FROM deadlines d JOIN documents x USING (doc_id)
               WHERE x.jurisdiction_code = '440281' ORDER BY d.item_no, d.due"""
        ) == [
            ("1", "completed", dt.date(2025, 10, 31)),
            ("2", "in_use", dt.date(2025, 11, 30)),
            ("3", None, dt.date(2025, 12, 31)),
            ("4", "started", dt.date(2025, 9, 30)),
            ("4", "completed", dt.date(2025, 12, 31)),
        ]
        assert rows(
            """SELECT g.item_no, g.percent, g.words, g.as_of FROM progress g JOIN documents x USING (doc_id)
               WHERE x.jurisdiction_code = '440281' ORDER BY g.item_no"""
        ) == [
            ("1", 75.0, None, dt.date(2025, 9, 30)),
            ("2", None, "已建成90个", dt.date(2025, 9, 30)),
            ("3", None, "已完成4200人次", dt.date(2025, 9, 30)),
            ("4", 100.0, "已完工", dt.date(2025, 9, 30)),
        ]
        shares = rows(
            """SELECT q.municipal_item_no, q.district_value, q.municipal_value, q.parent_code FROM quota_shares q
               WHERE q.jurisdiction_code = '440281' AND q.status = 'aligned' ORDER BY 1, 2"""
        )
        assert shares == [
            ("2", 4.0, 45.0, "440200"),
            ("2", 1100.0, 12000.0, "440200"),  # 惠及居民1.2万户
            ("4", 120.0, 1500.0, "440200"),
            ("5", 6000.0, 80000.0, "440200"),  # 8万人次
        ]
