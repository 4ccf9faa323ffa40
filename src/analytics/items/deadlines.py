"""Deadlines as a deadline column prints them (完成时限 / 时间节点 / 完成时间): when (6月底前, 第三季度, 上半年,
年底前, 2026年12月 …) and what is due then (6月底前开工: started; 年底前建成: completed; 10月投入使用: in use), each
sub-row of an item its own, in order.

Only a deadline column is read: a deadline phrase inside a task stays in the task, where the layout did not set it
apart. What a deadline looks like is vocabulary (layout_vocabulary.yaml `deadlines`; its stage words are those of
quantity_vocabulary.yaml `stage_words`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ..documents.layouts.cells import Row
from ..documents.numerals import whole_number
from ..documents.sourcetext import SourceText, compact
from ..documents.vocabulary import Vocabulary

_LINE = re.compile(r"\n")


@dataclass(slots=True)
class Deadline:
    sub_row: int  # 1-based sub-row of the item it is printed in
    text: SourceText  # as printed
    period: str | None  # month, quarter, half_year or year; None when it names no date (长期, 持续推进)
    year: int | None  # the year it prints (2026年12月底前); None: the list's year
    month: int | None  # the month it falls due in
    day: int | None  # the day of that month (15日, 上旬 → 10); None: its last day
    stage: str | None  # started, completed or in_use (quantity_vocabulary.yaml stage_words); None: none named
    line: int

    def due(self, list_year: int) -> dt.date | None:
        """The date it falls due: the end of the month, quarter, half year or year named, in the list's year
        unless it prints its own; None when it names no date."""
        if self.month is None:
            return None
        year = self.year or list_year
        last = calendar.monthrange(year, self.month)[1]
        return dt.date(year, self.month, min(self.day or last, last))


Period = tuple[str | None, int | None, int | None, int | None]  # (period, year, month, day)


def _when(m: re.Match[str] | None, day_of_part: dict[str, int]) -> Period:
    """(period, year, month, day) of a match of the vocabulary's `deadlines.when`; `day_of_part` is the
    vocabulary's day for 上旬, 中旬 …"""
    if m is None:
        return None, None, None, None
    year = whole_number(m["year"]) if m["year"] else None
    if m["month"]:
        month = whole_number(m["month"])
        if not 1 <= month <= 12:
            return None, year, None, None
        day = whole_number(m["day"]) if m["day"] else day_of_part.get(m["part"] or "")
        return "month", year, month, day
    if m["quarter"]:
        return "quarter", year, 3 * whole_number(m["quarter"]), None
    if m["half"]:
        return "half_year", year, 6 if m["half"] == "上" else 12, None
    if m["year_end"]:
        return "year", year, 12, None
    return None, year, None, None


def line_deadlines(line: SourceText, sub_row: int, line_no: int, vocab: Vocabulary) -> list[Deadline]:
    """The deadlines of one line of a deadline cell: each of 6月底前开工，12月底前建成 apart; a line that is not
    deadlines alone (完成时间视招标进度而定) is one, with the first date and the furthest stage it names."""
    text = line.text
    found: list[re.Match[str]] = []
    pos = 0
    while pos < len(text):
        m = vocab.deadline.match(text, pos)
        if m is None or m.end() == pos:
            break
        found.append(m)
        pos = vocab.deadline_separators.match(text, m.end()).end()
    if found and pos >= len(text):
        return [
            Deadline(
                sub_row,
                line.slice(m.start(), m.end()),
                *_when(m if m["when"] else None, vocab.raw["deadlines"]["day_of_part"]),
                stage=vocab.stage_of(m["what"] or ""),
                line=line_no,
            )
            for m in found
        ]
    when = vocab.deadline_when.search(text)
    parts = vocab.raw["deadlines"]["day_of_part"]
    return [Deadline(sub_row, line, *_when(when, parts), stage=vocab.stage_of(text), line=line_no)]


def item_deadlines(row: Row, col: int, row_per_line: bool, vocab: Vocabulary) -> list[Deadline]:
    """The deadlines of an item's deadline cell (column `col`), sub-row by sub-row, in order. The row-per-line
    reader joins an item's sub-rows itself, a line each (documents/layouts/tables.py): there each line of the
    cell is a sub-row's."""
    out: list[Deadline] = []
    sub_row = 0
    for cell in (r.cells[col] for r in (row.sub_rows or [row])):
        for part in cell.text.split(_LINE) if row_per_line else [cell.text]:
            sub_row += 1
            for line in part.split(_LINE):
                if compact(line.text) not in vocab.empty_markers:
                    out.extend(line_deadlines(line, sub_row, cell.line, vocab))
    return out
