"""Five-year-plan indicator tables (专栏1): baseline and target per indicator, as printed and as numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..documents.formats.document import Document
from ..documents.layouts.cells import Table, item_rows
from ..documents.sourcetext import SourceText, compact
from ..documents.vocabulary import Vocabulary
from .projects import clean, one_line, roles_of

_BOUND = re.compile(r"^(?P<op>[<>＜＞≤≥]=?|不低于|不少于|不高于|以上|以下)?(?P<num>\d+(?:\.\d+)?)(?P<post>以上|以下)?$")
_OPS = {
    "<": "lt",
    "＜": "lt",
    ">": "gt",
    "＞": "gt",
    "≤": "le",
    "<=": "le",
    "≥": "ge",
    ">=": "ge",
    "不低于": "ge",
    "不少于": "ge",
    "不高于": "le",
    "以上": "ge",
    "以下": "le",
}


@dataclass
class IndicatorValue:
    text: str | None
    value: float | None
    direction: str | None  # eq, lt, gt, le, ge; None when not numeric
    cumulative: bool


@dataclass
class Indicator:
    category: str | None
    indicator_no: str
    name: SourceText
    unit: str | None
    attribute: str | None
    attribute_en: str | None
    baseline_year: int
    target_year: int
    baseline: IndicatorValue
    target: IndicatorValue
    span: tuple[int, int]
    line: int


def parse_value(cell: str, vocab: Vocabulary) -> IndicatorValue:
    """'【1.53】' → 1.53 cumulative; '≥30' → 30 ge; '—' → not published; '应保尽保' → text only."""
    text = compact(cell)
    if not text or text in vocab.empty_markers:
        return IndicatorValue(None, None, None, False)
    left, right = vocab.raw["cumulative_brackets"]
    cumulative = text.startswith(left) and text.endswith(right)
    inner = text[1:-1] if cumulative else text
    m = _BOUND.fullmatch(inner)
    if not m:
        return IndicatorValue(text, None, None, cumulative)
    op = m["op"] or m["post"]
    return IndicatorValue(text, float(m["num"]), _OPS.get(op, "eq") if op else "eq", cumulative)


def is_indicator_table(table: Table, vocab: Vocabulary) -> bool:
    roles = [vocab.role_of(h) for h in table.header]
    return "indicator" in roles and roles.count("year_value") >= 2


def extract_indicators(doc: Document, tables: list[Table], vocab: Vocabulary) -> list[Indicator]:
    out: list[Indicator] = []
    year_pattern = re.compile(vocab.raw["column_roles"]["year_value"][0])
    for table in tables:
        if not is_indicator_table(table, vocab):
            continue
        roles = roles_of(table, vocab)
        years = [
            (i, int(year_pattern.fullmatch(h)["year"]))
            for i, h in enumerate(table.header)
            if vocab.role_of(h) == "year_value"
        ]
        (base_col, base_year), (target_col, target_year) = years[0], years[-1]
        for category, row in item_rows(table, doc.path):
            values = row.texts()
            attribute = compact(values[roles["indicator_attribute"]]) if "indicator_attribute" in roles else None
            unit = compact(values[roles["unit"]]) if "unit" in roles else None
            out.append(
                Indicator(
                    category=category,
                    indicator_no=compact(values[roles["item_no"]]) if "item_no" in roles else str(len(out) + 1),
                    name=one_line(clean(row.cells[roles["indicator"]].text)),
                    unit=unit or None,
                    attribute=attribute or None,
                    attribute_en=vocab.attribute_en(attribute) if attribute else None,
                    baseline_year=base_year,
                    target_year=target_year,
                    baseline=parse_value(values[base_col], vocab),
                    target=parse_value(values[target_col], vocab),
                    span=row.span or (0, 0),
                    line=row.line,
                )
            )
    return out
