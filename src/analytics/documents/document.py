"""Reading a raw document: bytes to text, with the encoding recorded and line numbers at hand."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

# Tried in order. GB18030 is a superset of GBK and GB2312, the encodings Chinese government sites use.
ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass
class Document:
    """A decoded source document. Offsets everywhere in the project index into `text`."""

    path: Path
    text: str
    encoding: str

    @property
    def name(self) -> str:
        return self.path.name

    def lines(self) -> list[tuple[int, int, str]]:
        """(line number, start offset, line text without its end-of-line characters)."""
        out = []
        pos = 0
        for no, raw in enumerate(self.text.split("\n"), start=1):
            out.append((no, pos, raw.rstrip("\r")))
            pos += len(raw) + 1
        return out


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode with the first encoding that fits; name the first bad line if none does."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding.replace("-sig", "")
        except UnicodeDecodeError:
            continue
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(path, line, f"cannot decode byte 0x{data[exc.start]:02x} as UTF-8 or GB18030") from None
    raise AssertionError("unreachable")


def read_document(path: Path) -> Document:
    """Plain text is decoded; .docx and PDF are converted to the same text layout (see convert.py)."""
    from .convert import CONVERTED, convert

    if not path.exists():
        raise InputError(path, None, "file not found")
    if path.suffix.lower() in CONVERTED:
        text, how = convert(path)
        return Document(path=path, text=text, encoding=how)
    text, encoding = decode(path.read_bytes(), path)
    return Document(path=path, text=text, encoding=encoding)
