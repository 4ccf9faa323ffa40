"""Generated lists in every layout and format, read back by the product's reader and compared field by field.

The truth is the generator's (tests/list_generator.py); the reader is the one `analytics add` and the build use
(`items.read.read_items`). Compared per item: section, number, title, task, lead and partner units, deadline and
money. Text is compared without white space: line breaks inside a cell are layout, not content.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from list_generator import RENDERERS, GeneratedList, generated_lists

from analytics.documents.manifest import DocumentEntry
from analytics.documents.sourcetext import compact
from analytics.documents.vocabulary import Vocabulary
from analytics.errors import Warnings
from analytics.items.read import LIST_KIND, read_items

VOCAB = Vocabulary.load(Path(__file__).resolve().parents[1] / "data/reference/layout_vocabulary.yaml")
# Slow renderers (PDF layout and extraction) get fewer examples; together a few hundred per run, the same ones
# each run. ORACLE_SCALE=20 runs twenty times as many fresh random ones (a longer hunt, by hand).
EXAMPLES = {"pdf": 15, "docx": 25, "xlsx": 25, "xls": 25}
SCALE = int(os.environ.get("ORACLE_SCALE", "1"))


def _entry() -> DocumentEntry:
    return DocumentEntry.model_validate(
        {
            "id": "500999-2026-livelihood",
            "jurisdiction_code": "500999",
            "level": "county",
            "year": 2026,
            "kind": LIST_KIND,
            "file": "list.txt",
            "sha256": "0" * 64,
            "jurisdiction_name_zh": "某县",
            "jurisdiction_name_en": "A county",
            "issuer": "某县人民政府办公室",
            "title": "某县2026年重点民生实事",
        }
    )


def read_back(g: GeneratedList, fmt: str) -> list[dict]:
    with tempfile.TemporaryDirectory() as d:
        path = RENDERERS[fmt](g, Path(d))
        parsed = read_items(path, _entry(), VOCAB, Warnings())
    return [
        {
            "section": p.section,
            "item_no": p.item_no,
            "title": compact(p.title.text),
            "task": compact(p.task.text),
            "lead_units": p.lead_units,
            "partner_units": p.partner_units,
            "deadline": compact(p.deadline or "") or None,
            "money": p.investment_wan_yuan,
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
            "lead_units": [u for s in item.subrows for u in s.units],
            "partner_units": item.partners if "partner_units" in g.columns else None,
            "deadline": compact("".join(s.deadline or "" for s in item.subrows)) or None,
            "money": float(item.money) if item.money is not None else None,
        }
        for name, item in g.items()
    ]


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
