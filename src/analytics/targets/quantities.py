"""Quantities stated in a task text: 完成老旧小区改造 600 个 → 600 个, completed, exact.

Handles Arabic and full-width digits, thousands separators, Chinese numerals (三个, 一万二千, via cn2an),
scale words (1.5万 → 15000), spaces between number and unit, ranges (3—5个) and the qualifier words around
a number. Time, age and money figures are not targets and are left out; so are numbers inside quotation
marks (names such as “15分钟高品质生活服务圈”) and specifications (3.5米宽).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import cn2an
import yaml

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_CN_DIGITS = set("零〇一二两三四五六七八九十")
_SCALES = {"万": 1e4, "亿": 1e8, "千": 1e3}
NOT_TARGETS = {"time", "age", "grade", "money"}
FIGURE_STAGES = ("started", "completed")  # the stages a figure counts (stage_words also has in_use)
CLAUSE_BREAK = re.compile(r"[，,、；;。：:\n]")
MINUS_SIGNS = "-−﹣－"
PHRASE_BREAK = re.compile(r"[，,；;。：:\n]")  # a phrase runs on over 、 (583名…、9100余名…)


@dataclass(frozen=True)
class Unit:
    unit: str
    canonical: str
    dimension: str
    factor: float


@dataclass(slots=True)
class Quantity:
    value: float
    value_high: float | None
    unit: Unit
    scale: str | None
    qualifier: str
    cumulative: bool
    per_unit: bool
    stage: str | None
    expression: str
    clause: str  # the clause before the figure (from the last comma or stop): the words that qualify it
    start: int  # offsets in the parsed string
    end: int
    sentence_start: int
    sentence_end: int
    context: bool = False  # describes who or what the item concerns (聚焦全县583名…), not a target
    each: tuple[str, ...] = ()  # 各: the things listed before it, each of which the figure counts
    counted_from_names: str | None = None  # a count of named facilities, and the category word they count


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class QuantityParser:
    def __init__(self, vocabulary: dict[str, Any], units: dict[str, Unit]) -> None:
        self.vocab = vocabulary
        self.units = units

    @classmethod
    def load(cls, reference: Path) -> QuantityParser:
        vocab = yaml.safe_load((reference / "quantity_vocabulary.yaml").read_text(encoding="utf-8"))
        return cls(vocab, load_units(reference / "units.csv"))

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        q = self.vocab["qualifiers"]
        before = _alternation([w for kind in q.values() for w in kind["before"]])
        after = _alternation([w for kind in q.values() for w in kind["after"]])
        units = _alternation(list(self.units))
        num = r"(?<![\d.A-Za-z])\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿]+"
        sep = _alternation(self.vocab["range_separators"])
        return re.compile(
            rf"(?P<qb>{before})?\s*(?P<num>{num})(?:\s*(?:{sep})\s*(?P<num2>{num}))?\s*(?P<scale>[万亿千])?"
            rf"(?P<qm>余|多)?\s*(?P<unit>{units})(?:\s*(?P<qa>{after}))?"
        )

    @cached_property
    def _qualifier_of(self) -> dict[str, str]:
        return {w: kind for kind, words in self.vocab["qualifiers"].items() for pos in words.values() for w in pos}

    def _quoted(self, text: str) -> list[bool]:
        inside = [False] * len(text)
        for left, right in self.vocab["quotes"]:
            for m in re.finditer(re.escape(left) + r"[^" + re.escape(right) + r"\n]*" + re.escape(right), text):
                for i in range(m.start(), m.end()):
                    inside[i] = True
        return inside

    def _sentence(self, text: str, pos: int) -> tuple[int, int]:
        ends = self.vocab["sentence_ends"]
        start = max((text.rfind(e, 0, pos) for e in ends), default=-1) + 1
        stops = [i for i in (text.find(e, pos) for e in ends) if i != -1]
        end = min(stops) + 1 if stops else len(text)
        return start, end

    @staticmethod
    def number(text: str) -> float | None:
        if text[0].isdigit():
            return float(text.replace(",", ""))
        if not _CN_DIGITS & set(text):
            return None  # 万, 千 alone (每万人) are not numbers
        try:
            return float(cn2an.cn2an(text, "smart"))
        except (ValueError, KeyError):
            return None

    def parse(self, raw: str) -> list[Quantity]:
        text = raw.translate(_FULLWIDTH)
        quoted = self._quoted(text)
        found: list[Quantity] = []
        for m in self.pattern.finditer(text):
            num_start = m.start("num")
            if quoted[num_start]:
                continue
            unit = self.units[m["unit"]]
            after_unit = text[m.end("unit") : m.end("unit") + 1]
            if unit.unit.isascii() and unit.unit[0].isalpha() and after_unit.isascii() and after_unit.isalnum():
                continue  # "m" of "mm", "km" of "kmh": not a unit here
            if unit.dimension in NOT_TARGETS:
                continue
            unit_end = m.end("unit")
            if not m["qa"] and any(
                text.startswith(w, unit_end - len(m["unit"])) and len(w) > len(m["unit"])
                for w in self.vocab["unit_false_friends"]
            ):
                continue
            following = text[m.end() : m.end() + 3]
            if any(following.startswith(w) for w in self.vocab["specification_after"]):
                continue
            value = self.number(m["num"])
            if value is None:
                continue
            # a minus sign right before the figure (-2所), not a range's dash (3-5个) nor a code's (A-3栋)
            sign_follows = text[num_start - 2] if num_start >= 2 else ""
            negative = (
                not m["qb"]
                and num_start > 0
                and text[num_start - 1] in MINUS_SIGNS
                and not (sign_follows.isascii() and sign_follows.isalnum())
            )
            if negative:
                value = -value
            high = self.number(m["num2"]) if m["num2"] else None
            scale = m["scale"]
            factor = _SCALES[scale] if scale else 1.0
            clause_start = max((mm.end() for mm in CLAUSE_BREAK.finditer(text, 0, num_start)), default=0)
            clause = text[clause_start : m.start()]
            phrase_start = max((mm.end() for mm in PHRASE_BREAK.finditer(text, 0, num_start)), default=0)
            context = any(w in text[phrase_start:num_start] for w in self.vocab["context_before"])
            before_number = text[phrase_start:num_start].rstrip()
            each: tuple[str, ...] = ()
            if any(before_number.endswith(w) for w in self.vocab["distributive_before"]):
                listed = before_number[:-1].split("、")
                each = tuple(part for part in listed if part) if len(listed) > 1 else ()
            sentence_start, sentence_end = self._sentence(text, num_start)
            qualifier = "exact"
            if high is not None:
                qualifier = "range"
            elif m["qb"] or m["qm"] or m["qa"]:
                qualifier = self._qualifier_of[m["qb"] or m["qm"] or m["qa"]]
            stage = None
            for name in FIGURE_STAGES:
                if any(w in clause for w in self.vocab["stage_words"][name]):
                    stage = name
                    break
            start = m.start("qb") if m["qb"] else num_start - 1 if negative else num_start
            found.append(
                Quantity(
                    value=value * factor,
                    value_high=high * factor if high is not None else None,
                    unit=unit,
                    scale=scale,
                    qualifier=qualifier,
                    cumulative=any(w in clause for w in self.vocab["cumulative_before"]),
                    per_unit=any(w in clause for w in self.vocab["per_unit_before"]),
                    stage=stage,
                    expression=raw[start : m.end()],
                    clause=clause,
                    start=start,
                    end=m.end(),
                    sentence_start=sentence_start,
                    sentence_end=sentence_end,
                    context=context,
                    each=each,
                )
            )
        return sorted([*found, *self._named_facilities(text, raw, found)], key=lambda q: q.start)

    @cached_property
    def _names(self) -> re.Pattern[str]:
        spec = self.vocab["named_facilities"]
        suffix = _alternation(list(spec["suffixes"]))
        name = rf"[\u4e00-\u9fff]{{1,16}}(?:{suffix})"
        before = "".join(spec["before"])
        return re.compile(
            rf"(?:(?<=[{before}])|^)(?![{before}])(?P<names>{name}(?:、{name})*)(?=(?:{_alternation(spec['after'])}))"
        )

    def _named_facilities(self, text: str, raw: str, found: list[Quantity]) -> list[Quantity]:
        """Facilities named without a numeral (对师范附属小学、砫蒲小学、县中医院周边 …): counted per category,
        so that 2 schools and 1 hospital are figures like any other, marked as counted from the names."""
        spec = self.vocab["named_facilities"]
        out = []
        for m in self._names.finditer(text):
            if any(m.start() <= q.start < m.end() + 4 for q in found):
                continue  # the names are followed by their own count (实验小学2所学校): nothing to add
            by_category: dict[tuple[str, str], list[tuple[int, int]]] = {}
            pos = m.start("names")
            for name in m["names"].split("、"):
                suffix = max((sf for sf in spec["suffixes"] if name.endswith(sf)), key=len)
                unit, category = spec["suffixes"][suffix]
                by_category.setdefault((unit, category), []).append((pos, pos + len(name)))
                pos += len(name) + 1
            sentence_start, sentence_end = self._sentence(text, m.start())
            for (unit, category), spans in by_category.items():
                start, end = spans[0][0], spans[-1][1]
                out.append(
                    Quantity(
                        value=float(len(spans)),
                        value_high=None,
                        unit=self.units[unit],
                        scale=None,
                        qualifier="exact",
                        cumulative=False,
                        per_unit=False,
                        stage=None,
                        expression="、".join(raw[a:b] for a, b in spans),
                        clause=text[m.start("names") : m.end("names")],
                        start=start,
                        end=end,
                        sentence_start=sentence_start,
                        sentence_end=sentence_end,
                        counted_from_names=category,
                    )
                )
        return out


def load_units(path: Path) -> dict[str, Unit]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["unit"]: Unit(row["unit"], row["canonical"], row["dimension"], float(row["factor"]))
            for row in csv.DictReader(handle)
        }


def window(text: str, quantity: Quantity, others: list[Quantity]) -> str:
    """The sentence around a quantity, white space removed, the quantity as 〈Q〉 and other figures as 〈N〉.

    Catalogue patterns are written against this form, so they need not care about spacing or numbers.
    """
    pieces = []
    pos = quantity.sentence_start
    for q in sorted([quantity, *others], key=lambda q: q.start):
        if q.end <= quantity.sentence_start or q.start >= quantity.sentence_end:
            continue
        pieces.append(text[pos : q.start])
        pieces.append("〈Q〉" if q is quantity else "〈N〉")
        pos = q.end
    pieces.append(text[pos : quantity.sentence_end])
    return re.sub(r"\s+", "", "".join(pieces))
