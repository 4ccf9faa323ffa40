"""The layout vocabulary (data/reference/layout_vocabulary.yaml), compiled once for the readers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from .sourcetext import SourceText, compact

# 万元 in one unit of each money unit a header or cell may state.
MONEY_SCALE = {"万元": 1.0, "万": 1.0, "亿元": 10000.0, "亿": 10000.0, "元": 0.0001}


@dataclass
class Vocabulary:
    raw: dict[str, Any]
    # started / completed / in_use → their words: quantity_vocabulary.yaml `stage_words` (a deadline names them too)
    stage_words: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Vocabulary:
        """The vocabulary at `path`, with the stage words of quantity_vocabulary.yaml beside it."""
        quantities = yaml.safe_load(path.with_name("quantity_vocabulary.yaml").read_text(encoding="utf-8"))
        return cls(yaml.safe_load(path.read_text(encoding="utf-8")), quantities["stage_words"])

    @cached_property
    def _roles(self) -> list[tuple[str, re.Pattern[str]]]:
        return [
            (role, re.compile(pattern)) for role, patterns in self.raw["column_roles"].items() for pattern in patterns
        ]

    @cached_property
    def checkpoint(self) -> re.Pattern[str]:
        return re.compile(self.raw["checkpoint_header"])

    def role_of(self, header: str) -> str | None:
        """The role a header cell plays (title, task, …), or None for an unknown header."""
        text = compact(header)
        if not text:
            return None
        if self.checkpoint.fullmatch(text):
            return "checkpoint"
        for role, pattern in self._roles:
            if pattern.fullmatch(text):
                return role
        return None

    def money_scale(self, header: str) -> float:
        """万元 per unit of a money column: its header's unit (万元 when it names none)."""
        text = compact(header)
        for pattern in self.raw["column_roles"]["investment_wan_yuan"]:
            m = re.fullmatch(pattern, text)
            if m:
                return MONEY_SCALE[m.groupdict().get("scale") or "万元"]
        return 1.0

    @cached_property
    def title_clause_end(self) -> re.Pattern[str]:
        return re.compile(self.raw["title_clause_end"])

    @cached_property
    def title_numbering(self) -> re.Pattern[str]:
        return re.compile(self.raw["title_numbering"])

    @cached_property
    def _terminators(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in self.raw["table_terminators"]]

    def is_terminator(self, line: str) -> bool:
        text = line.strip()
        return any(p.fullmatch(text) for p in self._terminators)

    @cached_property
    def empty_markers(self) -> set[str]:
        return set(self.raw["empty_cell_markers"])

    @cached_property
    def progress_patterns(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in self.raw["progress_patterns"]]

    @cached_property
    def section_count(self) -> re.Pattern[str]:
        return re.compile(self.raw["section_count"])

    @cached_property
    def list_total(self) -> re.Pattern[str]:
        return re.compile(self.raw["list_total"])

    @cached_property
    def item_number(self) -> re.Pattern[str]:
        return re.compile(self.raw["item_number"])

    @cached_property
    def page_marker(self) -> re.Pattern[str]:
        return re.compile(self.raw["page_marker"])

    @cached_property
    def investment_in_text(self) -> re.Pattern[str]:
        return re.compile(self.raw["investment_in_text"])

    @cached_property
    def annual_investment_in_text(self) -> re.Pattern[str]:
        return re.compile(self.raw["annual_investment_in_text"])

    def investment_kind(self, header: str) -> str | None:
        """'total' (the whole project's cost) or 'annual' (the list year's) as a money column's header says;
        None when it names neither (计划投资)."""
        text = compact(header)
        for kind in ("total", "annual"):  # 2026年项目总投资 is a total: total words first
            if any(re.search(p, text) for p in self.raw["investment_kind"][kind]):
                return kind
        return None

    @cached_property
    def _multi_year_year(self) -> re.Pattern[str]:
        return re.compile(self.raw["multi_year"]["completion_year"])

    def multi_year(self, text: str, list_year: int | None) -> str | None:
        """Why an item is a project of several years (its 续建, or 2027年建成 after a 2026 list), or None."""
        text = compact(text)
        for word in self.raw["multi_year"]["words"]:
            if word in text:
                return word
        if list_year is not None:
            for m in self._multi_year_year.finditer(text):
                if int(m["year"]) > list_year:
                    return m.group(0)
        return None

    @cached_property
    def _section_heading(self) -> re.Pattern[str]:
        return re.compile(self.raw["plain_cell_kinds"]["section_heading"])

    def is_section_heading(self, line: str, numbered_only: bool = False) -> bool:
        """A line that heads a section of a list: numbered as one (一、… （一）…), or (unless `numbered_only`, where
        a cell's one line could name a tier) naming a tier or stating a count; other lines between rows (page
        numbers, running headers) are not."""
        text = compact(line)
        if not text or self.page_marker.match(line):
            return False
        if self._section_heading.fullmatch(text):
            return True
        return not numbered_only and bool(self.tier_of(text) or self.section_count.search(text))

    def tier_of(self, text: str) -> str | None:
        """The tier a remark or section heading names ('provincial', 'municipal', 'local': the vocabulary's `tier`
        names, tried in its order), else None."""
        text = compact(text)
        for tier, words in self.raw["tier"].items():
            if any(word in text for word in words):
                return tier
        return None

    @cached_property
    def progress_cells(self) -> dict[str, Any]:
        """The `progress_cells` words compiled: percent, as-of date, complete phrase, status words."""
        raw = self.raw["progress_cells"]
        return {
            "percent": re.compile(raw["percent"]),
            "as_of": re.compile(raw["as_of"]),
            "complete": re.compile(raw["complete"]),
            "status": tuple(raw["status"]),
            "max_chars": int(raw["max_chars"]),
        }

    @cached_property
    def unit_boundary(self) -> re.Pattern[str]:
        endings = sorted(self.raw["unit_name_endings"], key=len, reverse=True)
        prefixes = "".join(self.raw["unit_name_prefixes"])
        return re.compile(rf"(?:{'|'.join(map(re.escape, endings))})(?=[{prefixes}])")

    @cached_property
    def unit_boundary_end(self) -> re.Pattern[str]:
        """Text that ends with an organisation name."""
        endings = sorted(self.raw["unit_name_endings"], key=len, reverse=True)
        return re.compile(rf"(?:{'|'.join(map(re.escape, endings))})$")

    @cached_property
    def cell_line_end(self) -> re.Pattern[str]:
        return re.compile(self.raw["cell_line_end"])

    @cached_property
    def deadline_when(self) -> re.Pattern[str]:
        """A deadline's date (6月底前, 第三季度, 上半年, 年底前): its groups give the date it falls due."""
        return re.compile(self.raw["deadlines"]["when"])

    def _deadline(self, grouped: bool) -> str:
        words = sorted((w for ws in self.stage_words.values() for w in ws), key=len, reverse=True)
        d = self.raw["deadlines"]
        when = d["when"] if grouped else _ungrouped(d["when"])
        what = (
            rf"[\u4e00-\u9fff]{{0,{int(d['before_stage'])}}}?(?:{'|'.join(map(re.escape, words))})"
            rf"[\u4e00-\u9fff]{{0,{int(d['object_chars'])}}}"
        )
        if grouped:
            return rf"(?:(?P<when>{when})|(?P<open>{d['open_ended']}))(?P<what>{what})?"
        return rf"(?:{when}|{d['open_ended']})(?:{what})?"

    @cached_property
    def deadline(self) -> re.Pattern[str]:
        """One deadline: its date (group `when`, or `open` for 长期 …) and what is due then (`what`: 开工 …)."""
        return re.compile(self._deadline(grouped=True))

    @cached_property
    def deadline_separators(self) -> re.Pattern[str]:
        return re.compile(self.raw["deadlines"]["separators"])

    @cached_property
    def deadline_line(self) -> re.Pattern[str]:
        """A line that is one or more deadlines and nothing else (fullmatch; white space removed)."""
        one = self._deadline(grouped=False)
        return re.compile(rf"{one}(?:{self.raw['deadlines']['separators']}{one})*")

    def stage_of(self, text: str) -> str | None:
        """The furthest stage `text` names (started, completed, in_use: 建成并投入使用 is in_use); None for none."""
        for stage, words in reversed(self.stage_words.items()):
            if any(w in text for w in words):
                return stage
        return None

    @cached_property
    def unit_separators(self) -> re.Pattern[str]:
        return re.compile(self.raw["unit_separators"])

    def split_units(self, text: SourceText) -> list[SourceText]:
        """Organisation names in a unit cell, split on separators and on name boundaries."""
        units = []
        for part in text.split(self.unit_separators):
            cuts = [m.end() for m in self.unit_boundary.finditer(part.text)]
            bounds = [0, *cuts, len(part)]
            units.extend(part.slice(a, b) for a, b in zip(bounds, bounds[1:]) if b > a)
        return [u for u in units if u.text.strip()]

    @cached_property
    def numbered_list(self) -> dict[str, Any]:
        """The `numbered_list` words compiled: announcing words, numbering styles, end markers, stated count."""
        raw = self.raw["numbered_list"]
        return {
            "announce_strong": re.compile("|".join(f"(?:{p})" for p in raw["announce_strong"])),
            "announce_weak": re.compile("|".join(f"(?:{p})" for p in raw["announce_weak"])),
            "first_item_within": int(raw["first_item_within"]),
            "numbering": {style: re.compile(p) for style, p in raw["numbering"].items()},
            "item_start_after": re.compile(raw["item_start_after"]),
            "sentence_end": re.compile(raw["sentence_end"]),
            "end_markers": re.compile("|".join(f"(?:{p})" for p in raw["end_markers"])),
            "stated_count": re.compile(raw["stated_count"]),
        }

    def attribute_en(self, attribute: str) -> str | None:
        return self.raw["attribute_en"].get(compact(attribute))


def _ungrouped(pattern: str) -> str:
    """A pattern with its named groups made plain groups (to repeat it inside one expression)."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)
