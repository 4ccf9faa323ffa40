"""Parsed items: one record per listed project of an annual livelihood list, with its provenance."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..documents.formats.document import Document
from ..documents.layouts.cells import Row, Table, item_rows
from ..documents.layouts.columns import column_roles
from ..documents.numerals import whole_number
from ..documents.sourcetext import SourceText, compact
from ..documents.vocabulary import MONEY_SCALE, Vocabulary
from ..errors import InputError, Warnings
from .deadlines import Deadline, item_deadlines


@dataclass(slots=True)
class Project:
    section: str | None
    item_no: str
    item_order: int
    title: SourceText
    lead_units: list[str]
    partner_units: list[str] | None
    task: SourceText
    remark: str | None
    tier: str | None
    tier_source: str
    investment_wan_yuan: float | None
    investment_source: str | None
    span: tuple[int, int]
    line: int
    deadline: str | None = None  # as printed, a line per sub-row
    deadlines: list[Deadline] = field(default_factory=list)  # each read: date due, stage, sub-row
    title_from_task: bool = False  # no title column: the title is the task's first clause
    municipal_item_no: str | None = None
    municipal_match_score: float | None = None
    extra: dict[str, str] = field(default_factory=dict)
    # what the money is: 'annual' (the list year's), 'total' (the whole project's cost), None (unstated); a list
    # that gives both keeps both, and investment_wan_yuan is then the annual figure
    investment_kind: str | None = None
    annual_investment_wan_yuan: float | None = None
    total_investment_wan_yuan: float | None = None
    multi_year: str | None = None  # why the item is a project of several years (续建, 2027年建成), None if not


@dataclass(frozen=True, slots=True)
class Money:
    """An item's published money: the figure used (annual when given, else total, else of unstated kind)."""

    wan_yuan: float | None = None
    source: str | None = None  # column / task_text
    kind: str | None = None
    annual: float | None = None
    total: float | None = None

    @classmethod
    def of(cls, figures: list[tuple[str | None, float]], source: str) -> Money:
        """Figures (kind, 万元) of one item, of one source: summed per kind."""
        by_kind: dict[str | None, float] = {}
        for kind, value in figures:
            by_kind[kind] = round(by_kind.get(kind, 0.0) + value, 6)
        if not by_kind:
            return cls()
        annual, total = by_kind.get("annual"), by_kind.get("total")
        if annual is not None:
            return cls(annual, source, "annual", annual, total)
        if total is not None:
            return cls(total, source, "total", None, total)
        return cls(by_kind[None], source, None)


def roles_of(table: Table, vocab: Vocabulary) -> dict[str, int]:
    """Column index of each role, decided by the column's content with its header word as a hint
    (documents/layouts/columns.py; the first column wins when two have the same role)."""
    return column_roles(table, vocab).roles


def is_project_table(table: Table, vocab: Vocabulary) -> bool:
    names = roles_of(table, vocab).keys()
    has_item = {"title", "task"} <= names or "title_and_task" in names
    return has_item and "checkpoint" not in names and "item_no" in names


def column_notes(tables: list[Table], vocab: Vocabulary) -> list[str]:
    """What `analytics add` says about the columns of the item tables: read by content, or not recognised."""
    notes = []
    for number, table in enumerate(t for t in tables if is_project_table(t, vocab)):
        where = f"table at line {table.line}: " if number or len(tables) > 1 else ""
        notes += [where + note for note in column_roles(table, vocab).notes()]
    return notes


def title_from_task(task: SourceText, vocab: Vocabulary) -> SourceText:
    """A list whose one column holds the whole item: its title is the task's first clause, numbering dropped."""
    numbering = vocab.title_numbering.match(task.text)
    start = numbering.end() if numbering else 0
    end = vocab.title_clause_end.search(task.text, start)
    return task.slice(start, end.start() if end else len(task))


def clean(text: SourceText) -> SourceText:
    """Cell text for display: surrounding white space dropped (PDF word breaks are repaired on reading)."""
    return text.strip()


def one_line(text: SourceText) -> SourceText:
    """A title: line breaks inside the cell removed."""
    return clean(text.remove(re.compile(r"\s*\n\s*")))


_MONEY_CELL = re.compile(r"^约?(?P<value>\d+(?:\.\d+)?)(?P<unit>万元|亿元|万|亿|元)?$")


def parse_amount(text: str, scale: float = 1.0) -> float | None:
    """A money cell in 万元: a bare number in the column's unit (`scale` 万元 each), or a number with its own."""
    import unicodedata

    text = unicodedata.normalize("NFKC", compact(text)).replace(",", "")
    m = _MONEY_CELL.match(text)
    if not m:
        return None
    value = float(m["value"]) * (MONEY_SCALE[m["unit"]] if m["unit"] else scale)
    return round(value, 6)


def investment_from_text(task: str, vocab: Vocabulary) -> Money:
    """The item's 项目总投资…万元 figures (whole-project cost) and 年度投资…万元 figures (the list year's), each
    summed (亿元 converted); no figure when it publishes none."""
    figures = []
    for kind, pattern in (("total", vocab.investment_in_text), ("annual", vocab.annual_investment_in_text)):
        for m in pattern.finditer(task):
            figures.append((kind, float(m["value"]) * (10000 if m["scale"] == "亿" else 1)))
    return Money.of(figures, "task_text")


def compact_lines(text: str) -> str:
    """A short cell (a deadline) with spaces removed and its lines (one per sub-row) kept."""
    return "\n".join(compact(line) for line in text.splitlines() if compact(line))


def split_units(cell: SourceText, vocab: Vocabulary) -> list[str]:
    """The organisations a unit cell names, each once (a sub-row repeating the unit of the row above names the
    same unit, not a second one)."""
    return list(dict.fromkeys(compact(u.text) for u in vocab.split_units(cell)))


def extract_projects(doc: Document, tables: list[Table], vocab: Vocabulary, warnings: Warnings) -> list[Project]:
    projects: list[Project] = []
    seen: dict[tuple[str | None, str], int] = {}
    for table in tables:
        if not is_project_table(table, vocab):
            continue
        columns = column_roles(table, vocab)
        roles = columns.roles
        kept = columns.unrecognised  # columns of no known role: their text stays with the item
        declared: dict[str | None, tuple[int, int]] = {}
        for row in table.rows:
            m = vocab.section_count.search(row.section_heading or "")
            if m:
                declared[row.section_heading] = (whole_number(m["count"]), row.line)
        counted: dict[str | None, int] = {}
        # every money column (年度投资 beside 项目总投资), its unit and what it is, from its header
        money_columns = [
            (i, vocab.money_scale(table.header[i]), vocab.investment_kind(table.header[i]))
            for i in columns.all_of("investment_wan_yuan")
        ]
        for section, row in item_rows(table, doc.path, roles.get("item_no")):

            def cell(role: str, row: Row = row, roles: dict[str, int] = roles) -> SourceText | None:
                return row.cells[roles[role]].text if role in roles else None

            item_no = compact(row.cells[roles["item_no"]].value) if "item_no" in roles else ""
            if not item_no:
                raise InputError(doc.path, row.line, "item row without an item number (序号)")
            if not vocab.item_number.match(item_no):
                raise InputError(
                    doc.path,
                    row.line,
                    f"the item-number column (序号) holds {item_no[:20]!r}, not an item number: "
                    "are the columns out of place?",
                )
            key = (section, item_no)
            if key in seen:
                where = f" in section {section!r}" if section else ""
                raise InputError(
                    doc.path,
                    row.line,
                    f"duplicate item number {item_no}{where} (first at line {seen[key]})",
                )
            seen[key] = row.line
            counted[section] = counted.get(section, 0) + 1

            task = clean(cell("task") or cell("title_and_task") or SourceText.empty())
            title_cell = cell("title") if "title" in roles else title_from_task(task, vocab)
            title = one_line(title_cell or SourceText.empty())
            if not title:
                raise InputError(doc.path, row.line, f"item {item_no} has an empty title (项目名称)")
            deadline_cell = cell("deadline")
            deadline = compact_lines(deadline_cell.text) if deadline_cell is not None else None
            row_per_line = table.layout == "row_per_line"
            deadlines = item_deadlines(row, roles["deadline"], row_per_line, vocab) if "deadline" in roles else []
            remark_cell = cell("remark")
            remark = compact(remark_cell.text) or None if remark_cell is not None else None

            tier, tier_source = None, "unknown"
            if remark and vocab.tier_of(remark):
                tier, tier_source = vocab.tier_of(remark), "remark"
            elif section and vocab.tier_of(section):
                tier, tier_source = vocab.tier_of(section), "section"

            in_columns = [
                (kind, amount)
                for i, scale, kind in money_columns
                if (amount := parse_amount(row.cells[i].text.text, scale)) is not None
            ]
            money = Money.of(in_columns, "column") if in_columns else investment_from_text(task.text, vocab)

            lead = cell("lead_units")
            partner = cell("partner_units")
            projects.append(
                Project(
                    section=section,
                    item_no=item_no,
                    item_order=len(projects) + 1,
                    title=title,
                    lead_units=split_units(lead, vocab) if lead is not None else [],
                    partner_units=split_units(partner, vocab) if partner is not None else None,
                    task=task,
                    remark=remark,
                    tier=tier,
                    tier_source=tier_source,
                    investment_wan_yuan=money.wan_yuan,
                    investment_source=money.source,
                    span=row.span or (0, 0),
                    line=row.line,
                    deadline=deadline or None,
                    deadlines=deadlines,
                    title_from_task="title" not in roles,
                    extra={c.header: clean(row.cells[c.index].text).text for c in kept},
                    investment_kind=money.kind,
                    annual_investment_wan_yuan=money.annual,
                    total_investment_wan_yuan=money.total,
                )
            )
        for sec, (count, line) in declared.items():
            if counted.get(sec, 0) != count:
                warnings.add(
                    doc.path, line, f"section {sec!r} states {count} items but {counted.get(sec, 0)} were read"
                )
    return projects
