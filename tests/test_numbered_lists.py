"""Lists written as numbered sentences (issue 23): generated from a known truth in every numbering style, one a
line or run together, inside the pages counties publish (NPC announcement, news story, notice), in every format
a user brings, read back field by field: number, title, task, figures, span. Then pages written by hand in forms
the generator does not make, through `analytics add` and the build.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from conftest import SCALE
from district_fixture import list_entry
from hypothesis import HealthCheck, given, settings
from sentence_list_generator import RENDERERS, NumberedTruth, numbered_lists

from analytics.documents.sourcetext import compact
from analytics.documents.vocabulary import Vocabulary
from analytics.errors import InputError, Warnings
from analytics.items.read import read_items
from analytics.targets.quantities import QuantityParser

REFERENCE = Path(__file__).resolve().parents[1] / "data/reference"
VOCAB = Vocabulary.load(REFERENCE / "layout_vocabulary.yaml")
PARSER = QuantityParser.load(REFERENCE)
EXAMPLES = {"pdf": 10, "docx": 15}
END_PUNCTUATION = re.compile(r"[。；;，,]+$")


def _plain(text: str) -> str:
    return END_PUNCTUATION.sub("", compact(text))


def read_back(t: NumberedTruth, fmt: str) -> tuple[list[dict], Warnings]:
    warnings = Warnings()
    with tempfile.TemporaryDirectory() as d:
        path = RENDERERS[fmt](t, Path(d))
        parsed = read_items(path, list_entry(path.name, year=2025), VOCAB, warnings)
    text = parsed.document.text
    return [
        {
            "item_no": p.item_no,
            "title": compact(p.title.text),
            "task": _plain(p.task.text),
            "figures": [(q.value, q.unit.unit) for q in PARSER.parse(p.task.text)],
            "span_holds_task": _plain(p.task.text) in compact(text[p.span[0] : p.span[1]]),
        }
        for p in parsed.projects
    ], warnings


def truth(t: NumberedTruth) -> list[dict]:
    return [
        {
            "item_no": str(n),
            "title": compact(item.title),
            "task": _plain(item.sentence()),
            "figures": [] if item.names_only else [(float(v), c) for _, v, c in item.clauses],
            "span_holds_task": True,
        }
        for n, item in enumerate(t.items, 1)
    ]


@pytest.mark.parametrize("fmt", list(RENDERERS))
def test_generated_numbered_lists_read_back_field_by_field(fmt):
    @settings(
        max_examples=EXAMPLES.get(fmt, 30) * SCALE,
        deadline=None,
        derandomize=SCALE == 1,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(numbered_lists())
    def check(t: NumberedTruth) -> None:
        got, warnings = read_back(t, fmt)
        want = truth(t)
        where = f"{fmt}, {t.style}, {'one a line' if t.one_per_line else 'run together'}, {t.page}"
        assert [g["item_no"] for g in got] == [w["item_no"] for w in want], where
        for a, b in zip(got, want):
            assert a == b, f"{where}: read {a}, generated {b}"
        assert not [w for w in warnings if "states" in str(w)], where  # a stated count agrees with the items

    check()


# -- pages written by hand, in forms the generator does not make ----------------------------------------------

NPC_ANNOUNCEMENT = """首页 > 人大公告
苍南县第十七届人民代表大会第五次会议公告
（第3号）
苍南县第十七届人民代表大会第五次会议于2025年1月18日票决产生了2025年县政府民生实事项目。经大会表决，确定2025年县政府民生实事项目为10项，分别是：
一、新增公共停车位800个、公交线路3条，方便群众出行。
二、改造城镇老旧小区12个，惠及居民3000户。
三、新建城乡社区嵌入式托育点5个，新增托位200个。
四、为全县老年人免费体检，覆盖5.2万人。
五、建设山塘水库
除险加固工程8座。
六、新建农村饮水提升工程10处，受益人口1.5万人。
七、改造提升农贸市场6家。
八、新建城市书房3家、文化驿站5个。
九、开展免费职业技能培训2000人次。
十、新建口袋公园15个，绿道20公里。
工作要求
一、加强组织领导。各责任单位要细化方案。
二、强化督查考核。
苍南县人民代表大会
2025年1月20日
相关新闻
县长调研民生实事工作
"""
# a news story: the items numbered （1）…（8） in one paragraph with the story's other sentences, sub-points
# numbered ① ② inside an item (not a second list), a count stated as 八件, the site's furniture after it
NEWS_PARAGRAPH = """<html><head><meta charset="utf-8"><title>县政府工作报告</title></head><body>
<div class="nav"><a href="/">网站首页</a> | <a href="/xw">新闻中心</a></div>
<div class="crumb">当前位置：首页 &gt; 今日要闻</div>
<h1>县政府工作报告：今年办好八件民生实事</h1>
<p>发布时间：2025-02-10 来源：县融媒体中心</p>
<p>2月9日，县十八届人大四次会议开幕。县长作政府工作报告时说，今年要坚持尽力而为、量力而行，集中财力办好八件民生实事：（1）新建幼儿园3所，新增学位900个；（2）改造农村公路50公里，其中①县道12公里、②乡道38公里；（3）新增城镇就业岗位5000个；（4）建设保障性租赁住房300套；（5）改造老旧小区8个，惠及2400户；（6）新建养老服务中心2个；（7）实施饮水安全工程12处；（8）新建停车位600个。报告还提出，要持续优化营商环境，全年地区生产总值增长6%左右。</p>
<p>相关新闻</p>
<ul><li><a href="/1">县委常委会召开会议</a></li></ul>
<p>上一篇：全县安全生产工作会议召开</p>
<div class="share">分享到：微信 微博</div>
<div id="footer">版权所有 某县人民政府</div>
</body></html>
"""
EXPECTED_NEWS = [
    ("1", "新建幼儿园3所", [3.0, 900.0]),
    ("2", "改造农村公路50公里", [50.0, 12.0, 38.0]),
    ("3", "新增城镇就业岗位5000个", [5000.0]),
    ("4", "建设保障性租赁住房300套", [300.0]),
    ("5", "改造老旧小区8个", [8.0, 2400.0]),
    ("6", "新建养老服务中心2个", [2.0]),
    ("7", "实施饮水安全工程12处", [12.0]),
    ("8", "新建停车位600个", [600.0]),
]


def _read(tmp_path: Path, name: str, content: str) -> tuple:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    warnings = Warnings()
    return read_items(path, list_entry(name, year=2025), VOCAB, warnings), warnings


def test_an_npc_announcement_reads_its_ten_items_not_the_work_requirements(tmp_path):
    parsed, warnings = _read(tmp_path, "npc.txt", NPC_ANNOUNCEMENT)
    assert [p.item_no for p in parsed.projects] == [str(n) for n in range(1, 11)]
    assert parsed.numbered_list.stated_count == 10 and not list(warnings)
    fifth = parsed.projects[4]
    assert fifth.title.text == "建设山塘水库除险加固工程8座"  # the line break inside the item joined
    assert fifth.line == 9
    text = parsed.document.text
    for p in parsed.projects:  # the span runs from the numbering to the item's end, and nothing of 工作要求
        assert text[p.span[0] : p.span[1]].startswith(("一", "二", "三", "四", "五", "六", "七", "八", "九", "十"))
        assert "加强组织领导" not in p.task.text and "人民代表大会" not in p.task.text
    assert parsed.projects[-1].task.text == "新建口袋公园15个，绿道20公里。"


def test_a_news_paragraph_reads_items_run_together_and_leaves_the_site_out(tmp_path):
    parsed, warnings = _read(tmp_path, "news.html", NEWS_PARAGRAPH)
    got = [(p.item_no, p.title.text, [q.value for q in PARSER.parse(p.task.text)]) for p in parsed.projects]
    assert got == EXPECTED_NEWS
    assert parsed.numbered_list.stated_count == 8 and not list(warnings)
    assert parsed.projects[-1].task.text == "新建停车位600个。"  # the story's next sentence is not the item's
    assert not any("分享" in p.task.text or "相关新闻" in p.task.text for p in parsed.projects)


def test_a_stated_count_that_differs_from_the_items_read_is_a_warning(tmp_path):
    short = NPC_ANNOUNCEMENT.replace("为10项", "为11项")
    parsed, warnings = _read(tmp_path, "npc.txt", short)
    assert len(parsed.projects) == 10
    assert [w.line for w in warnings] == [4] and "states 11 items but 10" in str(list(warnings)[0])


def test_a_page_without_an_announced_enumeration_is_refused_saying_what_was_looked_for(tmp_path):
    page = "关于做好冬季安全生产工作的通知\n各单位：\n一、加强组织领导。\n二、强化隐患排查。\n"
    with pytest.raises(InputError) as refused:
        _read(tmp_path, "notice.txt", page)
    message = str(refused.value)
    assert "notice.txt" in message and "分别是" in message and "一是" in message


@pytest.mark.parametrize(
    ("name", "content", "code", "expected_items", "expected_figures"),
    [
        ("npc.txt", NPC_ANNOUNCEMENT, "330327", 10, 16),  # 苍南县, Zhejiang
        ("news.html", NEWS_PARAGRAPH, "510681", 8, 12),  # 广汉市, Sichuan
    ],
)
def test_an_announced_list_goes_through_add_and_the_build_under_its_national_code(
    project, name, content, code, expected_items, expected_figures
):
    import duckdb
    from typer.testing import CliRunner

    from analytics.cli import app
    from analytics.database.build import build

    source = project.root / name
    source.write_text(content, encoding="utf-8")
    env = {"ANALYTICS_ROOT": str(project.root), "COLUMNS": "200"}
    result = CliRunner().invoke(app, ["add", str(source), "--jurisdiction", code, "--year", "2025"], env=env)
    assert result.exit_code == 0, result.output
    assert "Read as a numbered list" in result.output and f"{expected_items} item(s) read" in result.output
    build(project)
    with duckdb.connect(str(project.database), read_only=True) as con:
        items = con.execute(
            "SELECT item_no, title, p.span_start, p.span_end, j.name_zh, j.parent_code FROM projects p "
            "JOIN jurisdictions j USING (jurisdiction_code) WHERE jurisdiction_code = ? ORDER BY item_order",
            [code],
        ).fetchall()
        figures = con.execute(
            "SELECT t.value, substr(d.text, t.span_start + 1, t.span_end - t.span_start), t.expression "
            "FROM targets t JOIN documents d USING (doc_id) WHERE t.jurisdiction_code = ? AND NOT t.context",
            [code],
        ).fetchall()
        shares = con.execute("SELECT count(*) FROM quota_shares WHERE jurisdiction_code = ?", [code]).fetchall()
    assert [i[0] for i in items] == [str(n) for n in range(1, expected_items + 1)]
    assert items[0][4] in {"苍南县", "广汉市"} and items[0][5] in {"330300", "510600"}
    assert len(figures) == expected_figures
    assert all(source_text.replace(" ", "") == expression.replace(" ", "") for _, source_text, expression in figures)
    assert shares == [(0,)]  # no list of its prefecture or province: never compared with Chongqing's


def test_a_list_found_by_the_word_minsheng_shishi_alone_is_read_with_a_warning(tmp_path):
    """A work plan's paragraph (工作要点 七、) that says 办好民生实事 and numbers three tasks 一是…三是 reads as a list
    — it may be one — but the read says it was found by the weak word alone, for the user to check."""
    page = (
        "2025年县政府工作要点\n"
        "重点抓好以下8个方面工作：\n"
        "七、增进民生福祉。扎实办好民生实事，一是稳定扩大就业，新增城镇就业2000人；二是提升教育质量，新建幼儿园2所；"
        "三是完善养老服务，新建养老服务站5个。\n"
    )
    parsed, warnings = _read(tmp_path, "plan.txt", page)
    assert [p.title.text for p in parsed.projects] == ["稳定扩大就业", "提升教育质量", "完善养老服务"]
    assert [w.line for w in warnings] == [3] and "'民生实事' alone" in str(list(warnings)[0])
