"""Parsed items: one record per listed project of an annual livelihood list, with its provenance."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import cn2an

from ..documents.document import Document
from ..documents.sourcetext import SourceText, compact
from ..documents.tables import Row, Table, item_rows
from ..documents.vocabulary import Vocabulary
from ..errors import InputError, Warnings


@dataclass
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
    municipal_item_no: str | None = None
    municipal_match_score: float | None = None
    extra: dict[str, str] = field(default_factory=dict)


def roles_of(table: Table, vocab: Vocabulary) -> dict[str, int]:
    """Column index of each role the header names (the first column wins when two name the same)."""
    roles: dict[str, int] = {}
    for i, header in enumerate(table.header):
        role = vocab.role_of(header)
        if role and role not in roles:
            roles[role] = i
    return roles


def is_project_table(table: Table, vocab: Vocabulary) -> bool:
    names = {vocab.role_of(h) for h in table.header}
    return {"title", "task"} <= names and "checkpoint" not in names


def clean(text: SourceText) -> SourceText:
    """Cell text for display: surrounding white space dropped (PDF word breaks are repaired on reading)."""
    return text.strip()


def one_line(text: SourceText) -> SourceText:
    """A title: line breaks inside the cell removed."""
    return clean(text.remove(re.compile(r"\s*\n\s*")))


def stated_count(text: str) -> int:
    """A count as a heading states it: 10, １０ or 十."""
    import unicodedata

    digits = unicodedata.normalize("NFKC", text)
    return int(digits) if digits.isdigit() else int(cn2an.cn2an(digits, "smart"))


def parse_amount(text: str) -> float | None:
    text = compact(text).replace(",", "").replace("，", "")
    try:
        return float(text)
    except ValueError:
        return None


def investment_from_text(task: str, vocab: Vocabulary) -> float | None:
    """Sum of the item's 项目总投资…万元 figures (亿元 converted); None when it publishes none."""
    total = None
    for m in vocab.investment_in_text.finditer(task):
        value = float(m["value"]) * (10000 if m["scale"] == "亿" else 1)
        total = value if total is None else total + value
    return total


def split_units(cell: SourceText, vocab: Vocabulary) -> list[str]:
    return [compact(u.text) for u in vocab.split_units(cell)]


def extract_projects(doc: Document, tables: list[Table], vocab: Vocabulary, warnings: Warnings) -> list[Project]:
    projects: list[Project] = []
    seen: dict[tuple[str | None, str], int] = {}
    for table in tables:
        if not is_project_table(table, vocab):
            continue
        roles = roles_of(table, vocab)
        declared: dict[str | None, tuple[int, int]] = {}
        for row in table.rows:
            m = vocab.section_count.search(row.section_heading or "")
            if m:
                declared[row.section_heading] = (stated_count(m["count"]), row.line)
        counted: dict[str | None, int] = {}
        for section, row in item_rows(table, doc.path):

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

            title = one_line(cell("title") or SourceText.empty())
            if not title:
                raise InputError(doc.path, row.line, f"item {item_no} has an empty title (项目名称)")
            task = clean(cell("task") or SourceText.empty())
            remark_cell = cell("remark")
            remark = compact(remark_cell.text) or None if remark_cell is not None else None

            tier, tier_source = None, "unknown"
            if remark and vocab.tier_of(remark):
                tier, tier_source = vocab.tier_of(remark), "remark"
            elif section and vocab.tier_of(section):
                tier, tier_source = vocab.tier_of(section), "section"

            investment, investment_source = None, None
            money_cell = cell("investment_wan_yuan")
            if money_cell is not None and parse_amount(money_cell.text) is not None:
                investment, investment_source = parse_amount(money_cell.text), "column"
            else:
                investment = investment_from_text(task.text, vocab)
                investment_source = "task_text" if investment is not None else None

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
                    investment_wan_yuan=investment,
                    investment_source=investment_source,
                    span=row.span or (0, 0),
                    line=row.line,
                )
            )
        for sec, (count, line) in declared.items():
            if counted.get(sec, 0) != count:
                warnings.add(
                    doc.path, line, f"section {sec!r} states {count} items but {counted.get(sec, 0)} were read"
                )
    return projects
