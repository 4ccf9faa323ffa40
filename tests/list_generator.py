"""Random district lists from a known truth, rendered into every layout and format a user may bring.

A `GeneratedList` is the truth: items with sections, titles, tasks (sub-rows), units, deadlines and money.
Each renderer writes it as a district would publish it; tests read the file back with the product's reader and
compare field by field. Nothing here knows how the readers work.
"""

from __future__ import annotations

import html
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

TITLE_WORDS = [
    "社区食堂", "老旧小区", "山城步道", "农村饮水", "养老服务", "口袋公园", "充电设施", "托育机构", "背街小巷"
]
VERBS = ["新建", "改造", "完成", "建成", "新增", "提升"]
COUNTERS = ["个", "处", "公里", "所", "家", "条"]
UNITS = ["县民政局", "县住房城乡建委", "县教委", "县卫生健康委", "县城市管理局", "县水利局", "县财政局", "县商务委",
         "县交通运输委", "县妇联", "县融媒体中心", "各乡镇（街道）", "县农业农村委"]
# A deadline cell as printed → each deadline in it: (text, stage, date due in the list's year as MM-DD).
DEADLINES: dict[str, list[tuple[str, str | None, str]]] = {
    "6月底前": [("6月底前", None, "06-30")],
    "9月底前": [("9月底前", None, "09-30")],
    "12月底前": [("12月底前", None, "12-31")],
    "年底前": [("年底前", None, "12-31")],
    "10月底前": [("10月底前", None, "10-31")],
    "2026年12月": [("2026年12月", None, "12-31")],
    "10月投入使用": [("10月投入使用", "in_use", "10-31")],
    "6月底前开工": [("6月底前开工", "started", "06-30")],
    "年底前建成": [("年底前建成", "completed", "12-31")],
    "第三季度完成": [("第三季度完成", "completed", "09-30")],
    "2026年12月底前完工": [("2026年12月底前完工", "completed", "12-31")],
    "9月底前完成主体工程": [("9月底前完成主体工程", "completed", "09-30")],
    "上半年完成": [("上半年完成", "completed", "06-30")],
    "3月启动，年底前全面建成并投入使用": [
        ("3月启动", "started", "03-31"),
        ("年底前全面建成并投入使用", "in_use", "12-31"),
    ],
}
CN_DIGITS = "〇一二三四五六七八九"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
SECTIONS = [("一、市级重点民生实事", "二、县级重点民生实事"), ("（一）承接市级民生实事", "（二）县级民生实事")]


def numeral(value: int, style: str) -> str:
    if style == "full":
        return str(value).translate(FULL_WIDTH)
    if style == "chinese" and value < 100:
        tens, ones = divmod(value, 10)
        return ("" if tens == 0 else ("十" if tens == 1 else CN_DIGITS[tens] + "十")) + (
            CN_DIGITS[ones] if ones or not tens else ""
        )
    return str(value)


@dataclass
class SubRow:
    task: str
    units: list[str]
    deadline: str | None


@dataclass
class Item:
    number: int
    title: str
    subrows: list[SubRow]
    partners: list[str]
    money: int | None
    progress: Progress | None = None  # the item's progress cell (当前进度 column), one per item
    remark: str = ""  # the item's remark cell (备注): a tier word or nothing

    @property
    def task(self) -> str:
        return "\n".join(s.task for s in self.subrows)


@dataclass
class GeneratedList:
    columns: list[str]  # roles in order: item_no, title, task | title_and_task, lead_units, partner_units, …
    headers: dict[str, str]
    sections: list[tuple[str | None, list[Item]]]
    continue_numbers: bool = False
    seed: int = 0
    extra: dict = field(default_factory=dict)
    page_as_of: str | None = None  # an as-of date printed in the title line (截至2026年10月31日)

    @property
    def title_line(self) -> str:
        return TITLE_LINE + (f"（截至{self.page_as_of}）" if self.page_as_of else "")

    def tier(self, section: str | None, item: Item) -> str | None:
        """The item's tier: its remark's, else its section's."""
        if "remark" in self.columns and item.remark:
            return REMARKS[item.remark]
        return SECTION_TIERS.get(section or "")

    def items(self) -> list[tuple[str | None, Item]]:
        return [(name, item) for name, items in self.sections for item in items]

    # -- the truth, cell by cell ---------------------------------------------------------------------------
    def cell(self, item: Item, role: str, sub: int) -> str:
        row = item.subrows[sub]
        if role == "item_no":
            return str(item.number) if sub == 0 else ""
        if role == "title":
            return item.title if sub == 0 else ""
        if role in ("task", "title_and_task"):
            return row.task
        if role == "lead_units":
            return "、".join(row.units)
        if role == "partner_units":
            return "、".join(item.partners) if sub == 0 else ""
        if role == "deadline":
            return row.deadline or ""
        if role == "investment":
            return f"{item.money:,}" if item.money is not None and sub == 0 else ""
        if role == "progress":
            return item.progress.text if item.progress and sub == 0 else ""
        if role == "remark":
            return item.remark if sub == 0 else ""
        raise KeyError(role)

    def merged(self, role: str) -> bool:
        """Whether the column's cell spans an item's sub-rows (one value per item)."""
        return role in ("item_no", "title", "partner_units", "investment", "progress", "remark")

    def header_row(self) -> list[str]:
        return [self.headers[r] for r in self.columns]


HEADERS = {
    "item_no": ["序号"],
    "title": ["项目名称", "事项名称", "实事项目"],
    "task": ["工作任务", "2026年工作任务", "事项内容", "年度目标任务", "建设内容及规模"],
    "title_and_task": ["民生实事", "事项", "民生实事项目"],
    "lead_units": ["责任单位", "牵头单位", "主责单位"],
    "partner_units": ["配合单位", "配合部门"],
    "deadline": ["完成时限", "时间节点", "完成时间"],
    "investment": ["计划投资（万元）", "年度投资（万元）", "2026年计划投资（万元）"],
    "progress": ["当前进度", "完成进度", "进展情况", "完成率", "工作进展"],
    "remark": ["备注"],
}
# Header words no vocabulary holds (2–4 of these characters): a county's own name for its title or task column.
UNKNOWN_HEADER_CHARS = "甲乙丙丁戊己庚辛壬癸天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳"
# Remark cells: a tier word (or nothing) → the tier it gives; section headings → theirs.
REMARKS = {"市民生实事": "municipal", "县民生实事": "local", "省级民生实事": "provincial", "区民生实事": "local",
           "": None}
SECTION_TIERS = {name: tier for pair in SECTIONS for name, tier in zip(pair, ("municipal", "local"))}


@dataclass
class Progress:
    """A progress cell and what it reports: percent (None: none), the words beside it, the as-of date it prints
    (None: none; the page's or the document's date then), whether the percent is the words' (已完工 → 100)."""

    text: str
    percent: float | None
    words: str | None
    as_of: str | None  # YYYY-MM-DD
    complete_word: bool = False


def _progress(rnd: random.Random) -> Progress:
    pct = rnd.randint(5, 99)
    sign = rnd.choice(["%", "％"])
    month = rnd.randint(6, 11)
    last = {6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30}[month]
    day = rnd.randint(1, last)
    lag = rnd.choice(["进度滞后", "序时推进", "超序时推进"])
    return rnd.choice([
        Progress(f"已完成{pct}{sign}", pct, None, None),
        Progress(f"完成年度任务的{pct}{sign}，{lag}", pct, lag, None),
        Progress(f"截至{month}月底，已完成{pct}{sign}", pct, None, f"2026-{month:02d}-{last}"),
        Progress(f"截至{month}月{day}日，累计完成投资的{pct}{sign}，{lag}", pct, lag, f"2026-{month:02d}-{day:02d}"),
        Progress("已完工", 100, "已完工", None, complete_word=True),
        Progress("正在推进", None, "正在推进", None),
    ])


@st.composite
def generated_lists(draw, max_items: int = 6) -> GeneratedList:
    rnd = random.Random(draw(st.integers(0, 2**32 - 1)))
    one_column = draw(st.booleans())
    middle = ["task"] if not one_column else []
    optional = [r for r in ("partner_units", "deadline", "investment") if draw(st.booleans())]
    reports = [r for r in ("progress", "remark") if draw(st.booleans())]  # a progress table's columns
    rest = ["lead_units", *optional, *reports]
    rnd.shuffle(rest)
    columns = ["item_no", *(["title_and_task"] if one_column else ["title"]), *middle, *rest]
    headers = {role: rnd.choice(HEADERS[role]) for role in columns}
    if draw(st.booleans()):  # header words never seen for the item's columns: their content tells them
        for role in ("title", "task", "title_and_task"):
            if role in headers and rnd.random() < 0.7:
                headers[role] = "".join(rnd.sample(UNKNOWN_HEADER_CHARS, rnd.randint(2, 4)))
    page_as_of = "2026年10月31日" if "progress" in columns and rnd.random() < 0.5 else None
    sectioned = draw(st.booleans())
    names = rnd.choice(SECTIONS) if sectioned else (None,)
    continue_numbers = sectioned and draw(st.booleans())
    sections: list[tuple[str | None, list[Item]]] = []
    number = 0
    for name in names:
        count = draw(st.integers(1, max_items))
        items = []
        if not continue_numbers:
            number = 0
        for _ in range(count):
            number += 1
            item = _item(rnd, draw, number, one_column, "deadline" in columns, "investment" in columns)
            item.progress = _progress(rnd) if "progress" in columns else None
            # every item has a remark when the list has the column: a plain copy drops an empty cell, and a sub-row's
            # task after the gap could then be a remark (no reader could tell, nor could a person)
            item.remark = rnd.choice([r for r in REMARKS if r]) if "remark" in columns else ""
            items.append(item)
        sections.append((name, items))
    return GeneratedList(
        columns, headers, sections, continue_numbers, seed=rnd.randrange(10**6), page_as_of=page_as_of
    )


def _item(rnd: random.Random, draw, number: int, one_column: bool, deadlines: bool, money: bool) -> Item:
    title = rnd.choice(VERBS) + rnd.choice(TITLE_WORDS) + ("建设" if rnd.random() < 0.5 else "")
    subrows = []
    for _ in range(draw(st.integers(1, 2))):
        parts = []
        for _ in range(rnd.randint(1, 3)):
            value = numeral(rnd.randint(1, 60), rnd.choice(["arabic", "full", "chinese"]))
            clause = f"{rnd.choice(VERBS)}{rnd.choice(TITLE_WORDS)}{value}{rnd.choice(COUNTERS)}"
            parts.append(clause)
        task = "，".join(parts) + "。"
        if rnd.random() < 0.3:
            task = "\n".join(f"{k + 1}.{p}。" for k, p in enumerate(parts))
        units = rnd.sample(UNITS, rnd.choice([1, 1, 2, 3, 4]))
        subrows.append(SubRow(task, units, rnd.choice(list(DEADLINES)) if deadlines else None))
    if one_column:  # the one task column starts with the item's name
        title = subrows[0].task.split("，")[0].split("\n")[0].rstrip("。")
        if title[:2].rstrip(".").isdigit() or title[1:2] == ".":
            title = title.split(".", 1)[1]
    partners = rnd.sample(UNITS, rnd.choice([0, 1, 2]))
    amount = rnd.choice([None, rnd.randint(10, 90000)]) if money else None
    return Item(number, title, subrows, partners, amount)


# -- renderers: (GeneratedList, directory) -> path ---------------------------------------------------------

TITLE_LINE = "某县2026年重点民生实事工作目标任务"
RUNNING_HEADER = "某县人民政府行政规范性文件"


def _grid(g: GeneratedList) -> list[list[str] | str]:
    """Rows as a table shows them: section headings as strings, sub-rows with their merged cells empty."""
    out: list[list[str] | str] = []
    for name, items in g.sections:
        if name:
            out.append(name)
        for item in items:
            for sub in range(len(item.subrows)):
                out.append([g.cell(item, role, sub) for role in g.columns])
    return out


def render_cell_tabs(g: GeneratedList, d: Path, encoding: str = "utf-8") -> Path:
    """One cell per line behind a tab, blank lines between rows; unit lists on one line or one name a line."""
    rnd = random.Random(g.seed)
    lines = [g.title_line, ""] + ["\t" + h for h in g.header_row()] + [""]
    for name, items in g.sections:
        if name:
            lines += ["\t" + name, ""]
        for item in items:
            for sub in range(len(item.subrows)):
                for role in g.columns:
                    value = g.cell(item, role, sub)
                    if role in ("lead_units", "partner_units") and rnd.random() < 0.5:
                        value = value.replace("、", "\n")
                    first, *rest = value.split("\n")
                    lines += ["\t" + first, *rest]
                lines.append("")
    lines.append("（此件公开发布）")
    path = d / f"list-{encoding}.txt"
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def render_plain(g: GeneratedList, d: Path) -> Path:
    """A web page copied as text: every cell on its own lines, blank lines between cells, no tabs; unit lists
    one name per line; the merged cells of a sub-row simply absent."""
    rnd = random.Random(g.seed)
    lines = [g.title_line, ""]
    for h in g.header_row():
        lines += [h, ""]
    for name, items in g.sections:
        if name:
            lines += [name, ""]
        for item in items:
            for sub in range(len(item.subrows)):
                shown = [(r, g.cell(item, r, sub)) for r in g.columns if not (sub and g.merged(r))]
                shown = [(r, v) for r, v in shown if v]  # an empty cell leaves nothing in the copy
                for role, value in shown:
                    if role in ("lead_units", "partner_units"):
                        # one name a line; blank lines between them too when the list has one unit column (with
                        # two, a name set apart could belong to either: no reader could tell, nor could a person)
                        apart = rnd.random() < 0.5 and "partner_units" not in g.columns
                        lines += [("\n\n" if apart else "\n").join(value.split("、")), ""]
                    else:
                        lines += [value, ""]
    lines.append("（此件公开发布）")
    path = d / "list-plain.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def render_row_per_line(g: GeneratedList, d: Path) -> Path:
    """The PDF-export layout: page breaks at random rows (some mid-row) with a page number and the repeated
    header; section headings without tabs."""
    rnd = random.Random(g.seed)
    header = "\t".join(g.header_row())
    lines = [g.title_line, "", header]
    page = 1
    for row in _grid(g):
        if isinstance(row, str):
            lines.append(row)
            continue
        cells = [c.replace("\n", "") for c in row]
        if rnd.random() < 0.3:  # a page break
            page += 1
            task_col = next(i for i, r in enumerate(g.columns) if r in ("task", "title_and_task"))
            task = cells[task_col]
            if rnd.random() < 0.5 and len(task) > 4:  # mid-row: the task cell goes on on the next page
                cut = rnd.randint(2, len(task) - 2)
                first = list(cells)
                first[task_col] = task[:cut]
                rest = [""] * len(cells)
                rest[task_col] = task[cut:]
                lines += ["\t".join(first), "", f"— {page} —", "", header, "\t".join(rest)]
                continue
            furniture = [rnd.choice([f"— {page} —", f"第 {page} 页"])]
            if rnd.random() < 0.5:  # a running header at the top of the page
                furniture.append(RUNNING_HEADER)
            lines += ["", *furniture, "", header]
        lines.append("\t".join(cells))
    lines += ["", "（此件公开发布）"]
    path = d / "list-rows.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _spans(g: GeneratedList) -> list[tuple[str | None, list[tuple[list[str], list[int]]]]]:
    """Per table row: (section name, None) or (None, [(cell lines, rowspan)] with covered cells omitted)."""
    rows: list = []
    for name, items in g.sections:
        if name:
            rows.append((name, None))
        for item in items:
            n = len(item.subrows)
            for sub in range(n):
                cells = []
                for col, role in enumerate(g.columns):
                    if g.merged(role) and n > 1:
                        if sub == 0:
                            cells.append((col, g.cell(item, role, 0), n))
                        continue
                    cells.append((col, g.cell(item, role, sub), 1))
                rows.append((None, cells))
    return rows


def render_html(g: GeneratedList, d: Path, encoding: str = "utf-8") -> Path:
    charset = "gb2312" if encoding == "gb18030" else "utf-8"
    body = ["<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in g.header_row()) + "</tr>"]
    for name, cells in _spans(g):
        if name:
            body.append(f'<tr><td colspan="{len(g.columns)}">{html.escape(name)}</td></tr>')
            continue
        tds = []
        for _col, value, rowspan in cells:
            inner = "<br>".join(html.escape(v) for v in value.split("\n"))
            attr = f' rowspan="{rowspan}"' if rowspan > 1 else ""
            tds.append(f"<td{attr}><p>{inner}</p></td>")
        body.append("<tr>" + "".join(tds) + "</tr>")
    page = (
        f'<html><head><meta charset="{charset}"><title>{g.title_line}</title></head><body>'
        '<div class="nav"><a href="/">首页</a> <a href="/xxgk">信息公开</a></div>'
        f'<div class="content"><h1>{g.title_line}</h1><p>各乡镇人民政府：</p>'
        f'<table border="1">{"".join(body)}</table><p>（此件公开发布）</p></div>'
        '<div id="footer">版权所有 某县人民政府</div></body></html>'
    )
    path = d / f"list-{encoding}.html"
    path.write_bytes(page.encode(encoding))
    return path


def render_docx(g: GeneratedList, d: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph(g.title_line)
    table = document.add_table(rows=1, cols=len(g.columns))
    for cell, text in zip(table.rows[0].cells, g.header_row()):
        cell.text = text
    for name, items in g.sections:
        if name:
            cells = table.add_row().cells
            cells[0].merge(cells[-1]).text = name
        for item in items:
            rows = [table.add_row().cells for _ in item.subrows]
            for col, role in enumerate(g.columns):
                if g.merged(role) and len(rows) > 1:
                    rows[0][col].merge(rows[-1][col])
                    _docx_text(rows[0][col], g.cell(item, role, 0))
                    continue
                for sub, cells in enumerate(rows):
                    _docx_text(cells[col], g.cell(item, role, sub))
    document.add_paragraph("（此件公开发布）")
    path = d / "list.docx"
    document.save(str(path))
    return path


def _docx_text(cell, text: str) -> None:
    first, *rest = text.split("\n")
    cell.text = first
    for line in rest:
        cell.add_paragraph(line)


def render_pdf(g: GeneratedList, d: Path) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cjk", fontName="STSong-Light", fontSize=8, leading=10, wordWrap="CJK")
    width = len(g.columns)
    data = [[Paragraph(h, style) for h in g.header_row()]]
    commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    for name, items in g.sections:
        if name:
            commands.append(("SPAN", (0, len(data)), (-1, len(data))))
            data.append([Paragraph(name, style)] + [""] * (width - 1))
        for item in items:
            n = len(item.subrows)
            top = len(data)
            for sub in range(n):
                data.append([Paragraph(html.escape(g.cell(item, r, sub)).replace("\n", "<br/>"), style)
                             for r in g.columns])
            for col, role in enumerate(g.columns):
                if g.merged(role) and n > 1:
                    commands.append(("SPAN", (col, top), (col, top + n - 1)))
    col_width = 520 / width
    table = Table(data, colWidths=[col_width] * width, repeatRows=1)
    table.setStyle(TableStyle(commands))
    path = d / "list.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph(g.title_line, style), table])
    return path


def render_xlsx(g: GeneratedList, d: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    width = len(g.columns)
    sheet.cell(1, 1, g.title_line)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    for c, h in enumerate(g.header_row(), start=1):
        sheet.cell(2, c, h)
    r = 2
    for name, items in g.sections:
        if name:
            r += 1
            sheet.cell(r, 1, name)
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        for item in items:
            n = len(item.subrows)
            for col, role in enumerate(g.columns, start=1):
                for sub in range(n):
                    if g.merged(role) and sub:
                        continue
                    value = g.cell(item, role, sub)
                    if role == "investment" and item.money is not None:
                        value = item.money
                    elif role == "item_no":
                        value = item.number
                    sheet.cell(r + 1 + sub, col, value or None)
                if g.merged(role) and n > 1:
                    sheet.merge_cells(start_row=r + 1, start_column=col, end_row=r + n, end_column=col)
            r += n
    path = d / "list.xlsx"
    book.save(str(path))
    return path


def render_xls(g: GeneratedList, d: Path) -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("list")
    width = len(g.columns)
    sheet.write_merge(0, 0, 0, width - 1, g.title_line)
    for c, h in enumerate(g.header_row()):
        sheet.write(1, c, h)
    r = 1
    for name, items in g.sections:
        if name:
            r += 1
            sheet.write_merge(r, r, 0, width - 1, name)
        for item in items:
            n = len(item.subrows)
            for col, role in enumerate(g.columns):
                value: object = g.cell(item, role, 0)
                if role == "investment" and item.money is not None:
                    value = item.money
                elif role == "item_no":
                    value = item.number
                if g.merged(role) and n > 1:
                    sheet.write_merge(r + 1, r + n, col, col, value)
                    continue
                for sub in range(n):
                    sheet.write(r + 1 + sub, col, value if sub == 0 else g.cell(item, role, sub))
            r += n
    path = d / "list.xls"
    book.save(str(path))
    return path


RENDERERS: dict[str, Callable[[GeneratedList, Path], Path]] = {
    "cell-tabs": render_cell_tabs,
    "cell-tabs-gb18030": lambda g, d: render_cell_tabs(g, d, "gb18030"),
    "plain-copy": render_plain,
    "row-per-line": render_row_per_line,
    "html": render_html,
    "html-gbk": lambda g, d: render_html(g, d, "gb18030"),
    "docx": render_docx,
    "pdf": render_pdf,
    "xlsx": render_xlsx,
    "xls": render_xls,
}
