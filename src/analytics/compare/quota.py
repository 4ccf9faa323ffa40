"""Quota shares: each district's figure for each municipal quota metric, as a share of the municipal figure.

One row per district list × municipal quota metric, so that nothing is silently dropped: a metric the
district took up and published is `aligned`; one whose municipal item the district took up without a
figure for this measure is `not_published`; one whose item it did not take up is `not_taken_up`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..items.read import ParsedDocument
from ..targets.alignment import Target, value_in
from ..targets.catalogue import Catalogue, Metric
from ..targets.quantities import Unit
from .population import PopulationFigure, population_note

STAGE_CAVEAT = "district figure counts {district} work where the municipal target counts {municipal} work"


@dataclass
class DistrictList:
    doc_id: str
    jurisdiction_code: str
    taken_up_items: set[str]
    targets: list[Target]


def _caveats(metric: Metric, district: list[Target], municipal: list[Target]) -> tuple[bool, list[str]]:
    caveats: list[str] = []
    comparable = metric.comparable
    if metric.caveat:
        caveats.append(metric.caveat)
    if not municipal:
        return False, [*caveats, "the municipal list publishes no figure for this measure"]
    m = municipal[0].quantity
    for t in district:
        q = t.quantity
        if t.unit_caveat:
            caveats.append(t.unit_caveat)
            comparable &= t.unit_comparable
        if q.cumulative != m.cumulative:
            comparable = False
            caveats.append(
                "district figure is cumulative (累计/总量), the municipal one is this year's addition"
                if q.cumulative
                else "district figure is this year's addition, the municipal one is cumulative (累计/总量)"
            )
        if q.stage and m.stage and q.stage != m.stage:
            comparable = False
            caveats.append(STAGE_CAVEAT.format(district=q.stage, municipal=m.stage))
        if t.alignment == "anywhere":
            project = t.project
            caveats.append(
                f"taken from the district's item {project.item_no} {project.title.text} ({project.tier} tier), "
                "which carries this municipal measure"
            )
    if len(district) > 1:
        parts = " + ".join(t.quantity.expression.strip() for t in district)
        caveats.append(f"sum of {len(district)} district figures: {parts}")
    return comparable, list(dict.fromkeys(caveats))


def quota_rows(
    districts: list[DistrictList],
    municipal_targets: list[Target],
    catalogue: Catalogue,
    units: dict[str, Unit],
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for metric in catalogue.metrics:
        if metric.kind != "quota":
            continue
        unit = units[metric.unit]
        municipal = [t for t in municipal_targets if t.metric is metric]
        municipal_value = sum(value_in(t, unit) for t in municipal) if municipal else None
        for d in districts:
            district = [t for t in d.targets if t.metric is metric]
            if district:
                status = "aligned"
            elif metric.municipal_item_no in d.taken_up_items:
                status = "not_published"
            else:
                status = "not_taken_up"
            district_value = sum(value_in(t, unit) for t in district) if district else None
            comparable, caveats = _caveats(metric, district, municipal) if district else (False, [])
            share = (
                district_value / municipal_value
                if district_value is not None and municipal_value not in (None, 0)
                else None
            )
            rows.append(
                {
                    "municipal_item_no": metric.municipal_item_no,
                    "metric": metric.metric,
                    "metric_zh": metric.metric_zh,
                    "metric_en": metric.metric_en,
                    "jurisdiction_code": d.jurisdiction_code,
                    "doc_id": d.doc_id,
                    "status": status,
                    "district_value": district_value,
                    "municipal_value": municipal_value,
                    "unit": metric.unit,
                    "share": share,
                    "comparable": comparable if district else None,
                    "caveat": "; ".join(caveats) or None,
                    "district_target_ids": [t.target_id for t in district],
                    "municipal_target_ids": [t.target_id for t in municipal],
                    "district_source_text": " | ".join(dict.fromkeys(t.source_text for t in district)) or None,
                    "municipal_source_text": " | ".join(dict.fromkeys(t.source_text for t in municipal)) or None,
                }
            )
    return rows


def add_proportionality(
    rows: list[dict[str, Any]],
    population: dict[str, PopulationFigure],
    municipal_code: str,
    trust_words: dict[str, str] | None = None,
) -> None:
    """population_share = district ÷ municipal residents; proportionality = share ÷ population_share.

    1.0 means the district took on exactly its weight in population; NULL unless the share is comparable.
    """
    municipal = population.get(municipal_code)
    for row in rows:
        district = population.get(row["jurisdiction_code"])
        pop_share = district.resident_population / municipal.resident_population if district and municipal else None
        row["district_population"] = district.resident_population if district else None
        row["municipal_population"] = municipal.resident_population if municipal else None
        row["population_share"] = pop_share
        row["population_note"] = population_note(district, municipal, trust_words)
        row["proportionality"] = (
            row["share"] / pop_share if row["comparable"] and row["share"] is not None and pop_share else None
        )


def quota_share_rows(
    parsed: list[ParsedDocument],
    targets: dict[str, list[Target]],
    catalogue: Catalogue,
    units: dict[str, Unit],
    population: dict,
    trust_words: dict[str, str] | None = None,
) -> list[dict]:
    """The full grid for the catalogue's year: every district list × every municipal quota metric."""
    lists = [p for p in parsed if p.is_list and p.entry.year == catalogue.list_year]
    municipal = [t for p in lists if p.is_municipal for t in targets.get(p.entry.id, [])]
    districts = [
        DistrictList(
            p.entry.id,
            p.entry.jurisdiction_code,
            {pr.municipal_item_no for pr in p.projects if pr.tier == "municipal" and pr.municipal_item_no},
            targets.get(p.entry.id, []),
        )
        for p in lists
        if not p.is_municipal
    ]
    rows = quota_rows(districts, municipal, catalogue, units)
    municipal_codes = [p.entry.jurisdiction_code for p in lists if p.is_municipal]
    if municipal_codes:
        add_proportionality(rows, population, municipal_codes[0], trust_words)
    return rows
