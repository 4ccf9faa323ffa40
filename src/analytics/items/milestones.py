"""Quarterly checkpoints (阶段性目标: 6月底前 / 9月底前 / 12月底前) of an implementation-plan table."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from dataclasses import dataclass

from ..documents.formats.document import Document
from ..documents.layouts.cells import Table, item_rows
from ..documents.sourcetext import SourceText, compact
from ..documents.vocabulary import Vocabulary
from ..errors import Warnings
from .projects import Project, clean, one_line, roles_of


def is_milestone_table(table: Table, vocab: Vocabulary) -> bool:
    """An implementation-plan table: item titles beside quarterly checkpoint columns."""
    names = {vocab.role_of(h) for h in table.header}
    return "title" in names and "checkpoint" in names


@dataclass
class Milestone:
    section: str | None
    item_no: str
    checkpoint: dt.date
    checkpoint_label: str
    text: SourceText | None
    planned_progress_pct: float | None
    progress_values: list[float]
    span: tuple[int, int] | None
    line: int


def planned_progress(counts: list[tuple[float, int]]) -> float | None:
    """The percent a cell states most often: a cell may add a sub-scope's own figure ("小南海镇…100%") to the
    item's ("…任务的45%" twice); NULL when no single value is stated most (several measures, or a tie).

    `counts` is Counter(values).most_common()."""
    if not counts or (len(counts) > 1 and counts[0][1] == counts[1][1]):
        return None
    return counts[0][0]


def progress_values(text: str, vocab: Vocabulary) -> list[float]:
    values = []
    for pattern in vocab.progress_patterns:
        values.extend(float(m["pct"]) for m in pattern.finditer(text))
    return values


def extract_milestones(
    doc: Document,
    tables: list[Table],
    year: int,
    projects: list[Project],
    vocab: Vocabulary,
    warnings: Warnings,
) -> list[Milestone]:
    known = {(p.section, p.item_no): p for p in projects}
    out: list[Milestone] = []
    for table in tables:
        if not is_milestone_table(table, vocab):
            continue
        roles = roles_of(table, vocab)
        checkpoints = []
        for i, header in enumerate(table.header):
            m = vocab.checkpoint.fullmatch(header)
            if m:
                month = int(m["month"])
                last = calendar.monthrange(year, month)[1]
                checkpoints.append((i, dt.date(year, month, last), header))
        for section, row in item_rows(table, doc.path):
            item_no = compact(row.cells[roles["item_no"]].value) if "item_no" in roles else ""
            project = known.get((section, item_no))
            title = one_line(row.cells[roles["title"]].text).text
            if project is None:
                warnings.add(doc.path, row.line, f"milestone row {item_no} {title} has no item in the target list")
            elif compact(project.title.text) != compact(title):
                warnings.add(
                    doc.path,
                    row.line,
                    f"milestone row {item_no} is titled {title!r}, the list says {project.title.text!r}",
                )
            for col, date, label in checkpoints:
                cell = clean(row.cells[col].text)
                empty = not cell or compact(cell.text) in vocab.empty_markers
                values = [] if empty else progress_values(cell.text, vocab)
                counts = Counter(values).most_common()
                out.append(
                    Milestone(
                        section=section,
                        item_no=item_no,
                        checkpoint=date,
                        checkpoint_label=label,
                        text=None if empty else cell,
                        planned_progress_pct=planned_progress(counts),
                        progress_values=values,
                        span=row.cells[col].text.span(),
                        line=row.cells[col].line,
                    )
                )
    return out
