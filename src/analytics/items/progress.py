"""Reported progress of list items: the cells of a progress column (当前进度 / 完成进度 / 进展情况 / 完成率 …).

One record per item × progress column. A progress cell reports what was done by a date; it is never a target:
its percent goes to table `progress`, not to `targets` (the targets stage reads only an item's task).

- `percent`: the percent the cell reports (已完成年度任务的75% → 75); NULL when it states none or several that
  differ (all are in `percent_values`). A cell that only says the item is done (已完工, 已建成: vocabulary
  `progress_cells.complete`, a clause of its own) reads as 100 with `percent_source = 'complete_word'`: the
  list printed no figure, the words say the work is finished.
- `words`: what the cell says beside its percent and date (进度滞后, 正在推进), clauses joined by ；.
- `as_of`: the date the progress is reported at: from the cell (截至10月31日, 截止2026年9月底; the list's year
  when the cell prints none; 底 / 末 the month's last day, a month alone its last day too), else from the page
  above the table (a title such as "（截至2026年9月底）"), else the document's date of issue; `as_of_source`
  says which (cell, page, issued), NULL when none is known.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ..documents.formats.document import Document
from ..documents.layouts.cells import Table, item_rows
from ..documents.layouts.columns import column_roles
from ..documents.sourcetext import SourceText, compact
from ..documents.vocabulary import Vocabulary
from .projects import clean, is_project_table

_CLAUSES = re.compile(r"[，,；;。：:\n（）()、]+")


@dataclass(slots=True)
class Progress:
    section: str | None
    item_no: str
    column_header: str
    text: SourceText
    percent: float | None
    percent_values: list[float]
    percent_source: str | None  # stated, complete_word
    words: str | None
    as_of: dt.date | None
    as_of_source: str | None  # cell, page, issued
    span: tuple[int, int] | None
    line: int


def as_of_date(m: re.Match[str], year: int) -> dt.date | None:
    """The date an as-of phrase names; the list's year when it prints none, a month's last day unless a day is
    printed."""
    year = int(m["year"]) if m["year"] else year
    month = int(m["month"])
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    day = int(m["day"]) if m["day"] else last
    return dt.date(year, month, day) if 1 <= day <= last else None


def read_progress_cell(
    text: str, year: int, vocab: Vocabulary
) -> tuple[list[float], str | None, str | None, dt.date | None]:
    """(percent values, percent source, words beside them, as-of date printed in the cell) of a progress cell."""
    words = vocab.progress_cells
    values = [float(m["pct"]) for m in words["percent"].finditer(text)]
    as_of = None
    for m in words["as_of"].finditer(text):
        as_of = as_of_date(m, year)
        break
    rest = words["as_of"].sub("，", words["percent"].sub("，", text))
    clauses = [compact(c) for c in _CLAUSES.split(rest) if compact(c)]
    source = "stated" if values else None
    if not values and any(words["complete"].fullmatch(c) for c in clauses):
        values, source = [100.0], "complete_word"
    return values, source, "；".join(clauses) or None, as_of


def _page_as_of(doc: Document, table: Table, year: int, vocab: Vocabulary) -> dt.date | None:
    """The as-of date printed on the page above the table (its title, a note under it), the last one before it."""
    first = next((r.span for r in table.rows if r.span), None)
    before = doc.text[: first[0]] if first else ""
    found = None
    for m in vocab.progress_cells["as_of"].finditer(before):
        found = as_of_date(m, year) or found
    return found


def extract_progress(
    doc: Document, tables: list[Table], year: int, issued: dt.date | None, vocab: Vocabulary
) -> list[Progress]:
    """Every progress cell of the document's item tables (those `extract_projects` reads)."""
    out: list[Progress] = []
    for table in tables:
        if not is_project_table(table, vocab):
            continue
        columns = column_roles(table, vocab)
        progress_columns = columns.all_of("progress")
        if not progress_columns:
            continue
        number_col = columns.roles.get("item_no")
        page = _page_as_of(doc, table, year, vocab)
        for section, row in item_rows(table, doc.path, number_col):
            item_no = compact(row.cells[number_col].value) if number_col is not None else ""
            for col in progress_columns:
                cell = clean(row.cells[col].text)
                if not cell:
                    continue
                values, source, words, in_cell = read_progress_cell(cell.text, year, vocab)
                as_of, as_of_source = (
                    (in_cell, "cell")
                    if in_cell
                    else (page, "page")
                    if page
                    else (issued, "issued")
                    if issued
                    else (None, None)
                )
                distinct = sorted(set(values))
                out.append(
                    Progress(
                        section=section,
                        item_no=item_no,
                        column_header=table.header[col],
                        text=cell,
                        percent=distinct[0] if len(distinct) == 1 else None,
                        percent_values=values,
                        percent_source=source if len(distinct) == 1 else None,
                        words=words,
                        as_of=as_of,
                        as_of_source=as_of_source,
                        span=cell.span(),
                        line=row.cells[col].line,
                    )
                )
    return out
