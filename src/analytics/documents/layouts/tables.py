"""Finding the tables in a document exported to plain text, in either of the two layouts seen in practice.

- One cell per line: every cell starts with a tab; a cell continues on lines without a tab (numbered
  sub-tasks, unit lists); blank lines separate rows. Used by web-page and .docx exports.
- One row per line: cells separated by tabs (PDF exports). A page break repeats the header row and may
  split a row: the part on the next page is a continuation row with an empty first cell.

Readers keep every cell's document offsets (see `SourceText`) and report structural problems on the rows
instead of raising: only the extractor that uses a table knows whether a problem matters.
"""

from __future__ import annotations

from ..formats.document import Document
from ..sourcetext import SourceText, compact
from ..vocabulary import Vocabulary
from .cells import Cell, Row, Table
from .plain_cells import read_plain_table

_LINE_BLANK, _LINE_CELL, _LINE_TSV, _LINE_TEXT = "blank", "cell", "tsv", "text"


def _kind(line: str) -> str:
    tabs = line.count("\t")
    if line.startswith("\t") and tabs == 1:
        return _LINE_CELL  # possibly an empty cell
    if not line.strip():
        return _LINE_BLANK
    if tabs == 0:
        return _LINE_TEXT
    return _LINE_TSV


def _cell_from_line(doc: Document, start: int, line: str, line_no: int, skip: int = 1) -> Cell:
    return Cell(SourceText.from_document(doc.text, start + skip, start + len(line)), line_no)


def _append_continuation(cell: Cell, doc: Document, start: int, line: str) -> Cell:
    extra = SourceText.from_document(doc.text, start, start + len(line))
    return Cell(SourceText.join([cell.text, extra], sep="\n"), cell.line)


def _merge_two_level_header(top: list[str], sub: list[str]) -> tuple[list[str], list[str | None]] | None:
    """Merge a header whose group cell (阶段性目标) spans sub-columns (6月底前, 9月底前 …) in a second row."""
    if len(sub) <= len(top):
        return None
    named = [i for i, s in enumerate(sub) if s]
    if not named or named != list(range(named[0], named[-1] + 1)):
        return None
    lead, trail = named[0], len(sub) - named[-1] - 1
    if lead + trail != len(top) - 1:
        return None
    group = top[lead]
    header = top[:lead] + [sub[i] for i in named] + top[lead + 1 :]
    parents: list[str | None] = [None] * lead + [group] * len(named) + [None] * trail
    return header, parents


class _Lines:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.items = doc.lines()
        self.kinds = [_kind(text) for _, _, text in self.items]  # interned strings: a pointer a line

    def next_nonblank(self, i: int) -> int:
        while i < len(self.items) and self.kinds[i] == _LINE_BLANK:
            i += 1
        return i


def _read_cell_block(lines: _Lines, i: int) -> tuple[list[Cell], int]:
    """Cells of one block starting at line index i (a cell line); returns (cells, next index)."""
    doc = lines.doc
    cells: list[Cell] = []
    no, start, text = lines.items[i]
    cells.append(_cell_from_line(doc, start, text, no))
    i += 1
    while i < len(lines.items) and lines.kinds[i] == _LINE_CELL:
        no, start, text = lines.items[i]
        cells.append(_cell_from_line(doc, start, text, no))
        i += 1
    return cells, i


def _is_header_like(texts: list[str], vocab: Vocabulary) -> bool:
    return sum(1 for t in texts if vocab.role_of(t)) >= 2


def _read_cell_table(lines: _Lines, i: int, vocab: Vocabulary) -> tuple[Table, int]:
    doc = lines.doc
    header_cells, i = _read_cell_block(lines, i)
    table = Table([compact(c.value) for c in header_cells], header_cells[0].line, "cell_per_line")
    table.parent_header = [None] * len(table.header)
    rows: list[Row] = []
    current: list[Cell] = []
    attached = -1  # index of the last line that belongs to the current row's cells

    def close() -> None:
        if current:
            rows.append(Row(list(current), current[0].line, current[-1].line))
            current.clear()

    while i < len(lines.items):
        kind = lines.kinds[i]
        if kind == _LINE_TSV:
            break
        if kind == _LINE_BLANK:
            j = lines.next_nonblank(i)
            if j < len(lines.items) and lines.kinds[j] == _LINE_CELL:
                close()  # a blank line followed by a cell starts a new row
            i = j
            continue
        if kind == _LINE_CELL:
            block, j = _read_cell_block(lines, i)
            if not current and block[0].value and _is_header_like([c.value for c in block], vocab):
                break  # another table's header right after this one's
            current.extend(block)
            attached = j - 1
            i = j
            continue
        # A text line right under a cell line (no blank between) continues that cell, unless it ends the table.
        if current and attached == i - 1 and not vocab.is_terminator(lines.items[i][2]):
            no, start, text = lines.items[i]
            current[-1] = _append_continuation(current[-1], doc, start, text)
            attached = i
            i += 1
            continue
        # A text line after a blank line: a cell's continuation, or prose after the table.
        run_end = i
        prose = False
        while run_end < len(lines.items) and lines.kinds[run_end] in (_LINE_TEXT, _LINE_BLANK):
            if lines.kinds[run_end] == _LINE_TEXT and vocab.is_terminator(lines.items[run_end][2]):
                prose = True
            run_end += 1
        if run_end >= len(lines.items) or lines.kinds[run_end] == _LINE_TSV:
            prose = True
        elif not prose:
            block, _ = _read_cell_block(lines, run_end)
            prose = _is_header_like([c.value for c in block], vocab)
        if prose or not current:
            break
        for k in range(i, run_end):
            if lines.kinds[k] == _LINE_TEXT:
                no, start, text = lines.items[k]
                current[-1] = _append_continuation(current[-1], doc, start, text)
        if lines.kinds[run_end - 1] == _LINE_BLANK:
            close()  # the run ended with a blank line: the next cell starts a new row
        i = run_end
    close()

    # A second header row: more cells than the header, its first cell empty (阶段性目标 → 6月底前 …).
    while rows and rows[0].is_empty:
        rows.pop(0)
    if rows and not rows[0].cells[0].value:
        merged = _merge_two_level_header(table.header, [compact(c.value) for c in rows[0].cells])
        if merged:
            table.header, table.parent_header = merged
            rows.pop(0)
    table.rows = [r for r in rows if not r.is_empty]
    return table, i


def _split_tsv(doc: Document, start: int, text: str, no: int) -> list[Cell]:
    cells = []
    pos = 0
    for part in text.split("\t"):
        cells.append(Cell(SourceText.from_document(doc.text, start + pos, start + pos + len(part)), no))
        pos += len(part) + 1
    return cells


def _tsv_continues(lines: _Lines, i: int, width: int, lines_between: int = 3) -> bool:
    """Whether a row of `width` cells follows line i, after blank lines and at most a few lines without tabs (a
    page number, then a section heading): the table goes on after it."""
    j, text_lines = i + 1, 0
    while j < len(lines.items) and lines.kinds[j] in (_LINE_BLANK, _LINE_TEXT) and text_lines < lines_between:
        text_lines += lines.kinds[j] == _LINE_TEXT
        j += 1
    return j < len(lines.items) and lines.kinds[j] == _LINE_TSV and lines.items[j][2].count("\t") + 1 == width


def _join_continued(before: SourceText, after: SourceText, vocab: Vocabulary) -> SourceText:
    """A cell continued on the next line of a row-per-line table: a page break splits text anywhere, so the
    parts join without a gap, unless the first part ends where a cell's line may (a clause, an organisation
    name), or both parts are deadlines (6月底前开工 / 12月底前建成): then it was a sub-row, and the parts stay
    apart."""
    if not before.text.strip() or not after.text.strip():
        return SourceText.join([before, after])
    last = compact(before.text.rsplit("\n", 1)[-1])
    ends_line = (
        vocab.cell_line_end.search(before.text.rstrip())
        or vocab.unit_boundary_end.search(before.text.rstrip())
        or (vocab.deadline_line.fullmatch(last) and vocab.deadline_line.fullmatch(compact(after.text)))
    )
    return SourceText.join([before, after], sep="\n" if ends_line else "")


def _read_tsv_table(lines: _Lines, i: int, vocab: Vocabulary) -> tuple[Table, int]:
    doc = lines.doc
    no, start, text = lines.items[i]
    header_cells = _split_tsv(doc, start, text, no)
    header = [compact(c.value) for c in header_cells]
    table = Table(header, no, "row_per_line", parent_header=[None] * len(header))
    i += 1
    while i < len(lines.items):
        kind = lines.kinds[i]
        if kind == _LINE_BLANK:
            i += 1
            continue
        if kind != _LINE_TSV:
            # a line without tabs between rows of the table (a section heading, a page number, a running header)
            # does not end it
            if kind != _LINE_TEXT or not _tsv_continues(lines, i, len(header)):
                break
            if not vocab.is_section_heading(lines.items[i][2]):
                i += 1  # a page number, a running header, a note: not part of the table
                continue
        no, start, text = lines.items[i]
        cells = _split_tsv(doc, start, text, no)
        i += 1
        if [compact(c.value) for c in cells] == header:
            continue  # header repeated after a page break
        row = Row(cells, no, no)
        if len(cells) != len(header) and row.section_heading is None:  # a heading needs no empty cells after it
            row.problem = f"row has {len(cells)} cells but the header (line {table.line}) has {len(header)}"
        if not cells[0].value and table.rows and row.problem is None and table.rows[-1].problem is None:
            prev = table.rows[-1]  # continuation of a row split by a page break, or a sub-row
            prev.cells = [Cell(_join_continued(a.text, b.text, vocab), a.line) for a, b in zip(prev.cells, cells)]
            prev.end_line = no
            continue
        table.rows.append(row)
    for row in table.rows:  # PDF exports break words with spaces at line wraps
        row.cells = [Cell(c.text.repair_pdf_spaces(), c.line) for c in row.cells]
    return table, i


def read_tables(doc: Document, vocab: Vocabulary) -> list[Table]:
    """All tables of a document, in order."""
    lines = _Lines(doc)
    tables: list[Table] = []
    i = 0
    while i < len(lines.items):
        kind = lines.kinds[i]
        if kind == _LINE_CELL:
            table, i = _read_cell_table(lines, i, vocab)
        elif kind == _LINE_TSV:
            table, i = _read_tsv_table(lines, i, vocab)
        elif kind == _LINE_TEXT and (plain := read_plain_table(doc, lines.items, i, vocab)) is not None:
            table, i = plain
        else:
            i += 1
            continue
        for row in table.rows:
            if row.problem is None and len(row.cells) != len(table.header):
                if row.section_heading is None:
                    row.problem = (
                        f"row has {len(row.cells)} cells but the header (line {table.line}) has {len(table.header)}"
                    )
        tables.append(table)
    return tables
