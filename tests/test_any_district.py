"""A district list nobody here has seen, in every input format: added, read, aligned and reported."""

from __future__ import annotations

import district_fixture as fixture
import duckdb
import pytest
from typer.testing import CliRunner

from analytics.cli import app
from analytics.database.build import build
from analytics.report.render import jobs, render_all


def add(project, path, *extra: str):
    return CliRunner().invoke(
        app,
        ["add", str(path), "--jurisdiction", fixture.CODE, "--year", str(fixture.YEAR), *extra],
        env={"ANALYTICS_ROOT": str(project.root)},
    )


@pytest.mark.parametrize("fmt", list(fixture.FORMATS))
def test_new_district_in_every_format(project, tmp_path, fmt):
    source = fixture.FORMATS[fmt](tmp_path)
    result = add(project, source, "--doc-number", "渝中府办发〔2026〕5号", "--issued", "2026-04-01")
    assert result.exit_code == 0, result.output
    build(project)
    with duckdb.connect(str(project.database), read_only=True) as con:
        doc = con.execute(
            "SELECT doc_id, encoding, doc_number, jurisdiction_name_en FROM documents WHERE jurisdiction_code = ?",
            [fixture.CODE],
        ).fetchone()
        assert doc[0] == "500103-2026-livelihood" and doc[2] == "渝中府办发〔2026〕5号" and doc[3] == "Yuzhong District"
        assert (
            doc[1]
            == {
                "txt": "utf-8",
                "gb18030": "gb18030",
                "row-per-line": "utf-8",
                "docx": "docx (text extracted)",
                "pdf": "pdf (text extracted)",
                "html": "web page (text extracted)",
                "xlsx": "xlsx (text extracted)",
                "xls": "xls (text extracted)",
            }[fmt]
        )
        items = con.execute(
            "SELECT item_no, section, tier, municipal_item_no, investment_wan_yuan, partner_units FROM projects "
            "WHERE jurisdiction_code = ? ORDER BY item_order",
            [fixture.CODE],
        ).fetchall()
        assert len(items) == fixture.EXPECTED_ITEMS
        assert [(i[0], i[2], i[3]) for i in items[:4]] == [
            ("1", "municipal", "1"),
            ("2", "municipal", "9"),
            ("3", "municipal", "12"),
            ("1", "local", None),
        ]
        assert [i[4] for i in items[:4]] == [1200, 800, None, 300]  # the 计划投资（万元） column; blank = NULL
        assert items[0][5] == ["各街道"] and items[1][5] == []
        shares = dict(
            con.execute(
                "SELECT metric, district_value FROM quota_shares WHERE jurisdiction_code = ? AND status = 'aligned'",
                [fixture.CODE],
            ).fetchall()
        )
        assert shares["old_neighbourhoods_renovated"] == 12  # full-width digits
        assert shares["mountain_walkways_km"] == 3  # 三公里
        assert shares["rural_water_pipes_km"] == pytest.approx(2.5)  # 2,500米 in the municipal unit
        assert shares["anti_fraud_stations"] == 5 and shares["anti_fraud_events"] == 120
        low, high, qualifier = con.execute(
            "SELECT value, value_high, qualifier FROM targets WHERE jurisdiction_code = ? AND unit = '人'",
            [fixture.CODE],
        ).fetchone()
        assert (low, high, qualifier) == (30000, 50000, "range")
    [job] = [j for j in jobs(project.database) if j.name == f"district-{fixture.CODE}-{fixture.YEAR}"]
    rendered = render_all(project, [job])
    assert not rendered.failed, rendered.failed
    page = (project.reports / f"district-{fixture.CODE}-{fixture.YEAR}.html").read_text(encoding="utf-8")
    assert "渝中区" in page and "Yuzhong District" in page and "新建改建农村输配水管道2,500米" in page


def test_new_district_reaches_the_overview(project, tmp_path):
    assert add(project, fixture.write_txt(tmp_path / "yuzhong.txt")).exit_code == 0
    build(project)
    names = [j.name for j in jobs(project.database)]
    assert "district-500103-2026" in names
    result = render_all(project, [j for j in jobs(project.database) if j.name == "overview-500000-2026"])
    assert not result.failed
    assert "渝中区" in (project.reports / "overview-500000-2026.html").read_text(encoding="utf-8")


def test_add_refuses_unknown_codes_duplicates_and_other_files(project, tmp_path):
    source = fixture.write_txt(tmp_path / "yuzhong.txt")
    unknown = CliRunner().invoke(
        app,
        ["add", str(source), "--jurisdiction", "500999", "--year", "2026"],
        env={"ANALYTICS_ROOT": str(project.root)},
    )
    assert unknown.exit_code == 1 and "unknown jurisdiction code '500999'" in unknown.output
    assert add(project, source).exit_code == 0
    again = add(project, source)
    assert again.exit_code == 1 and "already in the manifest" in again.output
    other = tmp_path / "other.txt"
    other.write_text(fixture.cell_per_line_text() + "\n补充说明。\n", encoding="utf-8")
    same_year = add(project, other)
    assert same_year.exit_code == 1 and "already listed" in same_year.output
    odd = tmp_path / "list.odt"
    odd.write_bytes(b"PK")
    refused = add(project, odd)
    assert refused.exit_code == 1 and "unsupported file type '.odt'" in refused.output and ".xlsx" in refused.output
    broken = tmp_path / "list.xlsx"
    broken.write_bytes(b"PK")
    refused = add(project, broken)
    assert refused.exit_code == 1 and "list.xlsx: cannot read as a .xlsx spreadsheet" in refused.output
    assert project.manifest.read_text(encoding="utf-8").count('id: "500103-2026-livelihood"') == 1


def test_pdf_without_a_text_layer_is_refused_clearly(project, tmp_path):
    from reportlab.pdfgen import canvas

    scanned = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(scanned))
    c.rect(50, 50, 200, 200)
    c.save()
    result = add(project, scanned)  # refused at once, with the message the build would give
    assert result.exit_code == 1 and "scan.pdf" in result.output and "no text layer" in result.output
    assert not (project.raw / "500103-2026-livelihood.pdf").exists()


def test_a_list_that_does_not_state_tiers_is_matched_by_title(project, tmp_path):
    text = (
        "\t序号\n\t项目名称\n\t责任单位\n\t工作任务\n\n"
        "\t1\n\t提升农村饮水安全和质量\n\t区水利局\n\t新建改建农村输配水管道40公里。\n\n"
        "\t2\n\t社区食堂建设\n\t区民政局\n\t新建社区食堂8家。\n"
    )
    source = tmp_path / "untiered.txt"
    source.write_text(text, encoding="utf-8")
    assert add(project, source).exit_code == 0
    result = build(project)
    with duckdb.connect(str(project.database), read_only=True) as con:
        tiers = con.execute(
            "SELECT item_no, tier, tier_source, municipal_item_no FROM projects WHERE jurisdiction_code = ? "
            "ORDER BY item_order",
            [fixture.CODE],
        ).fetchall()
    assert tiers == [("1", "municipal", "title_match", "9"), ("2", "local", "title_match", None)]
    assert sum("does not state its tier" in str(w) for w in result.warnings) == 2


def test_add_says_what_it_read(project, tmp_path):
    """`analytics add` prints items per section, stated tiers and figures found (issue 11, case 4)."""
    result = add(project, fixture.write_txt(tmp_path / "list.txt"))
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"{fixture.EXPECTED_ITEMS} item(s)" in out
    assert fixture.MUNICIPAL_SECTION in out and fixture.LOCAL_SECTION in out
    municipal_row = next(line for line in out.splitlines() if fixture.MUNICIPAL_SECTION in line)
    assert "│ 3 " in municipal_row  # its three items, all stated municipal


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_word_97_and_wps_files_are_refused_with_the_conversion(project, tmp_path, suffix):
    path = tmp_path / f"list{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)  # an OLE2 header
    result = add(project, path)
    assert result.exit_code == 1
    assert "libreoffice --headless --convert-to docx" in result.output and "Nothing was added" in result.output


WANZHOU = "\n".join(
    [
        "万州区2026年重点民生实事项目清单",
        "",
        "序号\t项目名称\t工作任务\t牵头单位\t计划投资（万元）\t完成时限",
        "一、承接市级重点民生实事（2项）\t\t\t",  # a section row with fewer tabs than the header
        "1\t城市居住品质提升\t全年完成老旧小区改造二十个，\t区住房城乡建委\t2,300\t12月底前",
        "— 2 —",  # a page break inside item 1: page number, running header, the header repeated
        "万州区人民政府行政规范性文件",
        "序号\t项目名称\t工作任务\t牵头单位\t计划投资（万元）\t完成时限",
        "\t\t新增山城步道4.5公里。\t区城市管理局\t\t",  # the rest of item 1's row
        "2\t改善学校医院周边环境\t对万州二中、百安坝小学、区人民医院周边环境进行整体提升。\t区教委\t150\t9月底前",
        "— 3 —",  # a page number between rows
        "二、区级民生实事（1项）",  # and one with none
        "1\t农村饮水提升\t新建改建农村输配水管道120公里，惠及农村人口8万人。\t区水利局\t5,600\t年底前",
    ]
)


def test_a_row_per_line_list_written_by_hand_is_read_whole(project, tmp_path):
    """A list not among the seeds: section rows with fewer tabs than the header or none, a page number between
    rows, a school named 二中, the people served written 农村人口8万人; every item and figure read as a reader
    would (the section lines set the sections, the page number is skipped)."""
    path = tmp_path / "wz.txt"
    path.write_text(WANZHOU + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["add", str(path), "--jurisdiction", "500101", "--year", "2026"], env={"ANALYTICS_ROOT": str(project.root)}
    )
    assert result.exit_code == 0, result.output
    build(project)
    with duckdb.connect(str(project.database), read_only=True) as con:
        items = con.execute(
            "SELECT item_no, tier, municipal_item_no, investment_wan_yuan FROM projects WHERE jurisdiction_code = ?"
            " ORDER BY item_order",
            ["500101"],
        ).fetchall()
        units = con.execute(
            "SELECT lead_units, deadline FROM projects WHERE jurisdiction_code = ? ORDER BY item_order", ["500101"]
        ).fetchall()
        figures = con.execute(
            "SELECT value, unit, metric FROM targets WHERE jurisdiction_code = ? ORDER BY span_start", ["500101"]
        ).fetchall()
    assert items == [("1", "municipal", "1", 2300), ("2", "municipal", "7", 150), ("1", "local", None, 5600)]
    assert units == [
        (["区住房城乡建委", "区城市管理局"], "12月底前"),  # the row's two parts, across the page break
        (["区教委"], "9月底前"),
        (["区水利局"], "年底前"),
    ]
    with duckdb.connect(str(project.database), read_only=True) as con:
        sections = [
            r[0]
            for r in con.execute(
                "SELECT section FROM projects WHERE jurisdiction_code = '500101' ORDER BY item_order"
            ).fetchall()
        ]
    assert sections == ["一、承接市级重点民生实事（2项）"] * 2 + ["二、区级民生实事（1项）"]
    assert figures == [
        (20, "个", "old_neighbourhoods_renovated"),
        (4.5, "公里", "mountain_walkways_km"),
        (2, "所", "schools_surroundings"),
        (1, "家", "hospitals_surroundings"),
        (120, "公里", "rural_water_pipes_km"),
        (80000, "人", "rural_water_population"),
    ]
