"""The shapes every layout reader returns: a table of rows of cells, each cell a `SourceText` that keeps its
document offsets, and the walk over a table's item rows (sections, sub-rows) that the item extractors share."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import InputError
from ..sourcetext import SourceText, compact


@dataclass(slots=True)
class Cell:
    text: SourceText
    line: int

    @property
    def value(self) -> str:
        return self.text.text.strip()


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    line: int
    end_line: int
    problem: str | None = None
    sub_rows: list[Row] | None = None  # an item's rows, when its number was merged over several (item_rows)

    def texts(self) -> list[str]:
        return [c.value for c in self.cells]

    @property
    def span(self) -> tuple[int, int] | None:
        spans = [c.text.span() for c in self.cells if c.text]
        spans = [s for s in spans if s]
        if not spans:
            return None
        return min(s[0] for s in spans), max(s[1] for s in spans)

    @property
    def is_empty(self) -> bool:
        return not any(self.texts())

    @property
    def section_heading(self) -> str | None:
        """A row with one non-empty cell, the first, that is not an item number, is a section heading."""
        values = self.texts()
        nonempty = [v for v in values if v]
        if len(nonempty) == 1 and values[0] and not compact(values[0]).isdigit():
            return compact(values[0])
        return None


@dataclass
class Table:
    header: list[str]
    line: int
    layout: str
    rows: list[Row] = field(default_factory=list)
    parent_header: list[str | None] = field(default_factory=list)
    # the column roles read off its header and cells (columns.column_roles), once: every extractor asks
    roles_read: tuple[object, object] | None = field(default=None, repr=False, compare=False)


def item_rows(table: Table, path: Path, number_col: int | None = None) -> Iterator[tuple[str | None, Row]]:
    """The table's item rows, each with the section heading it falls under.

    With `number_col`, a row whose item-number cell is empty continues the item above (a sub-row: the number
    cell was merged over it); its cells are added to the item's, line by line, and the rows are kept in order in
    `sub_rows` (each sub-row's own deadline, say). A row with a structural problem
    (a missing cell) stops the build with its file and line: an extractor cannot know which value went missing.
    """
    section: str | None = None
    pending: Row | None = None
    for row in table.rows:
        if row.problem:
            raise InputError(path, row.line, row.problem)
        if row.section_heading:
            if pending is not None:
                yield section, pending
                pending = None
            section = row.section_heading
            continue
        if number_col is not None and pending is not None and not row.cells[number_col].value:
            pending = _with_sub_row(pending, row)
            continue
        if pending is not None:
            yield section, pending
        pending = row
    if pending is not None:
        yield section, pending


def _with_sub_row(item: Row, sub: Row) -> Row:
    cells = []
    for a, b in zip(item.cells, sub.cells):
        parts = [c.text for c in (a, b) if c.value]
        cells.append(Cell(SourceText.join(parts, sep="\n") if len(parts) == 2 else (parts or [a.text])[0], a.line))
    return Row(cells, item.line, sub.end_line, sub_rows=[*(item.sub_rows or [item]), sub])
