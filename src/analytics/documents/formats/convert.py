"""Structured documents (.docx, text-layer PDF, saved web pages, spreadsheets) in the one-cell-per-line layout.

Every conversion is deterministic, so the extracted text is the "document text" that spans index into, and
the raw file stays the one pinned by its hash. Tables stay tables: each cell starts with a tab, the lines of a
cell follow it, rows are separated by a blank line; a cell merged across a whole row becomes a section row.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ...errors import InputError
from ..sourcetext import _SPACE_INSIDE_CJK
from .grid import Grid, GridCell, rows_to_text
from .html_page import html_to_text
from .spreadsheet import spreadsheet_to_text

CONVERTED = {
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "web page",
    ".htm": "web page",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xls",
}


# -- .docx ------------------------------------------------------------------------------------------------


def _docx_blocks(path: Path) -> Iterator[tuple[str, object]]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield "paragraph", Paragraph(child, document)
        elif tag == "tbl":
            yield "table", Table(child, document)


def _docx_grid(table) -> Grid:
    """The table's cells with their spans: python-docx repeats a merged cell at every position it covers."""
    grid = Grid()
    rows, texts = [], {}
    for row in table.rows:  # python-docx builds row.cells anew on each call: once per row here
        cells = row.cells
        rows.append([cell._tc for cell in cells])  # references keep lxml's proxies alive
        for cell in cells:
            texts.setdefault(cell._tc, [p.text for p in cell.paragraphs])
    placed: set = set()
    for r, row in enumerate(rows):
        for c, tc in enumerate(row):
            if tc in placed:
                continue  # a position covered from the left or from a row above
            placed.add(tc)
            height = 1
            while r + height < len(rows) and tc in rows[r + height]:
                height += 1
            grid.place(GridCell(texts[tc], r, c, height, row.count(tc)))
    return grid


def docx_to_text(path: Path) -> str:
    try:
        blocks = list(_docx_blocks(path))
    except Exception as exc:  # noqa: BLE001 - any reader failure is a bad file, said plainly
        raise InputError(path, None, f"cannot read as .docx: {exc}") from None
    out: list[str] = []
    for kind, block in blocks:
        if kind == "paragraph":
            text = block.text.strip()
            if text:
                out.extend([text, ""])
            continue
        out.extend(["", *rows_to_text(_docx_grid(block).rows())])
    return "\n".join(out).rstrip("\n") + "\n"


# -- PDF --------------------------------------------------------------------------------------------------


def _pdf_cell(value: str | None) -> str:
    """PDF cells wrap lines for layout, not meaning: joined, with word-breaking spaces removed."""
    text = "".join((value or "").split("\n"))
    return _SPACE_INSIDE_CJK.sub("", text).strip()


def pdf_to_text(path: Path) -> str:
    import pdfplumber

    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:  # noqa: BLE001
        raise InputError(path, None, f"cannot read as PDF: {exc}") from None
    before: list[str] = []  # text outside tables, before the first table (title, document number)
    after: list[str] = []  # outside text once a table has started (page numbers, signatures)
    header: list[str] | None = None
    rows: list[list[str]] = []
    with pdf:
        for page in pdf.pages:
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]

            def outside(obj, boxes=boxes) -> bool:
                x, top = obj.get("x0", 0), obj.get("top", 0)
                return not any(b[0] <= x <= b[2] and b[1] <= top <= b[3] for b in boxes)

            text = page.filter(outside).extract_text() or ""
            lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
            (after if rows else before).extend(lines)
            first_on_page = True
            for table in tables:
                for raw in table.extract():
                    # None: a position covered by a merged cell. In the header row and across a whole row (a
                    # section heading) it is dropped; below the header it is an empty cell (a sub-row under a
                    # merged 序号), so the row keeps its width.
                    present = [c for c in raw if c is not None]
                    cells = [_pdf_cell(c) for c in (present if header is None or len(present) == 1 else raw)]
                    if header is None:
                        header = cells
                        rows.append(cells)
                        continue
                    if cells == header:
                        continue  # header repeated on a new page
                    split = first_on_page and cells and not cells[0] and len(rows) > 1
                    first_on_page = False
                    if split and len(cells) == len(rows[-1]):
                        rows[-1] = [a + b for a, b in zip(rows[-1], cells)]  # a row split by the page break
                        continue
                    rows.append(cells)
    out = [part for line in before for part in (line, "")]
    out += rows_to_text([[[c] for c in r] for r in rows])
    out += [part for line in after for part in (line, "")]
    if not any(line.strip() for line in out):
        raise InputError(path, None, "the PDF has no text layer (a scanned image?): nothing to read")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).rstrip("\n") + "\n"


def convert(path: Path, html_skip: tuple[list[str], str]) -> tuple[str, str]:
    """(text, how it was obtained) for a file of a format in CONVERTED."""
    kind = CONVERTED[path.suffix.lower()]
    if kind == "docx":
        text = docx_to_text(path)
    elif kind == "pdf":
        text = pdf_to_text(path)
    elif kind == "web page":
        text = html_to_text(path, *html_skip)
    else:
        text = spreadsheet_to_text(path)
    return text, f"{kind} (text extracted)"
