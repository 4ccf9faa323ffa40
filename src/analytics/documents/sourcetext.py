"""Strings that remember where each character came from in the decoded document.

Every cleaning step (joining a row split across a page break, dropping the spaces a PDF export put inside
words) changes the text a reader sees, but a figure must still point at its characters in the document.
`SourceText` carries, for each character, its offset in the document text, so any substring of the cleaned
text maps back to a span of the original. The offsets are a compact array of 8-byte integers, not a tuple of
Python ints (36 bytes a character): a 50 MB document must not take gigabytes to read.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_CJK = (
    r"\u3000-\u303f"  # CJK punctuation
    r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # ideographs
    r"\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"  # full-width punctuation
    r"\u2018-\u201f\u2014\u2026\u00b7"  # quotes, dashes, ellipsis, middle dot
)
_SPACE_INSIDE_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u3000]+(?=[{_CJK}])")


def _offsets(values: Iterable[int] = ()) -> array:
    return array("q", values)


@dataclass(frozen=True, eq=True)
class SourceText:
    """Text plus the document offset of each of its characters (len(offsets) == len(text))."""

    text: str
    offsets: array

    __hash__ = None  # the offsets array is mutable in principle: a SourceText is not a dictionary key

    @classmethod
    def from_document(cls, document: str, start: int, end: int) -> SourceText:
        return cls(document[start:end], _offsets(range(start, end)))

    @classmethod
    def empty(cls) -> SourceText:
        return cls("", _offsets())

    def __len__(self) -> int:
        return len(self.text)

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    def slice(self, start: int, end: int) -> SourceText:
        return SourceText(self.text[start:end], self.offsets[start:end])

    def span(self, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
        """Document span [first, last + 1) of text[start:end]; None when empty."""
        end = len(self.text) if end is None else end
        if end <= start:
            return None
        return self.offsets[start], self.offsets[end - 1] + 1

    def strip(self) -> SourceText:
        stripped = self.text.strip()
        if not stripped:
            return SourceText.empty()
        start = self.text.index(stripped)
        return self.slice(start, start + len(stripped))

    def keep(self, mask: Sequence[bool]) -> SourceText:
        chars = [c for c, k in zip(self.text, mask) if k]
        offs = _offsets(o for o, k in zip(self.offsets, mask) if k)
        return SourceText("".join(chars), offs)

    def remove(self, pattern: re.Pattern[str]) -> SourceText:
        """Drop every match of `pattern`, keeping the offsets of what remains."""
        mask = [True] * len(self.text)
        for m in pattern.finditer(self.text):
            for i in range(m.start(), m.end()):
                mask[i] = False
        return self.keep(mask)

    def repair_pdf_spaces(self) -> SourceText:
        """Remove white space between two CJK characters: PDF exports break words at line wraps."""
        return self.remove(_SPACE_INSIDE_CJK)

    def split(self, pattern: re.Pattern[str]) -> list[SourceText]:
        parts: list[SourceText] = []
        pos = 0
        for m in pattern.finditer(self.text):
            parts.append(self.slice(pos, m.start()))
            pos = m.end()
        parts.append(self.slice(pos, len(self.text)))
        return [p.strip() for p in parts if p.text.strip()]

    @staticmethod
    def join(parts: Iterable[SourceText], sep: str = "") -> SourceText:
        """Join parts; a separator has no place in the document, so it borrows the next char's offset."""
        texts: list[str] = []
        offs = _offsets()
        for part in parts:
            if not part:
                continue
            if texts and sep:
                texts.append(sep)
                offs.extend([part.offsets[0]] * len(sep))
            texts.append(part.text)
            offs.extend(part.offsets)
        return SourceText("".join(texts), offs)


def compact(text: str) -> str:
    """Text with all white space removed: the form used to compare titles and header words."""
    return re.sub(r"\s+", "", text)


def span_columns(span: tuple[int, int] | None, line: int) -> dict[str, int | None]:
    """The provenance columns every row that holds a number carries: offsets into documents.text and the line."""
    return {"span_start": span[0] if span else None, "span_end": span[1] if span else None, "line": line}
