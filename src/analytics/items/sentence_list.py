"""Items of a list written as numbered sentences (documents/layouts/sentences.py) → the same `Project` records a
table gives, so figures, take-up and reports treat both alike.

A sentence is the whole item: its task is the sentence, its title the first clause (as for a table whose one
column holds the whole item), its number the enumeration's number in digits (三是 → 3; the numbering as
printed stays in the document text at the item's span). Such lists name no units, deadlines or remarks: those
stay empty (NULL), never guessed.
"""

from __future__ import annotations

from ..documents.formats.document import Document
from ..documents.layouts.sentences import NumberedList
from ..documents.vocabulary import Vocabulary
from ..errors import Warnings
from .projects import Project, investment_from_text, one_line, title_from_task


def sentence_projects(doc: Document, listed: NumberedList, vocab: Vocabulary, warnings: Warnings) -> list[Project]:
    projects = []
    for order, item in enumerate(listed.items, 1):
        title = one_line(title_from_task(item.text, vocab))
        if not title:
            title = one_line(item.text)
        tier = vocab.tier_of(item.section) if item.section else None
        money = investment_from_text(item.text.text, vocab)
        projects.append(
            Project(
                section=item.section,
                item_no=str(item.number),
                item_order=order,
                title=title,
                lead_units=[],
                partner_units=None,
                task=item.text,
                remark=None,
                tier=tier,
                tier_source="section" if tier else "unknown",
                investment_wan_yuan=money.wan_yuan,
                investment_source=money.source,
                investment_kind=money.kind,
                annual_investment_wan_yuan=money.annual,
                total_investment_wan_yuan=money.total,
                span=item.span,
                line=item.line,
                title_from_task=True,
            )
        )
    if not listed.announced_strongly and listed.stated_count is None:
        warnings.add(
            doc.path,
            listed.announce_line,
            f"the list was found by the words {listed.announce!r} alone (no 分别是 / 如下 / stated count): check that "
            f"these {len(projects)} numbered items are the list of projects and not a paragraph that mentions them",
        )
    if listed.stated_count is not None and listed.stated_count != len(projects):
        warnings.add(
            doc.path,
            listed.stated_line,
            f"the page states {listed.stated_count} items but {len(projects)} numbered items were read",
        )
    return projects
