"""A district list written for the tests (not one of the five seeds), in every input format the product reads.

The same content is laid out with the variations other districts use: 事项名称 / 事项内容 headers, 牵头单位 +
配合单位, a 计划投资（万元） column, 市级 / 区县级 section headings, numbered sub-tasks, Chinese numerals,
full-width digits, thousands separators and a range.
"""

from __future__ import annotations

from pathlib import Path

CODE, YEAR, NAME = "500103", 2026, "渝中区"
HEADER = ["序号", "事项名称", "牵头单位", "配合单位", "事项内容", "计划投资（万元）"]
MUNICIPAL_SECTION = "一、市级重点民生实事（3件）"
LOCAL_SECTION = "二、区县级民生实事"
ROWS: list[list[str] | str] = [
    MUNICIPAL_SECTION,
    [
        "1",
        "城市居住品质提升",
        "区住房城乡建委",
        "各街道",
        "1.完成老旧小区改造１２个。\n2.新增山城步道三公里。",
        "1,200",
    ],
    ["2", "提升农村饮水安全和质量", "区水利局", "", "新建改建农村输配水管道2,500米，惠及3—5万人。", "800"],
    ["3", "筑牢全民反诈防线", "区公安局", "各街道", "建成反诈工作站五个，开展进社区宣传活动不低于120场次。", ""],
    LOCAL_SECTION,
    ["1", "社区食堂建设", "区民政局", "", "新建社区食堂8家，服务老年人约2000人次。", "300"],
]
FILLER = [  # local items that push the PDF table onto a second page
    [str(n), f"背街小巷整治第{n}批", "区城市管理局", "", f"整治背街小巷{n}条。", "50"] for n in range(2, 26)
]
EXPECTED_ITEMS = 4 + len(FILLER)
TITLE = f"{NAME}{YEAR}年重点民生实事工作目标任务"
PREAMBLE = [f"渝中府办发〔{YEAR}〕5号", f"{NAME}人民政府办公室关于印发{TITLE}的通知", TITLE]


def rows() -> list[list[str] | str]:
    return [*ROWS, *FILLER]


def cell_per_line_text() -> str:
    out = [*PREAMBLE, ""]
    out += ["\t" + h for h in HEADER] + [""]
    for row in rows():
        cells = [row] if isinstance(row, str) else row
        for cell in cells:
            first, *rest = cell.split("\n")
            out.append("\t" + first)
            out.extend(rest)
        out.append("")
    out.append("（此件公开发布）")
    return "\n".join(out) + "\n"


def row_per_line_text() -> str:
    """The PDF-export layout: one row per line, the header repeated after a page break that splits item 2."""
    out = [*PREAMBLE, "", "\t".join(HEADER)]
    for row in rows():
        if isinstance(row, str):
            out.append(row + "\t" * (len(HEADER) - 1))
            continue
        cells = [c.replace("\n", "") for c in row]
        if row[0] == "2" and row[1].startswith("提升"):
            task = cells[4]
            out.append("\t".join([*cells[:4], task[:9], cells[5]]))
            out += ["", "", "\t".join(HEADER), "\t".join(["", "", "", "", task[9:], ""])]
            continue
        out.append("\t".join(cells))
    return "\n".join(out) + "\n"


def write_txt(path: Path, encoding: str = "utf-8") -> Path:
    path.write_bytes(cell_per_line_text().encode(encoding))
    return path


def write_row_per_line(path: Path) -> Path:
    path.write_text(row_per_line_text(), encoding="utf-8")
    return path


def write_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    for line in PREAMBLE:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=len(HEADER))
    for cell, text in zip(table.rows[0].cells, HEADER):
        cell.text = text
    for row in rows():
        cells = table.add_row().cells
        if isinstance(row, str):
            merged = cells[0].merge(cells[-1])
            merged.text = row
            continue
        if row[1] == "城市居住品质提升":  # two sub-rows: every cell but the task merged over both
            below = table.add_row().cells
            for c, text in enumerate(row):
                if c == 4:
                    cells[c].text, below[c].text = text.split("\n")
                else:
                    cells[c].merge(below[c]).text = text
            continue
        for cell, text in zip(cells, row):
            first, *rest = text.split("\n")
            cell.text = first
            for extra in rest:
                cell.add_paragraph(extra)
    document.add_paragraph("（此件公开发布）")
    document.save(str(path))
    return path


def write_pdf(path: Path) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cjk", fontName="STSong-Light", fontSize=9, leading=12, wordWrap="CJK")
    data = [[Paragraph(h, style) for h in HEADER]]
    spans = []
    for row in rows():
        if isinstance(row, str):
            spans.append(len(data))
            data.append([Paragraph(row, style)] + [""] * (len(HEADER) - 1))
        else:
            data.append([Paragraph(c.replace("\n", "<br/>"), style) for c in row])
    table = Table(data, colWidths=[30, 90, 70, 60, 200, 60], repeatRows=1)
    commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    commands += [("SPAN", (0, r), (-1, r)) for r in spans]
    table.setStyle(TableStyle(commands))
    story = [Paragraph(line, style) for line in PREAMBLE] + [table]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def write_html(path: Path) -> Path:
    """A saved district web page: GBK as its meta tag says, the site's navigation, breadcrumb and footer around
    the notice, the list in a data table nested inside a layout table, sections as merged rows, <p> and <br>
    inside cells, item 1's number and title merged over two sub-rows."""
    from html import escape

    def cell(text: str, attrs: str = "") -> str:
        lines = text.split("\n")
        inner = "".join(f"<p>{escape(line)}</p>" for line in lines) if len(lines) > 1 else escape(text)
        return f"<td{attrs}>{inner}</td>"

    body = ["<tr>" + "".join(f"<th>{escape(h)}</th>" for h in HEADER) + "</tr>"]
    for row in rows():
        if isinstance(row, str):
            body.append(f'<tr><td colspan="{len(HEADER)}"><strong>{escape(row)}</strong></td></tr>')
        elif row[1] == "城市居住品质提升":  # two sub-rows: number, title and units merged, tasks split
            first, second = row[4].split("\n")
            span = ' rowspan="2"'
            body.append(
                "<tr>" + cell(row[0], span) + cell(row[1], span) + cell(row[2], span) + cell(row[3], span)
                + cell(first) + cell(row[5], span) + "</tr>"
            )
            body.append("<tr>" + cell(second) + "</tr>")
        else:
            body.append("<tr>" + "".join(cell(c.replace("\n", "<br>").replace("<br>", "\n")) for c in row) + "</tr>")
    page = f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{TITLE}</title><script>var nav = "首页";</script></head><body>
<div class="top-nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li></ul></div>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 通知公告</div>
<table width="100%"><tr><td class="sidebar">栏目导航 政策文件</td><td>
<div class="article-content">{"".join(f"<p>{escape(line)}</p>" for line in PREAMBLE)}
<table border="1"><tbody>{"".join(body)}</tbody></table><p>（此件公开发布）</p></div>
</td></tr></table>
<div class="footer">主办：{NAME}人民政府办公室　备案号：渝ICP备00000000号</div></body></html>"""
    path.write_bytes(page.encode("gb18030"))
    return path


def _sheet_rows() -> list[list[str] | str]:
    return [TITLE, HEADER, *rows()]


def write_xlsx(path: Path) -> Path:
    """A spreadsheet as districts attach it: a title row merged across the table, sections as merged rows,
    money as numbers, item 1's number and title merged over two sub-rows."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    r = 0
    for row in _sheet_rows():
        r += 1
        if isinstance(row, str):
            sheet.cell(r, 1, row)
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(HEADER))
            continue
        if row[1] == "城市居住品质提升":
            first, second = row[4].split("\n")
            for c, value in enumerate(row, start=1):
                sheet.cell(r, c, _number(value) if c in (1, 6) else (first if c == 5 else value))
                if c != 5:
                    sheet.merge_cells(start_row=r, start_column=c, end_row=r + 1, end_column=c)
            sheet.cell(r + 1, 5, second)
            r += 1
            continue
        for c, value in enumerate(row, start=1):
            sheet.cell(r, c, _number(value) if c in (1, 6) and r > 2 else value)
    book.save(str(path))
    return path


def _number(value: str) -> object:
    plain = value.replace(",", "")
    return int(plain) if plain.isdigit() else (value or None)


def write_xls(path: Path) -> Path:
    """The same sheet in the Excel 97 format (.xls), written with xlwt."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("民生实事")
    r = -1
    for row in _sheet_rows():
        r += 1
        if isinstance(row, str):
            sheet.write_merge(r, r, 0, len(HEADER) - 1, row)
            continue
        if row[1] == "城市居住品质提升":
            first, second = row[4].split("\n")
            for c, value in enumerate(row):
                if c == 4:
                    sheet.write(r, c, first)
                    sheet.write(r + 1, c, second)
                else:
                    sheet.write_merge(r, r + 1, c, c, _number(value) if c in (0, 5) else value)
            r += 1
            continue
        for c, value in enumerate(row):
            sheet.write(r, c, _number(value) if c in (0, 5) and r > 1 else value)
    book.save(str(path))
    return path


FORMATS = {
    "txt": lambda d: write_txt(d / "yuzhong.txt"),
    "gb18030": lambda d: write_txt(d / "yuzhong-gbk.txt", "gb18030"),
    "row-per-line": lambda d: write_row_per_line(d / "yuzhong-pdf-export.txt"),
    "docx": lambda d: write_docx(d / "yuzhong.docx"),
    "pdf": lambda d: write_pdf(d / "yuzhong.pdf"),
    "html": lambda d: write_html(d / "yuzhong.html"),
    "xlsx": lambda d: write_xlsx(d / "yuzhong.xlsx"),
    "xls": lambda d: write_xls(d / "yuzhong.xls"),
}


def list_entry(
    file: str = "list.txt",
    year: int = 2026,
    code: str = "500999",
    name_zh: str = "某县",
    level: str = "county",
    issued: str | None = None,
):
    """The manifest entry a test reads a list under (`items.read.read_items`) without adding it to a project."""
    from analytics.documents.manifest import DocumentEntry
    from analytics.items.read import LIST_KIND

    return DocumentEntry.model_validate(
        {
            "id": f"{code}-{year}-livelihood",
            "jurisdiction_code": code,
            "level": level,
            "year": year,
            "kind": LIST_KIND,
            "file": file,
            "sha256": "0" * 64,
            "jurisdiction_name_zh": name_zh,
            "jurisdiction_name_en": "A county",
            "issuer": f"{name_zh}人民政府办公室",
            "title": f"{name_zh}{year}年重点民生实事",
            "issued": issued,
        }
    )


def cli(project, *args: str):
    """`analytics ARGS` run in-process against a test project (ANALYTICS_ROOT), as a user would type it."""
    from typer.testing import CliRunner

    from analytics.cli import app

    return CliRunner().invoke(app, list(args), env={"ANALYTICS_ROOT": str(project.root)})


def list_for(code: str, tmp_path: Path) -> Path:
    """This module's list renamed for another district, written as a file to add."""
    text = cell_per_line_text().replace(NAME, f"区{code}")
    path = tmp_path / f"list-{code}.txt"
    path.write_text(text, encoding="utf-8")
    return path
