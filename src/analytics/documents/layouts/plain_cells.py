"""Tables copied from a web page as plain text: one cell per line, no tab markers, cells apart by blank lines.

Nothing in such text marks where a cell or a row ends, so the reader decides from what the columns hold:
- the header is a run of lines that each name a column role (序号, 民生实事, 责任单位, 完成时限 …), the item-number
  column first, or the short lines from 序号 up to the first item number when some of their words are unknown
  (a column under an unknown word holds prose here; columns.py decides its role from what it holds);
- a row starts at a line holding the next item number (or 1 after a section heading);
- within a row, the blocks of text (lines between blank lines) are assigned to the columns by the cheapest
  alignment: a block that reads as a deadline goes to a deadline column, a list of organisation names to a unit
  column, a bare amount to a money column, a progress report (已完成80%) to a progress column, prose to a text
  column; several unit or deadline blocks may fill one
  column (a unit list over three lines); a block that comes back to an earlier column starts a sub-row (the item
  number was merged over several rows).
What each kind of block looks like is vocabulary (`plain_cell_kinds`, unit-name endings), not code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..formats.document import Document
from ..numerals import whole_number
from ..sourcetext import SourceText, compact
from ..vocabulary import Vocabulary
from .cells import Cell, Row, Table
from .columns import EXPECTED_KIND, LIST_ROLES, REMARK, TEXT, CellKinds

_COLUMN_KIND = EXPECTED_KIND  # a column's kind of block by its role; a column of no known role holds prose
# Costs of the alignment. A typed block in the wrong typed column is the worst; an empty cell is cheap in a
# sub-row (its merged cells are absent) and dear in an item's first row; prose split over two blocks is rarer
# than a unit list split over several.
_MISMATCH = 8.0  # a deadline, amount or unit list in a column of another type, or prose in a typed column
_TYPED_INTO_TEXT = 2.0  # a block that reads as typed, in a prose column
# An empty cell: in an item's first row, in a column lists fill / one they often leave empty
# (`plain_cell_kinds.often_empty`); in a sub-row (where merged cells are absent), likewise.
_SKIP_FIRST, _SKIP_OPTIONAL, _SKIP_SUB, _SKIP_SUB_OPTIONAL = 4.0, 1.0, 0.5, 0.25
_NEW_SUB = 3.0  # starting a sub-row
_JOIN_TEXT, _JOIN_TYPED = 3.0, 0.2  # a second block in the same prose / typed column
_SUB_AT_TITLE = 1.0  # a sub-row that fills the title column (titles are usually merged over sub-rows)


@dataclass
class _Block:
    lines: list[tuple[int, int, str]]  # (line number, start offset, text)

    @property
    def text(self) -> str:
        return "\n".join(t for _, _, t in self.lines)

    @property
    def first_line(self) -> int:
        return self.lines[0][0]


def _number_value(text: str) -> int | None:
    """An item number as a plain copy prints it (3, ３., （三）, 十、): digits or Chinese numerals only."""
    text = unicodedata.normalize("NFKC", compact(text)).rstrip("、.．")
    text = text.strip("()（）")
    if text and (text.isdigit() or all(ch in "一二三四五六七八九十百" for ch in text)):
        return whole_number(text)
    return None


class _Kinds(CellKinds):
    """What a block reads as, by the vocabulary (the kinds of columns.py)."""

    def of(self, block: _Block) -> str:
        return self.of_lines([t for _, _, t in block.lines])

    def is_heading(self, block: _Block) -> bool:
        return len(block.lines) == 1 and self.vocab.is_section_heading(block.lines[0][2], numbered_only=True)


def _header_at(items: list[tuple[int, int, str]], i: int, vocab: Vocabulary) -> tuple[list[int], bool] | None:
    """Line indexes of a plain header starting at i (序号 first, ≥3 roles, one naming the item), and whether its
    cells are apart by blank lines (then so are the table's)."""
    if vocab.role_of(items[i][2]) != "item_no":
        return None
    found, j, blank_between = [i], i + 1, False
    while j < len(items):
        text = items[j][2]
        if not text.strip():
            blank_between = True
            j += 1
            continue
        if "\t" in text or vocab.role_of(text) is None:
            break
        found.append(j)
        j += 1
    roles = {vocab.role_of(items[k][2]) for k in found}
    if len(found) < 3 or not ({"title", "task", "title_and_task"} & roles):
        return _header_up_to_first_item(items, i, vocab)
    return _header_up_to_first_item(items, i, vocab) or (found, blank_between)


_HEADER_WORD = re.compile(r"[^，。；：,;:！？!?\t]{1,16}")
_MAX_HEADER_LINES = 16


def _header_up_to_first_item(
    items: list[tuple[int, int, str]], i: int, vocab: Vocabulary
) -> tuple[list[int], bool] | None:
    """A header whose words the vocabulary need not all know: the short lines from 序号 up to the first item
    number (1) or section heading, at least three, one more of them naming a column of a list (牵头单位, 当前进度,
    备注 …): the other columns' roles are decided by what their cells hold (columns.py)."""
    found, j, blank_between = [i], i + 1, False
    while j < len(items) and len(found) <= _MAX_HEADER_LINES:
        text = items[j][2]
        if not text.strip():
            blank_between = True
            j += 1
            continue
        if _number_value(text) == 1 or vocab.is_section_heading(text, numbered_only=True):
            roles = {vocab.role_of(items[k][2]) for k in found}
            return (found, blank_between) if len(found) >= 3 and roles & LIST_ROLES else None
        if not _HEADER_WORD.fullmatch(compact(text)):
            return None
        found.append(j)
        j += 1
    return None


def _blocks(
    items: list[tuple[int, int, str]], start: int, blank_between: bool, vocab: Vocabulary
) -> tuple[list[_Block], int]:
    """Blocks after the header up to the end of the table (a terminator line, a tab line, the end)."""
    blocks: list[_Block] = []
    current: list[tuple[int, int, str]] = []
    i = start
    while i < len(items):
        no, offset, text = items[i]
        if "\t" in text or vocab.is_terminator(text):
            break
        if not text.strip():
            if current:
                blocks.append(_Block(current))
                current = []
        elif vocab.page_marker.match(text):
            pass
        elif blank_between:
            current.append((no, offset, text))
        else:
            blocks.append(_Block([(no, offset, text)]))
        i += 1
    if current:
        blocks.append(_Block(current))
    return blocks, i


def _align(
    kinds: list[str], columns: list[str], titles: set[int] = frozenset(), optional: set[int] = frozenset()
) -> list[tuple[int, int]]:
    """(sub-row, column) for each block: the cheapest assignment (Viterbi over (column, in a sub-row) states)."""
    n = len(columns)

    def place(kind: str, col: int) -> float:
        want = columns[col]
        if want == kind:
            return 0.0
        if want == TEXT or (want == REMARK and kind == TEXT):
            return _TYPED_INTO_TEXT  # a typed block in a prose column, or prose in a remark column
        return _MISMATCH

    def skips(a: int, b: int, sub: bool) -> float:
        if sub:
            return sum(_SKIP_SUB_OPTIONAL if k in optional else _SKIP_SUB for k in range(a, b))
        return sum(_SKIP_OPTIONAL if k in optional else _SKIP_FIRST for k in range(a, b))

    inf = float("inf")
    cost = {(c, s): inf for c in range(n) for s in (0, 1)}
    # per block: state -> (previous state, whether this block starts a sub-row)
    back: list[dict[tuple[int, int], tuple[tuple[int, int], bool]]] = [{}]
    for c in range(n):
        cost[(c, 0)] = skips(0, c, False) + place(kinds[0], c)
    for kind in kinds[1:]:
        new = {key: inf for key in cost}
        pointers: dict[tuple[int, int], tuple[tuple[int, int], bool]] = {}
        for (c, s), before in cost.items():
            if before == inf:
                continue
            for c2 in range(n):
                options: list[tuple[tuple[int, int], float, bool]] = []
                if c2 == c:
                    join = _JOIN_TYPED if columns[c] != TEXT and kind == columns[c] else _JOIN_TEXT
                    options.append(((c2, s), join, False))
                elif c2 > c:
                    options.append(((c2, s), skips(c + 1, c2, bool(s)), False))
                # a new sub-row at column c2: the rest of this row's columns and c2's left ones empty
                at_title = _SUB_AT_TITLE if c2 in titles else 0.0
                start = _NEW_SUB + skips(c + 1, n, bool(s)) + skips(0, c2, True) + at_title
                options.append(((c2, 1), start, True))
                for key, step, starts in options:
                    total = before + step + place(kind, c2)
                    if total < new[key]:
                        new[key], pointers[key] = total, ((c, s), starts)
        cost = new
        back.append(pointers)
    ends = {key: value + skips(key[0] + 1, n, bool(key[1])) for key, value in cost.items()}
    state = min(ends, key=lambda key: ends[key])
    states, starts_sub = [state], []
    for pointers in reversed(back[1:]):
        state, starts = pointers[state]
        states.append(state)
        starts_sub.append(starts)
    states.reverse()
    starts_sub = [False, *reversed(starts_sub)]
    out, sub = [], 0
    for (c, _s), starts in zip(states, starts_sub):
        sub += starts
        out.append((sub, c))
    return out


def _cell(doc: Document, blocks: list[_Block], line: int) -> Cell:
    parts = [SourceText.from_document(doc.text, off, off + len(t)) for b in blocks for _, off, t in b.lines]
    return Cell(SourceText.join(parts, sep="\n") if parts else SourceText.empty(), line)


def _heading_before(items: list[tuple[int, int, str]], i: int, kinds: _Kinds) -> _Block | None:
    """A section heading printed just above the header (一、承接市级重点民生实事) heads the table's first rows."""
    j = i - 1
    while j >= 0 and not items[j][2].strip():
        j -= 1
    if j >= 0 and kinds.is_heading(_Block([items[j]])):
        return _Block([items[j]])
    return None


def read_plain_table(
    doc: Document, items: list[tuple[int, int, str]], i: int, vocab: Vocabulary
) -> tuple[Table, int] | None:
    """The table whose plain header starts at line index i, or None when no header starts there."""
    found = _header_at(items, i, vocab)
    if found is None:
        return None
    header_lines, blank_between = found
    header = [compact(items[k][2]) for k in header_lines]
    roles = [vocab.role_of(h) or "" for h in header]
    columns = [_COLUMN_KIND.get(r, TEXT) for r in roles[1:]]
    table = Table(header, items[header_lines[0]][0], "plain_cell_per_line", parent_header=[None] * len(header))
    blocks, end = _blocks(items, header_lines[-1] + 1, blank_between, vocab)
    kinds = _Kinds(vocab)
    # A column under an unknown word is likely the title (merged over sub-rows, as titles are) when it stands just
    # before the task column, or when no column is named as the item's and it is the first of two or more.
    unknown = [k for k, role in enumerate(roles[1:]) if not role]
    task_col = roles.index("task") - 1 if "task" in roles else None
    if task_col is not None and task_col - 1 in unknown:
        unknown_title = {task_col - 1}
    elif len(unknown) >= 2 and not {"title", "task", "title_and_task"} & set(roles):
        unknown_title = {unknown[0]}
    else:
        unknown_title = set()

    rows: list[tuple[_Block, list[_Block] | None]] = []  # (number block, content blocks) or (heading, None)
    before = _heading_before(items, header_lines[0], kinds)
    if before is not None:
        rows.append((before, None))
    expected = {1}
    for block in blocks:
        value = _number_value(block.text) if len(block.lines) == 1 else None
        complete = not rows or rows[-1][1] is None or bool(rows[-1][1])
        if value is not None and value in expected and complete:
            rows.append((block, []))
            expected = {value + 1}
        elif kinds.is_heading(block) and complete:
            rows.append((block, None))  # a section heading: its own row; numbering starts again or goes on
            expected = {1, *expected}
        elif rows and rows[-1][1] is not None:
            rows[-1][1].append(block)
    for lead, content in rows:
        if not content:  # a section heading (or a number with nothing after it: a problem for the extractor)
            cells = [_cell(doc, [lead], lead.first_line)] + [Cell(SourceText.empty(), lead.first_line)] * (
                len(header) - 1
            )
            table.rows.append(Row(cells, lead.first_line, lead.first_line))
            continue
        titles = {k for k, role in enumerate(roles[1:]) if role == "title"} or unknown_title
        optional = {k for k, role in enumerate(roles[1:]) if role in vocab.raw["plain_cell_kinds"]["often_empty"]}
        assignment = _align([kinds.of(b) for b in content], columns, titles, optional)
        for sub in range(assignment[-1][0] + 1):
            chosen = [b for b, (s, _c) in zip(content, assignment) if s == sub]
            line = chosen[0].first_line if chosen else lead.first_line
            cells = [_cell(doc, [lead], lead.first_line) if sub == 0 else Cell(SourceText.empty(), line)]
            for col in range(len(columns)):
                mine = [b for b, (s, c) in zip(content, assignment) if s == sub and c == col]
                cells.append(_cell(doc, mine, mine[0].first_line if mine else line))
            last = max(b.lines[-1][0] for b in chosen) if chosen else line
            table.rows.append(Row(cells, line, last))
    return table, end
