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
from ..targets.quantities import Quantity, Unit
from .counted import CountedWords
from .population import PopulationFigure, population_note

STAGE_CAVEAT = "district figure counts {district} work where the municipal target counts {municipal} work"


SCOPE_CAVEATS = {
    "minimum": "the municipal figure is a minimum for each district, not a total: compared as met or not met ({})",
    "citywide": "the municipal figure is a citywide count that district figures are not part of: no share ({})",
}


@dataclass
class MetricFigures:
    """A district list's figures aligned to one metric, folded as they are read: what its quota row needs, so
    the figures themselves (a long list has hundreds of thousands) are not kept."""

    value: float = 0.0
    target_ids: list[str] = field(default_factory=list)
    source_texts: dict[str, None] = field(default_factory=dict)  # in order, each once
    expressions: list[str] = field(default_factory=list)
    caveats: dict[str, None] = field(default_factory=dict)
    comparable: bool = True


@dataclass
class DistrictList:
    """One district list in the quota grid: its take-up of the municipal items and its aligned figures, added
    one at a time (`add`) against the municipal list's figures of the same year."""

    doc_id: str
    jurisdiction_code: str
    taken_up_items: dict[str, list[str]]  # municipal item → the list's items that take it up ("4 title")
    compared_with: dict[str, Quantity]  # metric key → the municipal figure a district figure is compared with
    units: dict[str, Unit]
    counted: CountedWords | None = None
    carrying: dict[str, list[str]] = field(default_factory=dict)  # municipal item → other items with its measures
    figures: dict[str, MetricFigures] = field(default_factory=dict)  # metric key → the figures aligned to it

    def add(self, t: Target) -> None:
        """Fold one figure in; figures aligned to no metric play no part."""
        if t.metric is None:
            return
        item, name = t.metric.municipal_item_no, f"{t.project.item_no} {t.project.title.text}"
        if name not in self.taken_up_items.get(item, []) and name not in self.carrying.get(item, []):
            self.carrying.setdefault(item, []).append(name)
        folded = self.figures.setdefault(t.metric.metric, MetricFigures())
        folded.value += value_in(t, self.units[t.metric.unit])
        folded.target_ids.append(t.target_id)
        folded.source_texts[t.source_text] = None
        folded.expressions.append(t.quantity.expression.strip())
        municipal = self.compared_with.get(t.metric.metric)
        if municipal is not None:
            comparable, caveats = _figure_caveats(t, municipal, self.counted)
            folded.comparable &= comparable
            folded.caveats.update(dict.fromkeys(caveats))

    def takeup(self, municipal_item_no: str) -> str:
        if self.taken_up_items.get(municipal_item_no):
            return "taken_up"
        return "carried_in_other_items" if self.carrying.get(municipal_item_no) else "not_taken_up"


def _figure_caveats(t: Target, m: Quantity, counted: CountedWords | None) -> tuple[bool, list[str]]:
    """Whether one district figure compares with the municipal figure `m`, and what a reader must know."""
    caveats: list[str] = []
    comparable = True
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
    return comparable, caveats


def _caveats(metric: Metric, district: MetricFigures, has_municipal: bool) -> tuple[bool, list[str]]:
    caveats: list[str] = []
    comparable = metric.comparable
    if not metric.reviewed:
        caveats.append("the metric comes from a draft catalogue nobody has reviewed yet (analytics catalogue draft)")
    if metric.caveat:
        caveats.append(metric.caveat)
    if not has_municipal:
        return False, [*caveats, "the municipal list publishes no figure for this measure"]
    caveats += district.caveats
    comparable &= district.comparable
    if len(district.expressions) > 1:
        parts = " + ".join(district.expressions)
        caveats.append(f"sum of {len(district.expressions)} district figures: {parts}")
    return comparable, list(dict.fromkeys(caveats))


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


def _implausible(
    metric: Metric,
    district: float | None,
    municipal: float | None,
    ratio: float | None,
    scope: str,
    plausible_above: float | None,
) -> str | None:
    """Why no share can be read from these figures, or None."""
    if municipal is not None and municipal < 0 or district is not None and district < 0:
        shown = ", ".join(
            f"{who} {_fmt(v)} {metric.unit}"
            for who, v in (("district", district), ("municipal", municipal))
            if v is not None and v < 0
        )
        return f"a negative figure ({shown}): no share; check the figure as printed"
    if municipal == 0 and district is not None:
        return f"the municipal figure is 0 {metric.unit}: no share can be taken of it; check the figure as printed"
    if scope == "total" and plausible_above is not None and ratio is not None and ratio > plausible_above:
        return (
            f"the district figure ({_fmt(district or 0)} {metric.unit}) is {ratio:,.4g} times the municipal total "
            f"({_fmt(municipal or 0)}), above the plausible bound of {plausible_above:g} "
            "(analysis_settings.yaml shares.plausible_share_above): not read as a share; check the figure, its unit "
            "and the metric's scope"
        )
    return None


def quota_rows(
    districts: list[DistrictList],
    municipal_targets: list[Target],
    catalogue: Catalogue,
    units: dict[str, Unit],
    plausible_above: float | None = None,
    problems: list[tuple[str, str]] | None = None,
) -> list[dict[str, Any]]:
    """One row per district list × quota metric. A figure no share can be read from (a municipal figure of 0, a
    negative figure, a district figure above `plausible_above` times a municipal total) is not comparable, says
    why in its caveat, and is appended to `problems` as (doc_id, message) for the build's warnings."""
    rows: list[dict[str, Any]] = []
    for metric in catalogue.metrics:
        if metric.kind != "quota":
            continue
        unit = units[metric.unit]
        scope, reason = catalogue.scope(metric)
        municipal = [t for t in municipal_targets if t.metric is metric]
        municipal_value = sum(value_in(t, unit) for t in municipal) if municipal else None
        for d in districts:
            district = d.figures.get(metric.metric)
            takeup = d.takeup(metric.municipal_item_no)
            if district:
                status = "aligned"
            elif takeup != "not_taken_up":
                status = "not_published"
            else:
                status = "not_taken_up"
            district_value = district.value if district else None
            comparable, caveats = _caveats(metric, district, bool(municipal)) if district else (False, [])
            if district and scope != "total":
                comparable = False
                caveats.insert(0, SCOPE_CAVEATS[scope].format(reason))
            ratio = (
                district_value / municipal_value
                if district_value is not None and municipal_value not in (None, 0)
                else None
            )
            if district:
                implausible = _implausible(metric, district_value, municipal_value, ratio, scope, plausible_above)
                if implausible:
                    comparable = False
                    caveats.insert(0, implausible)
                    if problems is not None:
                        problems.append((d.doc_id, f"{metric.metric}: {implausible}"))
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
                    "district_target_ids": district.target_ids if district else [],
                    "municipal_target_ids": [t.target_id for t in municipal],
                    "district_source_text": " | ".join(district.source_texts) or None if district else None,
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


def taken_up_items(doc: ParsedDocument) -> dict[str, list[str]]:
    """Municipal item → the list's items that take it up ("4 title")."""
    taken: dict[str, list[str]] = {}
    for pr in doc.projects:
        if pr.tier not in (None, "local") and pr.municipal_item_no:  # 市级, 省级: taken up from the list above
            taken.setdefault(pr.municipal_item_no, []).append(f"{pr.item_no} {pr.title.text}")
    return taken


@dataclass
class _Parent:
    """A list that others take up, with what its grid needs: its items, its figures aligned to its own catalogue,
    the first figure of each metric (what a district figure is compared with) and the lists below it."""

    doc_id: str
    code: str
    year: int
    catalogue: Catalogue
    items: list[str]
    targets: list[Target]
    compared_with: dict[str, Quantity] = field(default_factory=dict)
    districts: list[DistrictList] = field(default_factory=list)


class QuotaGrid:
    """Per list that others take up (the parent list: Chongqing's municipal list, a province's or a prefecture's
    list), the full grid: every list right below it × every quota metric of its catalogue, and the take-up of
    every one of its items by every list below it.

    Fed one list at a time as the build reads them, parent lists first (top down), so that only what the grid
    needs stays: a parent list's figures, and of a list below it its take-up and its aligned figures folded into
    sums, identifiers and caveats (`DistrictList.add`), not the figures themselves. A list that is both (a
    prefecture's, below its province's and above its counties') is a district of one grid and the parent of
    another.
    """

    def __init__(self, units: dict[str, Unit], counted: CountedWords | None = None) -> None:
        self.units, self.counted = units, counted
        self.problems: list[tuple[str, str]] = []  # (doc_id, message): figures no share could be read from
        self._parents: dict[str, _Parent] = {}  # parent list's doc id → its grid

    def add_parent(self, doc: ParsedDocument, targets: list[Target], catalogue: Catalogue) -> None:
        """A parent list, its figures aligned to its own `catalogue` (own items)."""
        parent = _Parent(
            doc.entry.id,
            doc.entry.jurisdiction_code,
            doc.entry.year,
            catalogue,
            [pr.item_no for pr in doc.projects],
            targets,
        )
        for t in targets:
            if t.metric is not None:
                parent.compared_with.setdefault(t.metric.metric, t.quantity)
        self._parents[doc.entry.id] = parent

    def district(self, doc: ParsedDocument, parent_doc_id: str | None) -> DistrictList:
        """A list's place in the grid of the list above it, its items already aligned to that list; its figures
        are then `add`ed one at a time. `parent_doc_id` is the list above (added first); None when no list above
        it was found: the list then stays out of every grid (compared with nothing, in no row of quota_shares or
        item_takeup)."""
        parent = self._parents.get(parent_doc_id) if parent_doc_id else None
        district = DistrictList(
            doc.entry.id,
            doc.entry.jurisdiction_code,
            taken_up_items(doc),
            parent.compared_with if parent else {},
            self.units,
            self.counted,
        )
        if parent is not None and doc.is_list:
            parent.districts.append(district)
        return district

    def rows(
        self,
        population: dict[str, PopulationFigure],
        trust_words: dict[str, str] | None = None,
        plausible_above: float | None = None,
    ) -> tuple[list[dict], list[dict]]:
        """(quota_shares rows, item_takeup rows), parent list by parent list (by year, then code), each row with
        the list it is compared with and the district's share of that list's population."""
        rows: list[dict] = []
        takeup: list[dict] = []
        for parent in sorted(self._parents.values(), key=lambda p: (p.year, p.code)):
            if not parent.districts:
                continue
            above = {"parent_doc_id": parent.doc_id, "parent_code": parent.code}
            parent_rows = [
                {**row, **above} for row in quota_rows(
                    parent.districts, parent.targets, parent.catalogue, self.units, plausible_above, self.problems
                )
            ]
            add_proportionality(parent_rows, population, parent.code, trust_words)
            rows += parent_rows
            takeup += [{**row, **above} for row in takeup_rows(parent.districts, parent.items)]
        return rows, takeup
