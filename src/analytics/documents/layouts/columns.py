"""Which role each column of a table plays, decided by what its cells hold, with its header word as a hint.

Why here, in the layout stage: telling what a column *is* is part of reading a table's layout, as the plain
reader (plain_cells.py) already places cells by what they hold, and both use the same kinds of cell content
from the vocabulary (`plain_cell_kinds`, `progress_cells`, `unit_name_endings`, `item_number`). The items stage
then reads values out of columns whose role is decided, for every layout and format alike, and never weighs
header words against content itself.

How a role is decided, column by column (a sample of the item rows, section headings left out):
- a header word the vocabulary knows (`column_roles`) gives the role, unless the content contradicts it: the
  role expects one typed kind of cell (a unit list, a deadline, an amount, a progress report) and nearly every
  cell is of another typed kind (then the content decides, as for an unknown word); prose never contradicts;
- a column under an unknown word takes the role its cells show: item numbers (序号), unit lists (lead, then
  partner units), deadlines, amounts stating their money unit (a bare number could count anything), progress
  reports, remarks naming a tier (市民生实事); prose columns become the item's title and task when the header
  names neither (the one of the longest cells the task, the nearest shorter one before it the title; with none
  before it, the task column holds the whole item), the title when only a task is named and the prose column
  stands just before it, the task when only a title is named (the longest after it);
- any other column keeps no role: its header and cells stay available (`Project.extra`, `projects.other_columns`),
  and `analytics add` names it.
Only a table that looks like an item list gets content roles: an item-number column and at least one header
word of a list (title, task, units, deadline, money, remark, progress); tables of other kinds (five-year-plan
indicators, quarterly checkpoints) keep their header roles.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..sourcetext import compact
from ..vocabulary import Vocabulary
from .cells import Table

TEXT, UNITS, DEADLINE, MONEY, NUMBER, PROGRESS = "text", "units", "deadline", "money", "number", "progress"
REMARK = "remark"  # a short cell naming a tier (市民生实事)
EXPECTED_KIND = {
    "lead_units": UNITS,
    "partner_units": UNITS,
    "deadline": DEADLINE,
    "investment_wan_yuan": MONEY,
    "item_no": NUMBER,
    "progress": PROGRESS,
    "remark": REMARK,
}
LIST_ROLES = {
    "title",
    "task",
    "title_and_task",
    "lead_units",
    "partner_units",
    "deadline",
    "investment_wan_yuan",
    "remark",
    "progress",
}
OTHER_TABLE_ROLES = {"checkpoint", "milestone_group", "indicator", "indicator_attribute", "year_value"}
SAMPLE_ROWS = 80  # item rows looked at per table: enough to tell a column, cheap on a 100,000-item list
SHARE = 0.6  # share of a column's non-empty cells that must agree on a kind for the column to have it
CONTRADICTS = 0.8  # share of cells of another typed kind that overrules a known header word
_MONEY_UNIT = re.compile(r"(?:万元|亿元|元|万|亿)$")


class CellKinds:
    """What a cell or a block of lines reads as, by the vocabulary."""

    def __init__(self, vocab: Vocabulary) -> None:
        kinds = vocab.raw["plain_cell_kinds"]
        self.deadline = vocab.deadline_line  # one or more deadlines a line (6月底前开工, 10月投入使用)
        self.money = re.compile(kinds["money"])
        self.vocab = vocab
        self.progress = vocab.progress_cells
        self.remark_chars = int(vocab.raw["tier_remark_max_chars"])
        endings = sorted(vocab.raw["unit_name_endings"], key=len, reverse=True)
        self.unit = re.compile(rf"^\S{{1,30}}(?:{'|'.join(map(re.escape, endings))})$")

    def is_progress(self, text: str) -> bool:
        if not text or len(text) > self.progress["max_chars"]:
            return False
        return bool(self.progress["percent"].search(text)) or any(w in text for w in self.progress["status"])

    def of_lines(self, lines: list[str]) -> str:
        """deadline, money, progress, units or text (the plain reader's kinds of block)."""
        lines = [compact(t) for t in lines if compact(t)]
        if all(self.deadline.fullmatch(line) for line in lines):
            return DEADLINE
        if len(lines) == 1 and self.money.fullmatch(lines[0]):
            return MONEY
        if self.is_progress("".join(lines)):
            return PROGRESS
        if len(lines) == 1 and len(lines[0]) <= self.remark_chars and self.vocab.tier_of(lines[0]):
            return REMARK
        names = [n for line in lines for n in self.vocab.unit_separators.split(line) if n]
        if names and all(self.unit.fullmatch(n) for n in names):
            return UNITS
        return TEXT

    def of_cell(self, text: str) -> str:
        """As `of_lines`, and `number` for an item number (序号)."""
        if "\n" not in text.strip() and self.vocab.item_number.match(compact(text)):
            return NUMBER
        return self.of_lines(text.splitlines())


@dataclass(frozen=True)
class ColumnRole:
    index: int
    header: str
    role: str | None  # None: not recognised, kept as text
    source: str  # header (its word), content (what its cells hold), none
    kind: str  # what most of its cells read as (text when they disagree)


@dataclass
class ColumnRoles:
    columns: list[ColumnRole] = field(default_factory=list)

    @property
    def roles(self) -> dict[str, int]:
        """Column index of each role (the first column wins when two have the same)."""
        out: dict[str, int] = {}
        for c in self.columns:
            if c.role and c.role not in out:
                out[c.role] = c.index
        return out

    def all_of(self, role: str) -> list[int]:
        return [c.index for c in self.columns if c.role == role]

    @property
    def unrecognised(self) -> list[ColumnRole]:
        return [c for c in self.columns if c.role is None and c.header]

    @property
    def by_content(self) -> list[ColumnRole]:
        return [c for c in self.columns if c.source == "content"]

    def notes(self) -> list[str]:
        """What `analytics add` prints about the columns: those read by their content and those not recognised."""
        out = [
            f"column {c.index + 1} {c.header!r} read as {c.role} (by what its cells hold)"
            for c in self.by_content
            if c.role
        ]
        out += [f"column {c.index + 1} {c.header!r} not recognised: kept as text" for c in self.unrecognised]
        return out


def _kind_of_column(kinds: list[str]) -> str:
    if not kinds:
        return TEXT
    kind, count = Counter(kinds).most_common(1)[0]
    return kind if count >= SHARE * len(kinds) else TEXT


def _contradicted(expected: str | None, kinds: list[str]) -> bool:
    """A known header word overruled: nearly every cell is of a typed kind the role does not hold."""
    if expected is None or len(kinds) < 2:
        return False
    compatible = {expected, TEXT} | ({NUMBER, MONEY} if expected in (NUMBER, MONEY) else set())
    other = Counter(k for k in kinds if k not in compatible).most_common(1)
    return bool(other) and other[0][1] >= CONTRADICTS * len(kinds)


def column_roles(table: Table, vocab: Vocabulary) -> ColumnRoles:
    """The role of every column of the table (see the module docstring), read once per table and vocabulary:
    the item, checkpoint, progress and column-note extractors all ask."""
    if table.roles_read is None or table.roles_read[0] is not vocab:
        table.roles_read = (vocab, _read_roles(table, vocab))
    return table.roles_read[1]


def _read_roles(table: Table, vocab: Vocabulary) -> ColumnRoles:
    header_roles = [vocab.role_of(h) for h in table.header]
    named = {r for r in header_roles if r}
    result = ColumnRoles(
        [
            ColumnRole(i, h, r, "header" if r else "none", TEXT)
            for i, (h, r) in enumerate(zip(table.header, header_roles))
        ]
    )
    if named & OTHER_TABLE_ROLES or not named & LIST_ROLES:
        return _named_item(result)
    rows = []
    for r in table.rows:
        if r.problem is None and r.section_heading is None and not r.is_empty:
            rows.append(r)
            if len(rows) == SAMPLE_ROWS:
                break
    if not rows:
        return _named_item(result)
    cell_kinds = CellKinds(vocab)
    width = len(table.header)
    columns_kinds: list[list[str]] = []
    lengths: list[float] = []
    for i in range(width):
        values = [r.cells[i].value for r in rows if i < len(r.cells) and r.cells[i].value]
        kinds = [cell_kinds.of_cell(v) for v in values]
        columns_kinds.append(kinds)
        lengths.append(sum(len(compact(v)) for v in values) / len(values) if values else 0.0)

    roles: list[str | None] = list(header_roles)
    sources = [c.source for c in result.columns]
    for i, role in enumerate(roles):
        if role and _contradicted(EXPECTED_KIND.get(role), columns_kinds[i]):
            roles[i], sources[i] = None, "none"
    column_kind = [_kind_of_column(k) for k in columns_kinds]

    def taken(role: str) -> bool:
        return role in roles

    def give(i: int, role: str) -> None:
        roles[i], sources[i] = role, "content"

    if not taken("item_no") and roles[0] is None and column_kind[0] == NUMBER:
        give(0, "item_no")
    prose: list[int] = []
    for i in range(width):
        if roles[i] is not None or not columns_kinds[i]:
            continue
        kind = column_kind[i]
        if kind == UNITS:
            for role in ("lead_units", "partner_units"):
                if not taken(role):
                    give(i, role)
                    break
        elif kind == DEADLINE and not taken("deadline"):
            give(i, "deadline")
        elif kind == MONEY and not taken("investment_wan_yuan"):
            values = [r.cells[i].value for r in rows if r.cells[i].value]
            if any(_MONEY_UNIT.search(compact(v)) for v in values):
                give(i, "investment_wan_yuan")
        elif kind == PROGRESS:
            give(i, "progress")
        elif kind == REMARK and not taken("remark"):
            give(i, "remark")
        elif kind == TEXT:
            prose.append(i)

    has_title, has_task = taken("title"), taken("task") or taken("title_and_task")
    if prose and not has_title and not has_task:
        task = max(prose, key=lambda i: lengths[i])
        shorter = [i for i in prose if i < task and lengths[i] < lengths[task]]
        if shorter:
            give(shorter[-1], "title")
            give(task, "task")
        else:
            give(task, "title_and_task")
    elif prose and has_task and not has_title:
        task_col = roles.index("task") if taken("task") else roles.index("title_and_task")
        if task_col - 1 in prose:
            give(task_col - 1, "title")
    elif prose and has_title and not has_task:
        title_col = roles.index("title")
        after = [i for i in prose if i > title_col]
        if after:
            give(max(after, key=lambda i: lengths[i]), "task")
    result.columns = [ColumnRole(i, table.header[i], roles[i], sources[i], column_kind[i]) for i in range(width)]
    return _named_item(result)


def _named_item(result: ColumnRoles) -> ColumnRoles:
    """民生实事 beside 工作任务 names the item (a title); 实事项目 as the only item column holds the whole item."""
    roles = {c.role for c in result.columns}

    def rename(old: str, new: str) -> None:
        first = next(c for c in result.columns if c.role == old)
        result.columns[first.index] = ColumnRole(first.index, first.header, new, first.source, first.kind)

    if "task" in roles and "title_and_task" in roles and "title" not in roles:
        rename("title_and_task", "title")
    elif "title" in roles and not {"task", "title_and_task"} & roles:
        rename("title", "title_and_task")
    return result
