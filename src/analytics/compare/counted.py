"""Whether a district figure and a municipal figure count the same thing (data/reference/counted_words.yaml).

培训养老护理员50名 (carers trained) and 新增持证养老护理员1000名 (carers newly certified) are both 名 of care
workers, yet one is not a part of the other: such a pair is kept, marked not comparable, with a caveat that
says what differs. The words and their meanings are reviewed data, not code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import InputError


class Group(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    meanings: dict[str, list[str]]


class CountedWordsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    groups: list[Group]


@dataclass(frozen=True)
class CountedWords:
    groups: tuple[Group, ...]

    @classmethod
    def load(cls, reference: Path) -> CountedWords:
        path = reference / "counted_words.yaml"
        try:
            parsed = CountedWordsFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except (ValidationError, yaml.YAMLError) as exc:
            raise InputError(path, None, f"not a valid list of counted-word groups: {exc}") from None
        return cls(tuple(parsed.groups))

    @staticmethod
    def _meanings(group: Group, clause: str) -> dict[str, list[str]]:
        found = {meaning: [w for w in words if w in clause] for meaning, words in group.meanings.items()}
        return {meaning: words for meaning, words in found.items() if words}

    def disagreements(self, district_clause: str, municipal_clause: str) -> list[str]:
        """What the district figure counts that the municipal one does not, one phrase per group."""
        out = []
        for group in self.groups:
            district = self._meanings(group, district_clause)
            municipal = self._meanings(group, municipal_clause)
            if district and municipal and not set(district) <= set(municipal):
                out.append(f"district figure counts {_said(district)}, the municipal one {_said(municipal)}")
        return out


def _said(meanings: dict[str, list[str]]) -> str:
    words = "、".join(w for ws in meanings.values() for w in ws)
    return f"{' / '.join(sorted(meanings))} ({words})"
