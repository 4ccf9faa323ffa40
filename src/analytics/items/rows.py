"""Rows of this stage's parsed tables: `projects`, `deadlines`, `milestones`, `progress`, `fyp_indicators`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..documents.sourcetext import span_columns
from .five_year_plan import Indicator
from .milestones import Milestone
from .progress import Progress
from .projects import Project
from .read import ParsedDocument


def project_row(pr: Project) -> dict:
    return {
        "section": pr.section,
        "item_no": pr.item_no,
        "item_order": pr.item_order,
        "title": pr.title.text,
        "lead_units": pr.lead_units,
        "partner_units": pr.partner_units,
        "task_text": pr.task.text,
        "remark": pr.remark,
        "deadline": pr.deadline,
        "tier": pr.tier,
        "tier_source": pr.tier_source,
        "municipal_item_no": pr.municipal_item_no,
        "municipal_match_score": pr.municipal_match_score,
        "investment_wan_yuan": pr.investment_wan_yuan,
        "investment_source": pr.investment_source,
        "investment_kind": pr.investment_kind,
        "annual_investment_wan_yuan": pr.annual_investment_wan_yuan,
        "total_investment_wan_yuan": pr.total_investment_wan_yuan,
        "multi_year": pr.multi_year is not None,
        "multi_year_reason": pr.multi_year,
        "other_columns": list(pr.extra.items()),
        **span_columns(pr.span, pr.line),
    }


def deadline_rows(pr: Project, list_year: int) -> Iterator[dict]:
    """An item's deadlines, in order, each with the item it belongs to."""
    for order, d in enumerate(pr.deadlines, start=1):
        yield {
            "section": pr.section,
            "item_no": pr.item_no,
            "item_order": pr.item_order,
            "sub_row": d.sub_row,
            "deadline_order": order,
            "deadline_text": d.text.text,
            "period": d.period,
            "due": d.due(list_year),
            "year_stated": d.year is not None,
            "stage": d.stage,
            **span_columns(d.text.span(), d.line),
        }


def milestone_row(m: Milestone) -> dict:
    return {
        "section": m.section,
        "item_no": m.item_no,
        "checkpoint": m.checkpoint,
        "checkpoint_label": m.checkpoint_label,
        "milestone_text": m.text.text if m.text else None,
        "has_checkpoint": m.text is not None,
        "planned_progress_pct": m.planned_progress_pct,
        "progress_values": m.progress_values,
        **span_columns(m.span, m.line),
    }


def progress_row(p: Progress) -> dict:
    return {
        "section": p.section,
        "item_no": p.item_no,
        "column_header": p.column_header,
        "progress_text": p.text.text,
        "percent": p.percent,
        "percent_values": p.percent_values,
        "percent_source": p.percent_source,
        "words": p.words,
        "as_of": p.as_of,
        "as_of_source": p.as_of_source,
        **span_columns(p.span, p.line),
    }


def indicator_row(ind: Indicator) -> dict:
    row = {
        "category": ind.category,
        "indicator_no": ind.indicator_no,
        "name": ind.name.text,
        "unit": ind.unit,
        "attribute": ind.attribute,
        "attribute_en": ind.attribute_en,
        "baseline_year": ind.baseline_year,
        "target_year": ind.target_year,
        **span_columns(ind.span, ind.line),
    }
    for prefix, value in (("baseline", ind.baseline), ("target", ind.target)):
        row[f"{prefix}_text"] = value.text
        row[f"{prefix}_value"] = value.value
        row[f"{prefix}_direction"] = value.direction
        row[f"{prefix}_cumulative"] = value.cumulative
    return row


def item_tables(doc: ParsedDocument) -> dict[str, Iterator[dict]]:
    """A document's items, checkpoints and indicators, each row keyed by its document and jurisdiction; rows are
    made as the table writer asks for them."""
    base = {"doc_id": doc.entry.id, "jurisdiction_code": doc.entry.jurisdiction_code}

    def rows(records: list, make: Callable[[Any], dict]) -> Iterator[dict]:
        return ({**base, **make(x)} for x in records)

    return {
        "projects": rows(doc.projects, project_row),
        "deadlines": ({**base, **row} for pr in doc.projects for row in deadline_rows(pr, doc.entry.year)),
        "milestones": rows(doc.milestones, milestone_row),
        "progress": rows(doc.progress, progress_row),
        "fyp_indicators": rows(doc.indicators, indicator_row),
    }
