"""Reading a raw document: bytes to text, with the encoding recorded and line numbers at hand."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ...errors import InputError
from ..vocabulary import Vocabulary
from .convert import CONVERTED, convert
from .encoding import decode


@dataclass
class Document:
    """A decoded source document. Offsets everywhere in the project index into `text`."""

    path: Path
    text: str
    encoding: str

    @property
    def name(self) -> str:
        return self.path.name

    def lines(self) -> LineIndex:
        """(line number, start offset, line text without its end-of-line characters) for each line."""
        return LineIndex(self.text)


class LineIndex(Sequence[tuple[int, int, str]]):
    """The lines of a text, cut out when asked for: a list of every line of a 50 MB document (a tuple, an int
    and a string each) took more memory than the document's items."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = array("q", [0])
        pos = text.find("\n")
        while pos != -1:
            self.starts.append(pos + 1)
            pos = text.find("\n", pos + 1)

    def __len__(self) -> int:
        return len(self.starts)

    def line_of(self, offset: int) -> int:
        """The 1-based number of the line that holds the character at `offset`."""
        return bisect_right(self.starts, offset)

    def line_start(self, offset: int) -> int:
        """The offset of the first character of the line that holds `offset`."""
        return self.starts[self.line_of(offset) - 1]

    def line_end(self, offset: int) -> int:
        """The offset of the end of the line that holds `offset` (its line break, or the end of the text)."""
        end = self.text.find("\n", offset)
        return len(self.text) if end == -1 else end

    def __getitem__(self, i: int) -> tuple[int, int, str]:  # type: ignore[override]
        if i < 0:
            i += len(self.starts)
        start = self.starts[i]
        end = self.starts[i + 1] - 1 if i + 1 < len(self.starts) else len(self.text)
        return i + 1, start, self.text[start:end].rstrip("\r")


def read_document(path: Path, vocab: Vocabulary) -> Document:
    """Plain text is decoded; .docx, PDF, web pages and spreadsheets are converted to the same text layout (see
    convert.py; the vocabulary names a web page's site furniture)."""
    if not path.exists():
        raise InputError(path, None, "file not found")
    if path.suffix.lower() in CONVERTED:
        text, how = convert(path, (vocab.raw["html_skip_tags"], vocab.raw["html_skip_class"]))
        return Document(path=path, text=text, encoding=how)
    text, encoding = decode(path.read_bytes(), path)
    return Document(path=path, text=text, encoding=encoding)
