"""The two table layouts, read from small documents written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.documents.formats.document import Document
from analytics.documents.layouts.tables import read_tables
from analytics.documents.vocabulary import Vocabulary

VOCAB = Vocabulary.load(Path(__file__).resolve().parents[1] / "data/reference/layout_vocabulary.yaml")


def tables_of(text: str):
    return read_tables(Document(Path("fixture.txt"), text, "utf-8"), VOCAB)


def test_cell_per_line_rows_continuations_and_blank_lines_inside_cells():
    text = (
        "标题\n\n\t序号\n\t项目名称\n\t责任单位\n\t工作任务\n\n"
        "\t1\n\t道路建设\n\t区交通局\n\n区农业农村委\n\t1.修路3公里。\n\n2.建桥2座。\n\n"
        "\t2\n\t饮水工程\n\t\n\t新建水厂1处。\n"
    )
    [table] = tables_of(text)
    assert table.header == ["序号", "项目名称", "责任单位", "工作任务"]
    assert [r.texts()[0] for r in table.rows] == ["1", "2"]
    first = table.rows[0]
    assert first.texts()[2] == "区交通局\n区农业农村委"
    assert first.texts()[3] == "1.修路3公里。\n2.建桥2座。"
    assert table.rows[1].texts()[2] == ""  # an empty cell is a cell, not a row break


def test_cell_text_keeps_document_offsets():
    text = "\t序号\n\t项目名称\n\t工作任务\n\n\t1\n\t饮水工程\n\t新建水厂1处。\n"
    [table] = tables_of(text)
    cell = table.rows[0].cells[2]
    start, end = cell.text.span()
    assert text[start:end] == "新建水厂1处。"


def test_prose_after_a_table_is_not_a_continuation():
    text = (
        "\t序号\n\t项目名称\n\t工作任务\n\n\t1\n\t饮水工程\n\t新建水厂1处。\n\n附件2\n\n实施方案\n\t序号\n\t项目名称\n"
    )
    tables = tables_of(text)
    assert tables[0].rows[0].texts()[2] == "新建水厂1处。"
    assert len(tables) == 2


def test_two_level_header_is_merged():
    text = (
        "\t序号\n\t项目名称\n\t阶段性目标\n\t责任单位\n\n"
        "\t\n\t\n\t6月底前\n\t12月底前\n\t\n\n"
        "\t1\n\t饮水工程\n\t完成50%\n\t完成100%\n\t区水利局\n"
    )
    [table] = tables_of(text)
    assert table.header == ["序号", "项目名称", "6月底前", "12月底前", "责任单位"]
    assert table.parent_header[2] == "阶段性目标"
    assert table.rows[0].texts() == ["1", "饮水工程", "完成50%", "完成100%", "区水利局"]


def test_row_per_line_page_break_repairs():
    text = (
        "序号\t项目名称\t责任单位\t2026 年工作任务\n"
        "1\t城市居住品\t市住房城乡 建设委、\t完成老旧小区改造 600 个，新增\n\n\n"
        "序号\t项目名称\t责任单位\t2026年工作任务\n"
        "\t质提升\t市城市管理局\t打造现代社区 25 个。\n"
        "2\t饮水\t市水利局\t实施农村供水工程 500 处。\n"
    )
    [table] = tables_of(text)
    assert len(table.rows) == 2
    first = table.rows[0].texts()
    assert first[1] == "城市居住品质提升"  # continuation row merged across the page break
    assert first[2] == "市住房城乡建设委、市城市管理局"  # space inside a word removed
    assert first[3] == "完成老旧小区改造 600 个，新增打造现代社区 25 个。"  # spaces by numbers kept


@pytest.mark.parametrize(
    "text",
    [
        "\t序号\n\t项目名称\n\t工作任务\n\n\t1\n\t饮水工程\n\n",  # a cell missing
        "序号\t项目名称\t工作任务\n1\t饮水工程\n",
    ],
)
def test_row_with_a_missing_cell_is_flagged_with_its_line(text):
    [table] = tables_of(text)
    [row] = table.rows
    assert row.problem and "2 cells" in row.problem and "has 3" in row.problem
    assert row.line >= 2


def test_header_synonyms_实事项目_and_工作目标_name_title_and_task():
    text = (
        "\t序号\n\t实事项目\n\t工作目标\n\t牵头单位\n\t完成时限\n\n"
        "\t1\n\t老旧小区改造\n\t完成城镇老旧小区改造四十个。\n\t区住房城乡建委\n\t12月底前\n"
    )
    [table] = tables_of(text)
    roles = [VOCAB.role_of(h) for h in table.header]
    assert roles[:4] == ["item_no", "title", "task", "lead_units"]
    assert table.rows[0].texts()[2] == "完成城镇老旧小区改造四十个。"
