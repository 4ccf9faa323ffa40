"""Strings that remember where each character came from in the decoded document.

Every cleaning step (joining a row split across a page break, dropping the spaces a PDF export put inside
words) changes the text a reader sees, but a figure must still point at its characters in the document.
`SourceText` carries, for each character, its offset in the document text, so any substring of the cleaned
text maps back to a span of the original. The offsets are kept as runs of consecutive offsets (`OffsetRuns`),
not one integer per character.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator

_CJK = (
    r"\u3000-\u303f"  # CJK punctuation
    r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # ideographs
    r"\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"  # full-width punctuation
    r"\u2018-\u201f\u2014\u2026\u00b7"  # quotes, dashes, ellipsis, middle dot
)
_SPACE_INSIDE_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u3000]+(?=[{_CJK}])")


class OffsetRuns:
    """The document offset of each character, stored as runs of consecutive offsets.

    Almost every piece of text is one stretch of the document (a cell, a clause), so a run per stretch — its
    first character's position in the text and its offset in the document — costs a few bytes where an offset
    per character cost eight: a 50 MB document must not take gigabytes to read. Only texts of several stretches
    keep theirs (`SourceText` keeps an int for one stretch). Runs are kept merged, so equal mappings have equal
    runs."""

    __slots__ = ("starts", "origins", "length")

    def __init__(self, starts: tuple[int, ...], origins: tuple[int, ...], length: int) -> None:
        self.starts, self.origins, self.length = starts, origins, length

    @classmethod
    def stretch(cls, origin: int, length: int) -> OffsetRuns:
        return cls((0,), (origin,), length) if length else cls((), (), 0)

    def __len__(self) -> int:
        return self.length

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OffsetRuns):
            return NotImplemented
        return (self.length, self.starts, self.origins) == (other.length, other.starts, other.origins)

    __hash__ = None

    def __getitem__(self, i: int) -> int:
        if not 0 <= i < self.length:
            raise IndexError(i)
        r = bisect_right(self.starts, i) - 1
        return self.origins[r] + i - self.starts[r]

    def runs(self) -> Iterator[tuple[int, int]]:
        """(document offset, length) of each run."""
        ends = [*self.starts[1:], self.length]
        for start, end, origin in zip(self.starts, ends, self.origins):
            yield origin, end - start

    def pieces(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        """(document offset, length) runs of the characters [start, end)."""
        if end <= start:
            return
        r = bisect_right(self.starts, start) - 1
        while r < len(self.starts) and self.starts[r] < end:
            run_end = self.starts[r + 1] if r + 1 < len(self.starts) else self.length
            lo, hi = max(start, self.starts[r]), min(end, run_end)
            yield self.origins[r] + lo - self.starts[r], hi - lo
            r += 1


class _RunsBuilder:
    __slots__ = ("starts", "origins", "length")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.origins: list[int] = []
        self.length = 0

    def add(self, origin: int, length: int) -> None:
        if length <= 0:
            return
        if self.starts and self.origins[-1] + (self.length - self.starts[-1]) == origin:
            self.length += length  # continues the last run
            return
        self.starts.append(self.length)
        self.origins.append(origin)
        self.length += length

    def done(self) -> OffsetRuns:
        return OffsetRuns(tuple(self.starts), tuple(self.origins), self.length)


class SourceText:
    """Text plus the document offset of each of its characters.

    Most texts are one stretch of the document (a cell, a clause of it): for them only the offset of the first
    character is kept, an int, and the `OffsetRuns` are made when asked for. A 50 MB list has three quarters of
    a million cells; two objects fewer for each is 70 MB less while it is read."""

    __slots__ = ("text", "_where")

    def __init__(self, text: str, offsets: OffsetRuns | int) -> None:
        if isinstance(offsets, OffsetRuns) and len(offsets.starts) == 1:
            offsets = offsets.origins[0]  # one stretch: its first offset is all there is to keep
        self.text = text
        self._where: OffsetRuns | int = offsets if text else 0

    @property
    def offsets(self) -> OffsetRuns:
        where = self._where
        return OffsetRuns.stretch(where, len(self.text)) if isinstance(where, int) else where

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SourceText):
            return NotImplemented
        return self.text == other.text and self._where == other._where  # one stretch is always kept as an int

    __hash__ = None  # compared by value, never a dictionary key

    def __repr__(self) -> str:
        return f"SourceText({self.text!r}, {self._where!r})"

    @classmethod
    def from_document(cls, document: str, start: int, end: int) -> SourceText:
        return cls(document[start:end], start)

    @classmethod
    def empty(cls) -> SourceText:
        return _EMPTY

    def __len__(self) -> int:
        return len(self.text)

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    def slice(self, start: int, end: int) -> SourceText:
        start, end, _ = slice(start, end).indices(len(self.text))
        if isinstance(self._where, int):
            return SourceText(self.text[start:end], self._where + start)
        built = _RunsBuilder()
        for origin, length in self.offsets.pieces(start, end):
            built.add(origin, length)
        return SourceText(self.text[start:end], built.done())

    def span(self, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
        """Document span [first, last + 1) of text[start:end]; None when empty."""
        end = len(self.text) if end is None else end
        if end <= start:
            return None
        if isinstance(self._where, int) and 0 <= start and end <= len(self.text):
            return self._where + start, self._where + end
        return self.offsets[start], self.offsets[end - 1] + 1

    def strip(self) -> SourceText:
        stripped = self.text.strip()
        if not stripped:
            return SourceText.empty()
        if len(stripped) == len(self.text):
            return self
        start = self.text.index(stripped)
        return self.slice(start, start + len(stripped))

    def _between(self, pattern: re.Pattern[str]) -> list[SourceText]:
        """The pieces of text between the matches of `pattern`."""
        parts: list[SourceText] = []
        pos = 0
        for m in pattern.finditer(self.text):
            parts.append(self.slice(pos, m.start()))
            pos = m.end()
        parts.append(self.slice(pos, len(self.text)))
        return parts

    def remove(self, pattern: re.Pattern[str]) -> SourceText:
        """Drop every match of `pattern`, keeping the offsets of what remains."""
        return SourceText.join(self._between(pattern))

    def repair_pdf_spaces(self) -> SourceText:
        """Remove white space between two CJK characters: PDF exports break words at line wraps."""
        return self.remove(_SPACE_INSIDE_CJK)

    def split(self, pattern: re.Pattern[str]) -> list[SourceText]:
        return [p.strip() for p in self._between(pattern) if p.text.strip()]

    @staticmethod
    def join(parts: Iterable[SourceText], sep: str = "") -> SourceText:
        """Join parts; a separator has no place in the document, so it borrows the next char's offset."""
        texts: list[str] = []
        built = _RunsBuilder()
        for part in parts:
            if not part:
                continue
            if texts and sep:
                texts.append(sep)
                for _ in sep:
                    built.add(part.offsets[0], 1)
            texts.append(part.text)
            for origin, length in part.offsets.runs():
                built.add(origin, length)
        return SourceText("".join(texts), built.done())


_EMPTY = SourceText("", 0)


def compact(text: str) -> str:
    """Text with all white space removed: the form used to compare titles and header words."""
    return re.sub(r"\s+", "", text)


def span_columns(span: tuple[int, int] | None, line: int) -> dict[str, int | None]:
    """The provenance columns every row that holds a number carries: offsets into documents.text and the line."""
    return {"span_start": span[0] if span else None, "span_end": span[1] if span else None, "line": line}
