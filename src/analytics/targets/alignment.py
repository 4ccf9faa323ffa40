"""Targets: every quantity of every item's task text, aligned to a catalogue metric where one fits.

A district figure is aligned to a municipal metric only when a catalogue pattern for that metric matches its
sentence and its unit is compatible. Patterns of the municipal item the district item takes up are tried
first; the catalogue's stricter `anywhere_patterns` then let a local item carry a municipal metric, and the
target says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..items.projects import Project
from ..items.read import ParsedDocument
from .catalogue import Catalogue, Metric
from .quantities import Quantity, QuantityParser, Unit, window

PEOPLE = ("people", "person_times")


@dataclass(slots=True)
class Target:
    """A figure of an item's task. Its spans and sentence are read off the task when asked for, not stored: a
    list with a hundred thousand figures keeps one copy of its text, not one per figure."""

    doc_id: str
    jurisdiction_code: str
    project: Project
    quantity: Quantity
    metric: Metric | None
    alignment: str | None  # 'item' (the item's own municipal metric) or 'anywhere' (another item's)
    unit_caveat: str | None
    unit_comparable: bool
    beneficiary: bool = False
    # for a figure of a list others take up: the metric of its own catalogue, what the lists below compare with
    # (a prefecture's figure is aligned to its province's metric and is itself its counties' metric)
    own_metric: Metric | None = None

    @property
    def span(self) -> tuple[int, int]:
        return self.project.task.span(self.quantity.start, self.quantity.end)

    @property
    def sentence_span(self) -> tuple[int, int]:
        return self.project.task.span(self.quantity.sentence_start, self.quantity.sentence_end)

    @property
    def source_text(self) -> str:
        return self.project.task.text[self.quantity.sentence_start : self.quantity.sentence_end].strip()

    @property
    def target_id(self) -> str:
        return f"{self.doc_id}@{self.span[0]}"


def unit_match(quantity: Unit, metric_unit: Unit, catalogue: Catalogue) -> tuple[bool, bool, str | None]:
    """(compatible, comparable, caveat) for a figure's unit against a metric's unit."""
    if quantity.canonical == metric_unit.canonical:
        return True, True, None
    pair = catalogue.unit_pairs.get((quantity.canonical, metric_unit.canonical))
    if pair:
        return True, pair.comparable, pair.caveat
    if quantity.dimension == metric_unit.dimension and quantity.dimension not in ("count",):
        return True, True, None  # same dimension, converted (米 ↔ 公里)
    return False, False, None


def align(
    text: str,
    quantity: Quantity,
    others: list[Quantity],
    item_no: str | None,
    catalogue: Catalogue,
    units: dict[str, Unit],
) -> tuple[Metric | None, str | None, bool, str | None]:
    if quantity.counted_from_names:  # 2 schools named: read as "〈Q〉学校"
        texts = [f"〈Q〉{quantity.counted_from_names}"]
    elif quantity.each:  # 老年食堂、…活动场所各1个: each listed thing with the figure
        texts = [re.sub(r"\s+", "", part) + "〈Q〉" for part in quantity.each]
    else:
        texts = [window(text, quantity, others)]
    passes = ((catalogue.of_item(item_no), "compiled", "item"), (catalogue.metrics, "compiled_anywhere", "anywhere"))
    for metrics, patterns, how in passes:
        for metric in metrics:
            compatible, comparable, caveat = unit_match(quantity.unit, units[metric.unit], catalogue)
            if compatible and any(p.search(marked) for p in getattr(metric, patterns) for marked in texts):
                return metric, how, comparable, caveat
    return None, None, True, None


def iter_targets(
    doc_id: str,
    jurisdiction_code: str,
    projects: list[Project],
    municipal_list: bool,
    parser: QuantityParser,
    catalogue: Catalogue | None,
    beneficiary_words: list[str] = (),
) -> Iterator[Target]:
    """The figures of each item in turn, made as they are asked for: a long list's figures are written as they
    come and never all held at once."""
    for project in projects:
        text = project.task
        quantities = parser.parse(text.text)
        item_no = project.item_no if municipal_list else project.municipal_item_no
        for q in quantities:
            others = [o for o in quantities if o is not q]
            metric, how, comparable, caveat = (None, None, True, None)
            if catalogue is not None and not q.context:  # context describes, it is never compared
                metric, how, comparable, caveat = align(text.text, q, others, item_no, catalogue, parser.units)
            yield Target(
                doc_id=doc_id,
                jurisdiction_code=jurisdiction_code,
                project=project,
                quantity=q,
                metric=metric,
                alignment=how,
                unit_caveat=caveat,
                unit_comparable=comparable,
                beneficiary=q.unit.dimension in PEOPLE
                and not q.context
                and any(w in q.clause for w in beneficiary_words),
            )


def value_in(target: Target, unit: Unit) -> float:
    """The figure in the metric's unit (2650 m → 2.65 公里); as printed when the units only compare."""
    q = target.quantity
    if q.unit.dimension == unit.dimension and q.unit.canonical == unit.canonical:
        return q.value * q.unit.factor / unit.factor
    return q.value


def document_targets(
    doc: ParsedDocument,
    parser: QuantityParser,
    catalogue: Catalogue | None,
    beneficiary_words: list[str],
    own_items: bool = False,
) -> Iterator[Target]:
    """A list's figures, made as they are asked for; none for other kinds of document. Aligned to `catalogue`,
    the catalogue of the list above (the build chooses it: 500103's figures to 500000's 2026 catalogue), or of
    the list itself (`own_items`: its own items' metrics, as a list others take up measures its own figures);
    unaligned when there is none."""
    if not doc.is_list:
        return iter(())
    return iter_targets(
        doc.entry.id,
        doc.entry.jurisdiction_code,
        doc.projects,
        own_items,
        parser,
        catalogue,
        beneficiary_words,
    )
