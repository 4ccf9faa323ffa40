"""Tables with merged cells (HTML, spreadsheets, .docx), written in the one-cell-per-line text layout.

Every converter of a structured format fills a `Grid` and lets this module write it, so that all of them agree
on what a merge means:
- a cell merged across columns is written once (a row then has fewer cells than the header: a section heading
  when it spans the whole row, the group cell of a two-level header otherwise);
- a cell merged across rows is written in its first row; the rows it covers get an empty cell there, so an item
  whose number (序号) spans several sub-rows reads as one item followed by rows without a number;
- rows above the first row of two or more filled cells (a sheet's title row, a caption) are written as plain
  text lines, not as the header of the table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class GridCell:
    lines: list[str]
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Grid:
    """Cells placed on a grid; `add` skips positions already covered by an earlier cell's span (HTML's rule)."""

    cells: dict[tuple[int, int], GridCell] = field(default_factory=dict)
    covered: dict[tuple[int, int], GridCell] = field(default_factory=dict)

    def add_row(self, row: int, cells: Iterable[tuple[list[str], int, int]]) -> None:
        """Place a row's cells (lines, rowspan, colspan) left to right in the first free columns."""
        col = 0
        for lines, rowspan, colspan in cells:
            while (row, col) in self.covered:
                col += 1
            self.place(GridCell(lines, row, col, max(rowspan, 1), max(colspan, 1)))
            col += max(colspan, 1)

    def place(self, cell: GridCell) -> None:
        self.cells[(cell.row, cell.col)] = cell
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                self.covered[(r, c)] = cell

    @property
    def n_rows(self) -> int:
        return max((r + 1 for r, _ in self.covered), default=0)

    @property
    def n_cols(self) -> int:
        return max((c + 1 for _, c in self.covered), default=0)

    def _used_columns(self) -> list[int]:
        """Columns a cell with text starts in or spans (a sheet's formatted but empty columns are dropped)."""
        used: set[int] = set()
        for cell in self.cells.values():
            if _has_text(cell.lines):
                used.update(range(cell.col, cell.col + cell.colspan))
        return sorted(used)

    def rows(self) -> list[list[list[str]]]:
        """Each row as its cells' lines, merges resolved as the module docstring says; empty rows dropped."""
        columns = self._used_columns()
        out: list[list[list[str]]] = []
        for r in range(self.n_rows):
            row: list[list[str]] = []
            for c in columns:
                cell = self.covered.get((r, c))
                if cell is None or cell.row != r:
                    row.append([])  # empty, or covered from above: an empty cell in this row keeps the width
                elif cell.col == c:
                    row.append(cell.lines)  # a cell merged across columns is written once
            if any(_has_text(lines) for lines in row):
                out.append(row)
        return out


def _has_text(lines: list[str]) -> bool:
    return any(line.strip() for line in lines)


def _cell_lines(lines: Iterable[str]) -> list[str]:
    """A cell's lines: the first behind a tab, the rest as continuation lines; blank lines dropped."""
    kept = [ln.replace("\t", " ").strip() for ln in lines]
    kept = [ln for ln in kept if ln]
    if not kept:
        return ["\t"]
    return ["\t" + kept[0], *kept[1:]]


def rows_to_text(rows: Iterable[list[list[str]]]) -> list[str]:
    """The one-cell-per-line layout: every cell behind a tab, continuation lines after it, a blank line per row.

    Rows before the first row with two or more filled cells are a caption, written as plain lines."""
    out: list[str] = []
    started = False
    for row in rows:
        filled = [cell for cell in row if _has_text(cell)]
        if not started and len(filled) < 2:
            out.extend(line.strip() for cell in filled for line in cell if line.strip())
            out.append("")
            continue
        started = True
        for cell in row:
            out.extend(_cell_lines(cell))
        out.append("")
    return out
