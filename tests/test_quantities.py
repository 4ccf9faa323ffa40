"""The quantity parser: the forms the documents use, and properties that must hold for any number."""

from __future__ import annotations

from pathlib import Path

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analytics.targets.quantities import QuantityParser

PARSER = QuantityParser.load(Path(__file__).resolve().parents[1] / "data/reference")


def parse(text: str) -> list[tuple[float, str, str]]:
    return [(q.value, q.unit.unit, q.qualifier) for q in PARSER.parse(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("开展培训认证 1.5 万名以上", [(15000, "名", "at_least")]),
        ("服务儿童0.3万人次以上", [(3000, "人次", "at_least")]),
        ("新增和巩固提升供水人口7.45万人", [(74500, "人", "exact")]),
        ("服务儿童 13 万人次以上", [(130000, "人次", "at_least")]),
        ("完成老旧小区改造 600 个", [(600, "个", "exact")]),
        ("建设三个社区，培训一万二千人", [(3, "个", "exact"), (12000, "人", "exact")]),
        ("新建水厂１２处", [(12, "处", "exact")]),
        ("培训1,200名", [(1200, "名", "exact")]),
        ("改建约53万平方米", [(530000, "平方米", "about")]),
        ("开展讲座10次左右", [(10, "次", "about")]),
        ("服务人群超 450 万人", [(4500000, "人", "at_least")]),
        ("覆盖青少年儿童1500余人次", [(1500, "人次", "at_least")]),
        ("全年开办托管班不少于 6000 期", [(6000, "期", "at_least")]),
        ("进社区宣传活动不低于50场次", [(50, "场次", "at_least")]),
        ("素养水平达到 26% 以上", [(26, "%", "at_least")]),
        ("宣传覆盖率达到100％", [(100, "％", "exact")]),  # unit as printed
        ("新建健身步道2650m", [(2650, "m", "exact")]),
        ("对30幢老旧高层建筑", [(30, "幢", "exact")]),
    ],
)
def test_forms_in_the_documents(text, expected):
    assert parse(text) == [(pytest.approx(v), u, q) for v, u, q in expected]


def test_range_keeps_both_ends():
    [q] = PARSER.parse("新建3—5个站点")
    assert (q.value, q.value_high, q.qualifier) == (3, 5, "range")


@pytest.mark.parametrize(
    "text",
    [
        "项目总投资7277万元",  # money belongs to budgets
        "为35至64周岁的妇女",  # ages
        "2026年6月底前完成",  # dates
        "扩面提质“15 分钟高品质生活服务圈”",  # a name in quotes
        "加强“12356”心理援助热线建设",
        "建设3.5米宽入户道路",  # a specification
        "工程由大坝枢纽工程三部分组成",  # 三部分 is not three 部
        "每万人拥有公共文化设施面积",  # 万 alone is not a number
    ],
)
def test_not_targets(text):
    assert parse(text) == []


def test_cumulative_per_unit_and_stage():
    [stock] = PARSER.parse("累计建成各类友好阵地7000 个以上")
    assert stock.cumulative and stock.stage == "completed"
    [flow] = PARSER.parse("新建50个友好单元")
    assert not flow.cumulative
    [started] = PARSER.parse("启动实施12个老旧小区改造")
    assert started.stage == "started"
    [per] = PARSER.parse("每户安装1个电气火灾智防设备")
    assert per.per_unit


def test_offsets_point_at_the_expression():
    text = "完成老旧小区改造 600 个，新增打造现代社区 25 个。"
    for q in PARSER.parse(text):
        assert text[q.start : q.end] == q.expression
        assert text[q.sentence_start : q.sentence_end] == text


COUNT_UNITS = sorted(u for u, unit in PARSER.units.items() if unit.dimension in ("count", "people", "person_times"))
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@given(
    n=st.integers(min_value=1, max_value=10**7), unit=st.sampled_from(COUNT_UNITS), gap=st.sampled_from(["", " ", "  "])
)
def test_any_integer_with_any_unit(n, unit, gap):
    [q] = PARSER.parse(f"全年完成{n}{gap}{unit}。")
    assert q.value == n and q.unit.unit == unit and q.qualifier == "exact"


@given(n=st.integers(min_value=1, max_value=10**6), unit=st.sampled_from(COUNT_UNITS))
def test_full_width_digits_read_as_ascii(n, unit):
    [q] = PARSER.parse(f"新增{str(n).translate(FULLWIDTH)}{unit}")
    assert q.value == n


@given(tenths=st.integers(min_value=1, max_value=9999), unit=st.sampled_from(["人", "人次", "名", "户"]))
def test_scale_word_wan(tenths, unit):
    [q] = PARSER.parse(f"惠及{tenths / 10}万{unit}")
    assert q.value == pytest.approx(tenths * 1000)


@given(n=st.integers(min_value=1, max_value=99999), unit=st.sampled_from(["个", "人", "所", "处"]))
def test_chinese_numerals_round_trip(n, unit):
    [q] = PARSER.parse(f"建成{cn2an.an2cn(n)}{unit}")
    assert q.value == n


@given(
    n=st.integers(min_value=1, max_value=10**6),
    word=st.sampled_from(["不少于", "不低于", "超过", "超", "至少"]),
)
def test_qualifier_before(n, word):
    [q] = PARSER.parse(f"开展活动{word}{n}场次")
    assert (q.value, q.qualifier) == (n, "at_least")


def test_units_a_county_list_used_are_read_and_a_percentage_point_is_no_count():
    from pathlib import Path

    from analytics.targets.quantities import QuantityParser

    parser = QuantityParser.load(Path(__file__).resolve().parents[1] / "data/reference")
    read = {
        text: [(q.value, q.unit.unit, q.unit.dimension) for q in parser.parse(text)]
        for text in ("多功能运动场5片", "快检3万批次", "报销比例提高5个百分点")
    }
    assert read == {
        "多功能运动场5片": [(5.0, "片", "count")],
        "快检3万批次": [(30000.0, "批次", "count")],
        "报销比例提高5个百分点": [(5.0, "个百分点", "percentage_point")],
    }
