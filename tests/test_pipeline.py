"""The five documents, read into the database: counts the documents state, fields item by item, provenance."""

from __future__ import annotations

import pytest

from analytics.documents.sourcetext import compact

CQ, WUSHAN, QIANJIANG, SHIZHU = "500000", "500237", "500114", "500240"


def rows(con, sql, *params):
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def item(con, code, item_no, section_like="%"):
    [found] = rows(
        con,
        "SELECT * FROM projects WHERE jurisdiction_code = ? AND item_no = ? AND coalesce(section, '') LIKE ?",
        code,
        item_no,
        section_like,
    )
    return found


@pytest.mark.parametrize(
    "code, total, municipal, local",
    [(CQ, 15, 15, 0), (WUSHAN, 22, 14, 8), (QIANJIANG, 24, 14, 10), (SHIZHU, 22, 12, 10)],
)
def test_item_counts_stated_by_the_documents(con, code, total, municipal, local):
    counts = dict(
        con.execute("SELECT tier, count(*) FROM projects WHERE jurisdiction_code = ? GROUP BY tier", [code]).fetchall()
    )
    assert sum(counts.values()) == total
    assert counts.get("municipal", 0) == municipal
    assert counts.get("local", 0) == local


def test_milestones_and_indicators_counts(con):
    assert con.execute("SELECT count(*) FROM milestones WHERE jurisdiction_code = ?", [QIANJIANG]).fetchone()[0] == 72
    per_item = con.execute("SELECT DISTINCT count(*) FROM milestones GROUP BY section, item_no").fetchall()
    assert per_item == [(3,)]
    assert con.execute("SELECT count(*) FROM fyp_indicators").fetchone()[0] == 33
    assert con.execute("SELECT count(*) FROM progress").fetchone()[0] == 0  # no seed reports progress


def test_documents_and_jurisdictions(con):
    docs = {r["doc_id"]: r for r in rows(con, "SELECT * FROM documents")}
    assert len(docs) == 5
    shizhu = docs["500240-2026-livelihood"]
    assert shizhu["doc_number"] is None and str(shizhu["issued"]) == "2026-04-24"
    assert docs["500000-2026-livelihood"]["doc_number"] == "渝府办发〔2026〕12号"
    assert all(d["encoding"] == "utf-8" and d["char_count"] == len(d["text"]) for d in docs.values())
    jur = dict(con.execute("SELECT jurisdiction_code, document_count FROM jurisdictions").fetchall())
    assert len(jur) > 3000 and jur[WUSHAN] == 2 and jur[QIANJIANG] == 1 and jur["500101"] == 0  # all of China
    assert sum(code.startswith("50") for code in jur) == 39
    assert sum(jur.values()) == 5


def test_municipal_items_field_by_field(con):
    first = item(con, CQ, "1")
    assert first["title"] == "城市居住品质提升"
    assert first["lead_units"] == ["市住房城乡建设委", "市城市管理局", "市规划自然资源局"]
    assert first["partner_units"] is None  # the municipal list has no 配合单位 column
    assert "完成老旧小区改造 600 个" in first["task_text"]
    # a row split across a page break, with a word broken by spaces, is whole again
    sixth = item(con, CQ, "6")
    assert sixth["title"] == "扩面提质“15 分钟高品质生活服务圈”"
    assert sixth["lead_units"] == ["市发展改革委", "市规自然资源局", "市委社会工作部", "市文化旅游委", "市民政局"]
    assert "每万人拥有公共文化设施面积达到 920 平方米" in sixth["task_text"]
    eleventh = item(con, CQ, "11")
    assert eleventh["lead_units"] == ["市民政局", "市人力社保局", "市卫生健康委", "市医保局"]
    assert "中度以上失能老年人养老服务补贴惠及70万人次" in eleventh["task_text"]
    assert item(con, CQ, "7")["title"] == "改善学校医院周边环境"


def test_wushan_items_field_by_field(con):
    first = item(con, WUSHAN, "1")
    assert first["partner_units"] == ["城发集团", "高唐街道", "龙门街道"]
    assert first["remark"] == "市级" and first["tier"] == "municipal" and first["municipal_item_no"] == "1"
    assert first["investment_wan_yuan"] == 7277
    assert "改造松峦社区、登龙社区、飞凤社区等老旧小区13个" in first["task_text"]
    tenth = item(con, WUSHAN, "10")
    assert tenth["investment_wan_yuan"] == pytest.approx(5.5 + 30)  # two sub-tasks, two budgets
    assert tenth["task_text"].startswith("1.培训养老护理员50名") and "\n2.针对庙宇" in tenth["task_text"]
    thirteenth = item(con, WUSHAN, "13")
    assert thirteenth["partner_units"] == []  # column present, cell empty
    sixth = item(con, WUSHAN, "6")
    assert sixth["title"] == "改善学校周边环境" and sixth["municipal_item_no"] == "7"
    assert item(con, WUSHAN, "22")["investment_wan_yuan"] is None  # not published, not zero
    local = item(con, WUSHAN, "15")
    assert local["remark"] == "县级" and local["tier"] == "local" and local["municipal_item_no"] is None


def test_qianjiang_items_field_by_field(con):
    ninth = item(con, QIANJIANG, "9")
    assert ninth["section"] == "一、区级重点民生实事（10件）"
    assert ninth["lead_units"] == ["区交通运输委", "区农业农村委"]
    assert ninth["tier"] == "local" and ninth["tier_source"] == "section"
    sixteenth = item(con, QIANJIANG, "16")
    assert sixteenth["section"] == "二、承接的市级重点民生实事（14件）"
    assert sixteenth["lead_units"] == ["区城管局", "区公安局", "区教委", "区卫生健康委"]
    assert sixteenth["municipal_item_no"] == "7"
    assert all(
        r["investment_wan_yuan"] is None
        for r in rows(con, "SELECT * FROM projects WHERE jurisdiction_code = ?", QIANJIANG)
    )


def test_shizhu_items_field_by_field(con):
    # numbering restarts at 1 in the second section
    assert item(con, SHIZHU, "1", "%县级%")["title"] == "城镇生活垃圾治理"
    taken = item(con, SHIZHU, "1", "%承接市级%")
    assert taken["title"] == "城市居住品质提升治理" and taken["municipal_item_no"] == "1"
    # units printed without separators or with runs of spaces are split into names
    assert item(con, SHIZHU, "6", "%承接市级%")["lead_units"] == ["县住房城乡建委", "县教委", "县卫生健康委"]
    assert item(con, SHIZHU, "8", "%承接市级%")["lead_units"] == ["县红十字会", "县教委", "县卫生健康委"]
    assert item(con, SHIZHU, "9", "%县级%")["lead_units"] == ["县应急管理局", "县民政局", "县残联"]


def test_municipal_mapping_covers_each_taken_up_item_once(con):
    for code in (WUSHAN, QIANJIANG, SHIZHU):
        mapped = [
            r[0]
            for r in con.execute(
                "SELECT municipal_item_no FROM projects WHERE jurisdiction_code = ? AND tier = 'municipal'", [code]
            ).fetchall()
        ]
        assert None not in mapped and len(mapped) == len(set(mapped))
    # 开展中心城区缓堵促畅 concerns the central districts only: no county takes it up
    assert (
        con.execute(
            "SELECT count(*) FROM projects WHERE municipal_item_no = '2' AND jurisdiction_code <> ?", [CQ]
        ).fetchone()[0]
        == 0
    )
    shizhu = {
        r[0]
        for r in con.execute(
            "SELECT municipal_item_no FROM projects WHERE jurisdiction_code = ? AND tier = 'municipal'", [SHIZHU]
        ).fetchall()
    }
    assert shizhu == {"1", "3", "4", "5", "6", "7", "8", "10", "11", "12", "13", "14"}


def test_spans_point_at_the_item_in_the_document_text(con):
    texts = dict(con.execute("SELECT doc_id, text FROM documents").fetchall())
    for r in rows(con, "SELECT doc_id, title, span_start, span_end FROM projects"):
        source = texts[r["doc_id"]][r["span_start"] : r["span_end"]]
        title = compact(r["title"])
        if "序号" in source:  # the row crosses a page break: the title is split around the repeated header
            it = iter(compact(source))
            assert all(ch in it for ch in title), r
        else:
            assert title in compact(source), r
    for r in rows(con, "SELECT doc_id, milestone_text, span_start, span_end FROM milestones WHERE has_checkpoint"):
        assert compact(texts[r["doc_id"]][r["span_start"] : r["span_end"]]) == compact(r["milestone_text"])


def test_milestones_read_checkpoints_and_progress(con):
    first = rows(con, "SELECT * FROM milestones WHERE item_no = '1' ORDER BY checkpoint")
    assert [str(m["checkpoint"]) for m in first] == ["2026-06-30", "2026-09-30", "2026-12-31"]
    assert [m["planned_progress_pct"] for m in first] == [80, 100, None]
    assert first[2]["milestone_text"] is None and first[2]["has_checkpoint"] is False
    mixed = rows(con, "SELECT * FROM milestones WHERE item_no = '11' AND checkpoint = DATE '2026-06-30'")[0]
    assert mixed["planned_progress_pct"] is None and mixed["progress_values"] == [50, 45]
    target = rows(con, "SELECT * FROM milestones WHERE item_no = '14' AND checkpoint = DATE '2026-09-30'")[0]
    assert target["planned_progress_pct"] == 90  # …达到目标任务的 90%


def test_fyp_indicators_values_kept_as_text_and_parsed(con):
    ind = {r["indicator_no"]: r for r in rows(con, "SELECT * FROM fyp_indicators")}
    assert ind["1"]["category"] == "一、婴幼儿照护服务" and ind["1"]["unit"] == "个"
    assert (ind["2"]["baseline_text"], ind["2"]["target_text"], ind["2"]["target_value"]) == (None, "应保尽保", None)
    assert ind["7"]["target_cumulative"] and ind["7"]["target_value"] == 1.55 and ind["7"]["attribute_en"] == "binding"
    assert (ind["8"]["target_value"], ind["8"]["target_direction"]) == (4, "lt")
    assert (ind["11"]["target_value"], ind["11"]["target_direction"]) == (30, "ge")
    assert (ind["24"]["baseline_direction"], ind["24"]["target_direction"]) == ("gt", "gt")
    assert (ind["29"]["baseline_value"], ind["29"]["target_value"], ind["29"]["unit"]) == (880.59, 1100, "㎡")
    assert ind["33"]["name"] == "举办青少年体育赛事活动" and ind["33"]["attribute"] == "预期性"


def test_parquet_copies_match_the_database(built, con):
    import pyarrow.parquet as pq

    paths, result = built
    for name in result.tables:
        table = pq.read_table(paths.parquet / f"{name}.parquet")
        assert table.num_rows == con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]


def test_tables_carry_descriptions(con):
    comments = dict(con.execute("SELECT table_name, comment FROM duckdb_tables()").fetchall())
    assert all(comments[name] for name in ("documents", "projects", "milestones", "progress", "fyp_indicators"))
    undocumented = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE NOT internal AND (comment IS NULL OR comment = '') "
        "AND table_name IN (SELECT table_name FROM duckdb_tables())"
    ).fetchall()
    assert undocumented == []


def test_clean_build_has_no_warnings(built):
    _, result = built
    assert [str(w) for w in result.warnings] == []
