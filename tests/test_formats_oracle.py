"""Generated lists in every layout and format, read back by the product's reader and compared field by field.

The truth is the generator's (tests/list_generator.py); the reader is the one `analytics add` and the build use
(`items.read.read_items`). Compared per item: section, number, title, task, lead and partner units, deadline and
money, and each deadline read (its sub-row, text, stage and date due, in order), the tier (a remark's 市民生实事 /
县民生实事 / 省级民生实事, else the section's) and each progress cell (percent, its source, the words beside it,
the as-of date and where it was read). Header words for the title and task columns may be unknown. Text is
compared without white space: line breaks inside a cell are layout, not content.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from conftest import SCALE
from district_fixture import list_entry
from hypothesis import HealthCheck, given, settings
from list_generator import DEADLINES, RENDERERS, GeneratedList, generated_lists

from analytics.documents.sourcetext import compact
from analytics.documents.vocabulary import Vocabulary
from analytics.errors import Warnings
from analytics.items.read import read_items

VOCAB = Vocabulary.load(Path(__file__).resolve().parents[1] / "data/reference/layout_vocabulary.yaml")
# Slow renderers (PDF layout and extraction) get fewer examples; together a few hundred per run, the same ones
# each run. ORACLE_SCALE=20 runs twenty times as many fresh random ones (a longer hunt, by hand).
EXAMPLES = {"pdf": 15, "docx": 25, "xlsx": 25, "xls": 25}
YEAR = 2026  # the year of the generated lists (their entry): deadlines fall due in it
ISSUED = "2026-04-01"  # their date of issue: the as-of date of a progress cell when neither it nor the page has one


def read_back(g: GeneratedList, fmt: str) -> list[dict]:
    with tempfile.TemporaryDirectory() as d:
        path = RENDERERS[fmt](g, Path(d))
        parsed = read_items(path, list_entry(year=YEAR, issued=ISSUED), VOCAB, Warnings())
    progress: dict[tuple, list] = {}
    for r in parsed.progress:
        progress.setdefault((r.section, r.item_no), []).append(
            (r.percent, r.percent_source, r.words, str(r.as_of), r.as_of_source)
        )
    return [
        {
            "section": p.section,
            "item_no": p.item_no,
            "title": compact(p.title.text),
            "task": compact(p.task.text),
            "lead_units": p.lead_units,
            "partner_units": p.partner_units,
            "deadline": compact(p.deadline or "") or None,
            "deadlines": [(d.sub_row, compact(d.text.text), d.stage, d.due(YEAR)) for d in p.deadlines],
            "money": p.investment_wan_yuan,
            "tier": p.tier,
            "progress": progress.get((p.section, p.item_no), []),
        }
        for p in parsed.projects
    ]


def truth(g: GeneratedList) -> list[dict]:
    return [
        {
            "section": compact(name) if name else None,
            "item_no": str(item.number),
            "title": compact(item.title),
            "task": compact(item.task),
            "lead_units": list(dict.fromkeys(u for s in item.subrows for u in s.units)),  # each unit once
            "partner_units": item.partners if "partner_units" in g.columns else None,
            "deadline": compact("".join(s.deadline or "" for s in item.subrows)) or None,
            "deadlines": [
                (sub, compact(text), stage, dt.date.fromisoformat(f"{YEAR}-{due}"))
                for sub, s in enumerate(item.subrows, start=1)
                for text, stage, due in DEADLINES.get(s.deadline or "", [])
            ],
            "money": float(item.money) if item.money is not None else None,
            "tier": g.tier(name, item),
            "progress": _progress_truth(g, item),
        }
        for name, item in g.items()
    ]


def _progress_truth(g: GeneratedList, item) -> list[tuple]:
    """(percent, percent source, words, as-of date, its source) of the item's progress cell: the date the cell
    prints, else the page's (the title line), else the date of issue."""
    cell = item.progress
    if cell is None:
        return []
    as_of, source = (
        (cell.as_of, "cell") if cell.as_of else ("2026-10-31", "page") if g.page_as_of else (ISSUED, "issued")
    )
    percent = None if cell.percent is None else float(cell.percent)
    kind = None if percent is None else "complete_word" if cell.complete_word else "stated"
    return [(percent, kind, cell.words, as_of, source)]


@pytest.mark.parametrize("fmt", list(RENDERERS))
def test_generated_lists_read_back_field_by_field(fmt):
    @settings(
        max_examples=EXAMPLES.get(fmt, 40) * SCALE,
        deadline=None,
        derandomize=SCALE == 1,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(generated_lists())
    def check(g: GeneratedList) -> None:
        got, want = read_back(g, fmt), truth(g)
        assert len(got) == len(want), (g.columns, [w["item_no"] for w in want], [x["item_no"] for x in got])
        for number, (a, b) in enumerate(zip(got, want), start=1):
            assert a == b, f"item {number} of {fmt}: read {a}, generated {b}"

    check()
