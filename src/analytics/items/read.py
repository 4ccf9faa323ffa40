"""One raw document → its list items, quarterly checkpoints or plan indicators, according to its kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..documents.formats.document import Document, read_document
from ..documents.layouts.sentences import NumberedList, read_numbered_list
from ..documents.layouts.tables import read_tables
from ..documents.manifest import DocumentEntry, verify_file
from ..documents.numerals import whole_number
from ..documents.vocabulary import Vocabulary
from ..errors import InputError, Warnings
from ..paths import Paths
from .five_year_plan import Indicator, extract_indicators
from .milestones import Milestone, extract_milestones
from .progress import Progress, extract_progress
from .projects import Project, column_notes, extract_projects
from .sentence_list import sentence_projects

LIST_KIND = "annual_livelihood_list"
NO_LIST = (
    "no list was found: no table with item titles and tasks (项目名称 / 工作任务), and no numbered list announced "
    "by 分别是 / 如下 / 为N项 / 民生实事 and numbered 一、 （一） (1) 1. 1、 ① 一是 or 第一，"
)
PLAN_KIND = "five_year_plan"


@dataclass
class ParsedDocument:
    entry: DocumentEntry
    document: Document
    projects: list[Project] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    numbered_list: NumberedList | None = None  # the list was read from numbered sentences, not a table
    progress: list[Progress] = field(default_factory=list)  # reported progress (当前进度 …) per item
    column_notes: list[str] = field(default_factory=list)  # columns read by their content or not recognised

    @property
    def is_list(self) -> bool:
        return self.entry.kind == LIST_KIND

    @property
    def is_municipal(self) -> bool:
        return self.entry.level == "municipality"


def is_municipal_list(entry: DocumentEntry) -> bool:
    """The municipality's own list: every district list of its year is read against it."""
    return entry.kind == LIST_KIND and entry.level == "municipality"


def parse_document(entry: DocumentEntry, paths: Paths, vocab: Vocabulary, warnings: Warnings) -> ParsedDocument:
    path = verify_file(paths.raw, entry, paths.manifest)
    return read_items(path, entry, vocab, warnings)


def _check_stated_total(document: Document, projects: list[Project], vocab: Vocabulary, warnings: Warnings) -> None:
    """The total the text above the list states (22件重点民生实事), checked against the items read: a list cut short
    (a truncated copy, a table that lost its last rows) is a warning, not a silent loss."""
    first = min((p.span[0] for p in projects if p.span != (0, 0)), default=0)
    for m in vocab.list_total.finditer(document.text, 0, first):
        count = whole_number(m["count"])
        if count != len(projects):
            line = document.lines().line_of(m.start())
            warnings.add(document.path, line, f"the text states {m[0]} ({count} items) but {len(projects)} were read")
        return


def read_items(path: Path, entry: DocumentEntry, vocab: Vocabulary, warnings: Warnings) -> ParsedDocument:
    """The document read as the build reads it; InputError when it cannot be (also what `analytics add` checks
    before it accepts a file)."""
    document = read_document(path, vocab)
    if document.encoding == "gb18030":
        warnings.add(path, None, f"decoded as {document.encoding}, not UTF-8")
    tables = read_tables(document, vocab)
    parsed = ParsedDocument(entry, document)
    if entry.kind == LIST_KIND:
        parsed.projects = extract_projects(document, tables, vocab, warnings)
        if parsed.projects:
            _check_stated_total(document, parsed.projects, vocab, warnings)
        else:
            parsed.numbered_list = read_numbered_list(document, vocab)
            if parsed.numbered_list is None:
                raise InputError(path, None, NO_LIST)
            parsed.projects = sentence_projects(document, parsed.numbered_list, vocab, warnings)
        for project in parsed.projects:  # 续建, or a completion year after the list's
            words = "\n".join(filter(None, [project.task.text, project.deadline, project.remark]))
            project.multi_year = vocab.multi_year(words, entry.year)
        parsed.milestones = extract_milestones(document, tables, entry.year, parsed.projects, vocab, warnings)
        parsed.progress = extract_progress(document, tables, entry.year, entry.issued, vocab)
        parsed.column_notes = column_notes(tables, vocab)
    elif entry.kind == PLAN_KIND:
        parsed.indicators = extract_indicators(document, tables, vocab)
        if not parsed.indicators:
            warnings.add(path, None, "no indicator table (指标 / 基期年 / 目标年) was found")
    return parsed
