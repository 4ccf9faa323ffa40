"""A draft metric catalogue for a municipal list of a year no catalogue describes yet.

The reviewed catalogue (metric_catalogue.yaml) took a person reading the 2026 list; a new year's list should
not wait for that to be compared at all. The draft names one metric per figure of the municipal list, with
its unit, the words before it as its pattern, a guessed kind and scope, and `reviewed: false`: it aligns
district figures at once, every comparison built on it says it is unreviewed, and a reviewer edits the file
(labels in English, patterns widened, scopes confirmed) and sets `reviewed: true`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from ..items.read import ParsedDocument
from .quantities import CLAUSE_BREAK, Quantity, QuantityParser

LEVEL_DIMENSIONS = ("percent", "percentage_point")
DRAFT_SCOPE_REASON = "guessed by analytics catalogue draft (the municipal figure as the sum of the districts' parts)"
PATTERN_CHARS = 4  # the words right before a figure that name it: 老旧小区改造600个 → 小区改造〈Q〉
_NOT_NAME = re.compile(r"[\s“”「」『』\"'（）()〈〉]")


@dataclass(frozen=True)
class DraftSettings:
    """Guesses a reviewer confirms; the words are in analysis_settings.yaml (catalogue_draft)."""

    minimum_words: tuple[str, ...]  # 各区启动3个片区: a figure each district must reach
    qualifier_words: tuple[str, ...]  # words between the name and the figure that are not part of the name
    leading_words: tuple[str, ...] = ()  # words before a name that are not part of it (全年, 完成 …)


def _name_words(q: Quantity, text: str, settings: DraftSettings) -> tuple[str, str]:
    """(words before, words after) that name the figure: the clause before it, else what follows its unit."""
    before = _NOT_NAME.sub("", q.clause)
    for word in settings.qualifier_words:
        before = before.removesuffix(word)
    stripped = True
    while stripped:
        stripped = False
        for word in settings.leading_words:
            if before.startswith(word) and len(before) > len(word) + 1:
                before, stripped = before[len(word) :], True
    if len(before) >= 2:
        return before, ""
    after = CLAUSE_BREAK.split(text[q.end :], maxsplit=1)[0]
    return "", _NOT_NAME.sub("", after)


def draft_metrics(municipal: ParsedDocument, parser: QuantityParser, settings: DraftSettings) -> list[dict]:
    """One unreviewed metric per figure of the municipal list, in the catalogue's own fields."""
    metrics = []
    for project in municipal.projects:
        text = project.task.text
        found = [q for q in parser.parse(text) if not q.context]
        for k, q in enumerate(found, 1):
            before, after = _name_words(q, text, settings)
            if before:
                tail = before[-PATTERN_CHARS:]
                pattern, name = f"{re.escape(tail)}〈Q〉", before[-20:]
            else:
                head = after[:PATTERN_CHARS]
                pattern, name = f"〈Q〉{re.escape(head)}", after[:20]
            item = f"{int(project.item_no):02d}" if project.item_no.isdigit() else project.item_no
            metric: dict = {
                "metric": f"item{item}_figure{k}",
                "municipal_item_no": project.item_no,
                "unit": q.unit.unit,
                "kind": "level" if q.unit.dimension in LEVEL_DIMENSIONS or q.per_unit else "quota",
                "metric_zh": name or project.title.text,
                "metric_en": f"Item {project.item_no}, figure {k} (draft: name it in English)",
                "patterns": [pattern],
                "reviewed": False,
            }
            minimum = [w for w in settings.minimum_words if w in text[q.sentence_start : q.end]]
            if minimum:
                metric["scope"] = "minimum"
                metric["scope_reason"] = f"guessed from {minimum[0]} in the sentence: review"
            if q.cumulative:
                metric["caveat"] = "the municipal figure is cumulative (累计/总量): review"
            metrics.append(metric)
    return metrics


def keep_reviewed(existing: dict | None, draft: list[dict]) -> tuple[list[dict], list[dict]]:
    """A draft written again over a catalogue someone has worked on: (the reviewed metrics of `existing`, kept as
    they are, and the drafted metrics that are new). A drafted metric is not new when a reviewed one has its key,
    or measures the same municipal item with one of its patterns (a reviewer renames keys and widens patterns)."""
    metrics = (existing or {}).get("metrics") or []
    reviewed = [m for m in metrics if isinstance(m, dict) and m.get("reviewed", True)]
    keys = {m.get("metric") for m in reviewed}
    patterns = {(str(m.get("municipal_item_no")), p) for m in reviewed for p in m.get("patterns") or []}

    def is_new(m: dict) -> bool:
        return m["metric"] not in keys and not any((m["municipal_item_no"], p) in patterns for p in m["patterns"])

    return reviewed, [m for m in draft if is_new(m)]


def catalogue_text(
    year: int, source: str, metrics: list[dict], jurisdiction_code: str, default_scope: dict | None = None
) -> str:
    """The draft as YAML, one metric per line as in metric_catalogue.yaml (so errors name the metric's line);
    `default_scope` a reviewer set is kept."""
    scope = default_scope or {"scope": "total", "reason": DRAFT_SCOPE_REASON}
    scope_yaml = yaml.safe_dump({"default_scope": scope}, allow_unicode=True, sort_keys=False, width=10_000)
    header = f"""# DRAFT metric catalogue for the {year} list of {jurisdiction_code}, written by
# `analytics catalogue draft` from {source}. Nothing here has been reviewed: every metric aligns the
# figures of the lists below, and every comparison built on one says it is unreviewed. To review a
# metric: give it a key and an English label, widen its patterns to the wording the lists below use (see
# metric_catalogue.yaml for the fields), confirm its kind and scope, then set reviewed: true.
jurisdiction_code: "{jurisdiction_code}"
list_year: {year}
{scope_yaml}metrics:
"""
    lines = [
        "  - " + yaml.safe_dump(m, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10_000).strip()
        for m in metrics
    ]
    return header + "\n".join(lines) + "\n"
