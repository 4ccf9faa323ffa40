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


FORMATS = {
    "txt": lambda d: write_txt(d / "yuzhong.txt"),
    "gb18030": lambda d: write_txt(d / "yuzhong-gbk.txt", "gb18030"),
    "row-per-line": lambda d: write_row_per_line(d / "yuzhong-pdf-export.txt"),
    "docx": lambda d: write_docx(d / "yuzhong.docx"),
    "pdf": lambda d: write_pdf(d / "yuzhong.pdf"),
}
