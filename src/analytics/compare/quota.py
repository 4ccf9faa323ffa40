"""Quota shares: each district's figure for each municipal quota metric, as a share of the municipal figure.

One row per district list × municipal quota metric, so that nothing is silently dropped: a metric the
district published is `aligned`; one whose municipal item the district takes up without a figure for this
measure is `not_published`; one whose item it does not take up is `not_taken_up`.

"Taken up" has one meaning everywhere (tables, `analytics qa`, reports): a district list takes up a municipal
item when one of its items takes it up (`taken_up`: the list says so, or its title matches) or when it
publishes one of the item's measures in another of its items (`carried_in_other_items`); otherwise the item
is `not_taken_up`. The table `item_takeup` holds this per list and municipal item.

A share is only filled where it may be read as one: the municipal figure is a total shared among districts
(catalogue `scope`), the units and what is counted agree. Elsewhere `share` is NULL and the plain quotient
is kept in `ratio_not_a_share`; a municipal minimum is compared as met or not met (`meets_minimum`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..items.read import ParsedDocument
from ..targets.alignment import Target, value_in
from ..targets.catalogue import Catalogue, Metric
from ..targets.quantities import Unit
from .counted import CountedWords
from .population import PopulationFigure, population_note

STAGE_CAVEAT = "district figure counts {district} work where the municipal target counts {municipal} work"


SCOPE_CAVEATS = {
    "minimum": "the municipal figure is a minimum for each district, not a total: compared as met or not met ({})",
    "citywide": "the municipal figure is a citywide count that district figures are not part of: no share ({})",
}


@dataclass
class DistrictList:
    doc_id: str
    jurisdiction_code: str
    taken_up_items: dict[str, list[str]]  # municipal item → the list's items that take it up ("4 title")
    targets: list[Target]
    carrying: dict[str, list[str]] = field(init=False)  # municipal item → other items publishing its measures

    def __post_init__(self) -> None:
        self.carrying = {}
        for t in self.targets:
            if t.metric is None:
                continue
            item, name = t.metric.municipal_item_no, f"{t.project.item_no} {t.project.title.text}"
            if name not in self.taken_up_items.get(item, []) and name not in self.carrying.get(item, []):
                self.carrying.setdefault(item, []).append(name)

    def takeup(self, municipal_item_no: str) -> str:
        if self.taken_up_items.get(municipal_item_no):
            return "taken_up"
        return "carried_in_other_items" if self.carrying.get(municipal_item_no) else "not_taken_up"


def _caveats(
    metric: Metric, district: list[Target], municipal: list[Target], counted: CountedWords | None = None
) -> tuple[bool, list[str]]:
    caveats: list[str] = []
    comparable = metric.comparable
    if not metric.reviewed:
        caveats.append("the metric comes from a draft catalogue nobody has reviewed yet (analytics catalogue draft)")
    if metric.caveat:
        caveats.append(metric.caveat)
    if not municipal:
        return False, [*caveats, "the municipal list publishes no figure for this measure"]
    m = municipal[0].quantity
    for t in district:
        q = t.quantity
        differs = counted.disagreements(q.clause, m.clause) if counted else []
        if differs:
            comparable = False
            caveats += differs
        if q.counted_from_names:
            caveats.append(f"counted from the names listed ({q.expression})")
        if q.each:
            caveats.append(f"各: the figure counts each of the {len(q.each)} things listed ({'、'.join(q.each)})")
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
    counted: CountedWords | None = None,
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for metric in catalogue.metrics:
        if metric.kind != "quota":
            continue
        unit = units[metric.unit]
        scope, reason = catalogue.scope(metric)
        municipal = [t for t in municipal_targets if t.metric is metric]
        municipal_value = sum(value_in(t, unit) for t in municipal) if municipal else None
        for d in districts:
            district = [t for t in d.targets if t.metric is metric]
            takeup = d.takeup(metric.municipal_item_no)
            if district:
                status = "aligned"
            elif takeup != "not_taken_up":
                status = "not_published"
            else:
                status = "not_taken_up"
            district_value = sum(value_in(t, unit) for t in district) if district else None
            comparable, caveats = _caveats(metric, district, municipal, counted) if district else (False, [])
            if district and scope != "total":
                comparable = False
                caveats.insert(0, SCOPE_CAVEATS[scope].format(reason))
            ratio = (
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
                    "scope": scope,
                    "scope_reason": reason,
                    "jurisdiction_code": d.jurisdiction_code,
                    "doc_id": d.doc_id,
                    "item_takeup": takeup,
                    "status": status,
                    "district_value": district_value,
                    "municipal_value": municipal_value,
                    "unit": metric.unit,
                    "share": ratio if comparable else None,
                    "ratio_not_a_share": ratio,
                    "meets_minimum": (
                        district_value >= municipal_value
                        if scope == "minimum" and district_value is not None and municipal_value is not None
                        else None
                    ),
                    "comparable": comparable if district else None,
                    "caveat": "; ".join(caveats) or None,
                    "district_target_ids": [t.target_id for t in district],
                    "municipal_target_ids": [t.target_id for t in municipal],
                    "district_source_text": " | ".join(dict.fromkeys(t.source_text for t in district)) or None,
                    "municipal_source_text": " | ".join(dict.fromkeys(t.source_text for t in municipal)) or None,
                }
            )
    return rows


def takeup_rows(districts: list[DistrictList], municipal_items: list[str]) -> list[dict]:
    """Per district list and municipal item: whether the list takes it up, and through which of its items."""
    return [
        {
            "doc_id": d.doc_id,
            "jurisdiction_code": d.jurisdiction_code,
            "municipal_item_no": item_no,
            "takeup": d.takeup(item_no),
            "taking_up_items": d.taken_up_items.get(item_no, []),
            "carrying_items": d.carrying.get(item_no, []),
        }
        for d in districts
        for item_no in municipal_items
    ]


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


def _district_lists(lists: list[ParsedDocument], targets: dict[str, list[Target]]) -> list[DistrictList]:
    out = []
    for p in lists:
        if p.is_municipal:
            continue
        taken: dict[str, list[str]] = {}
        for pr in p.projects:
            if pr.tier == "municipal" and pr.municipal_item_no:
                taken.setdefault(pr.municipal_item_no, []).append(f"{pr.item_no} {pr.title.text}")
        out.append(DistrictList(p.entry.id, p.entry.jurisdiction_code, taken, targets.get(p.entry.id, [])))
    return out


def quota_share_rows(
    parsed: list[ParsedDocument],
    targets: dict[str, list[Target]],
    catalogues: dict[int, Catalogue],
    units: dict[str, Unit],
    population: dict,
    trust_words: dict[str, str] | None = None,
    counted: CountedWords | None = None,
) -> tuple[list[dict], list[dict]]:
    """Per year a catalogue describes, the full grid: every district list × every municipal quota metric, and
    the take-up of every municipal item by every district list."""
    rows: list[dict] = []
    takeup: list[dict] = []
    for year, catalogue in sorted(catalogues.items()):
        lists = [p for p in parsed if p.is_list and p.entry.year == year]
        municipal = [t for p in lists if p.is_municipal for t in targets.get(p.entry.id, [])]
        districts = _district_lists(lists, targets)
        year_rows = quota_rows(districts, municipal, catalogue, units, counted)
        municipal_codes = [p.entry.jurisdiction_code for p in lists if p.is_municipal]
        if municipal_codes:
            add_proportionality(year_rows, population, municipal_codes[0], trust_words)
        rows += year_rows
        items = [pr.item_no for p in lists if p.is_municipal for pr in p.projects]
        takeup += takeup_rows(districts, items)
    return rows, takeup
