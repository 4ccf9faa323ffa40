"""Spreadsheets (.xlsx with openpyxl, .xls with xlrd): every sheet's cells, merges included, in the cell layout.

A sheet is written as one table (see grid.py: a title row above the header becomes a text line). Numbers are
written as a person reads them in the sheet: 20, not 20.0; a cell's line breaks are kept.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ...errors import InputError
from .grid import Grid, GridCell, rows_to_text


def _shown(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, bool):
        return [str(value)]
    if isinstance(value, float):
        return [str(int(value)) if value.is_integer() else repr(value)]
    if isinstance(value, dt.datetime):
        return [value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")]
    return str(value).replace("\r\n", "\n").split("\n")


def _xlsx_grids(path: Path) -> list[tuple[str, Grid]]:
    import openpyxl

    book = openpyxl.load_workbook(str(path), data_only=True)
    grids = []
    for sheet in book.worksheets:
        grid = Grid()
        merged = {(m.min_row, m.min_col): m for m in sheet.merged_cells.ranges}
        inside = {(r, c) for m in merged.values() for r, c in _cells_of(m.min_row, m.max_row, m.min_col, m.max_col)}
        for row in sheet.iter_rows():
            for cell in row:
                key = (cell.row, cell.column)
                if key in inside and key not in merged:
                    continue
                span = merged.get(key)
                rowspan = span.max_row - span.min_row + 1 if span else 1
                colspan = span.max_col - span.min_col + 1 if span else 1
                grid.place(GridCell(_shown(cell.value), cell.row - 1, cell.column - 1, rowspan, colspan))
        grids.append((sheet.title, grid))
    return grids


def _cells_of(r0: int, r1: int, c0: int, c1: int) -> list[tuple[int, int]]:
    return [(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]


def _xls_grids(path: Path) -> list[tuple[str, Grid]]:
    import xlrd

    book = xlrd.open_workbook(str(path), formatting_info=True)
    grids = []
    for sheet in book.sheets():
        grid = Grid()
        merged = {(r0, c0): (r1 - r0, c1 - c0) for r0, r1, c0, c1 in sheet.merged_cells}
        inside = {(r, c) for r0, r1, c0, c1 in sheet.merged_cells for r in range(r0, r1) for c in range(c0, c1)}
        for r in range(sheet.nrows):
            for c in range(sheet.ncols):
                if (r, c) in inside and (r, c) not in merged:
                    continue
                cell = sheet.cell(r, c)
                value: object = cell.value
                if cell.ctype == xlrd.XL_CELL_DATE:
                    value = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    value = None
                rowspan, colspan = merged.get((r, c), (1, 1))
                grid.place(GridCell(_shown(value), r, c, rowspan, colspan))
        grids.append((sheet.name, grid))
    return grids


def spreadsheet_to_text(path: Path) -> str:
    reader = _xls_grids if path.suffix.lower() == ".xls" else _xlsx_grids
    try:
        grids = reader(path)
    except Exception as exc:  # noqa: BLE001 - any reader failure is a bad file, said plainly
        raise InputError(path, None, f"cannot read as a {path.suffix.lower()} spreadsheet: {exc}") from None
    out: list[str] = []
    for _name, grid in grids:
        rows = grid.rows()
        if rows:
            out.extend(["", *rows_to_text(rows)])
    if not any(line.strip() for line in out):
        raise InputError(path, None, "the spreadsheet has no filled cells")
    return "\n".join(out).strip("\n") + "\n"
