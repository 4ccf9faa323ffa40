"""Rows of the tables this stage owns: `targets` (one per figure found) and `metrics` (the catalogue)."""

from __future__ import annotations

from collections.abc import Iterable

from ..documents.sourcetext import span_columns
from .alignment import PEOPLE, Target
from .catalogue import Catalogue


def target_row(t: Target) -> dict:
    q, p, m = t.quantity, t.project, t.metric
    return {
        "target_id": t.target_id,
        "doc_id": t.doc_id,
        "jurisdiction_code": t.jurisdiction_code,
        "section": p.section,
        "item_no": p.item_no,
        "item_title": p.title.text,
        "item_tier": p.tier,
        "value": q.value,
        "value_high": q.value_high,
        "unit": q.unit.unit,
        "canonical_unit": q.unit.canonical,
        "qualifier": q.qualifier,
        "cumulative": q.cumulative,
        "per_unit": q.per_unit,
        "beneficiary": t.beneficiary,
        "counts_people": q.unit.dimension in PEOPLE and not q.context,
        "context": q.context,
        "stage": q.stage,
        "metric": m.metric if m else None,
        "metric_zh": m.metric_zh if m else None,
        "metric_en": m.metric_en if m else None,
        "metric_kind": m.kind if m else None,
        "own_metric": t.own_metric.metric if t.own_metric else None,
        "alignment": t.alignment,
        "expression": q.expression.strip(),
        "source_text": t.source_text,
        "sentence_start": t.sentence_span[0],
        "sentence_end": t.sentence_span[1],
        **span_columns(t.span, p.line),
    }


def metric_rows(catalogues: Iterable[Catalogue]) -> list[dict]:
    rows = []
    for catalogue in sorted(catalogues, key=lambda c: (c.list_year, c.jurisdiction_code or "")):
        for m in catalogue.metrics:
            scope, reason = catalogue.scope(m)
            rows.append(
                {
                    **m.model_dump(exclude={"patterns", "anywhere_patterns", "scope", "scope_reason"}),
                    "scope": scope,
                    "scope_reason": reason,
                    "list_year": catalogue.list_year,
                    "jurisdiction_code": catalogue.jurisdiction_code,
                    "catalogue": catalogue.source,
                }
            )
    return rows
