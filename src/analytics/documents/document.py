"""Reading a raw document: bytes to text, with the encoding recorded and line numbers at hand."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .vocabulary import Vocabulary

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

    def __getitem__(self, i: int) -> tuple[int, int, str]:  # type: ignore[override]
        if i < 0:
            i += len(self.starts)
        start = self.starts[i]
        end = self.starts[i + 1] - 1 if i + 1 < len(self.starts) else len(self.text)
        return i + 1, start, self.text[start:end].rstrip("\r")


# GB18030 decodes almost any byte sequence, so a Big5 file "decodes" into rare characters. In simplified-Chinese
# government text nearly every Han character is in GB2312's 6,763; Big5 bytes read as GB18030 put a large share
# outside it. Above this share (and when the bytes are valid Big5) the file is named Big5 instead of misread.
OUTSIDE_GB2312_LIMIT = 0.10
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
BIG5 = (
    "looks like Big5 (traditional Chinese), not UTF-8 or GB18030: "
    "convert it, e.g. `iconv -f BIG5 -t UTF-8 FILE`, and add it again"
)


def _share_outside_gb2312(text: str) -> float:
    han = [ch for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"]
    if not han:
        return 0.0
    outside = 0
    for ch in han:
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            outside += 1
    return outside / len(han)


UTF16 = "looks like UTF-16 (byte-order mark or NUL bytes), not UTF-8 or GB18030: save it as UTF-8 and add it again"


def _looks_like_big5(data: bytes) -> bool:
    try:
        data.decode("big5")
    except UnicodeDecodeError:
        return False
    return True


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode with the first encoding that fits; name the first bad line if none does, and refuse a decoding that
    only looks like success (UTF-16, Big5)."""
    if data.startswith(UTF16_BOMS) or b"\x00" in data:
        raise InputError(path, None, UTF16)
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030" and _share_outside_gb2312(text) > OUTSIDE_GB2312_LIMIT and _looks_like_big5(data):
            raise InputError(path, None, BIG5)
        return text, encoding.replace("-sig", "")
    if _looks_like_big5(data):  # valid Big5 and nothing else: say so
        raise InputError(path, None, BIG5)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(path, line, f"cannot decode byte 0x{data[exc.start]:02x} as UTF-8 or GB18030") from None
    raise AssertionError("unreachable")


def read_document(path: Path, vocab: Vocabulary) -> Document:
    """Plain text is decoded; .docx, PDF, web pages and spreadsheets are converted to the same text layout (see
    convert.py; the vocabulary names a web page's site furniture)."""
    from .convert import CONVERTED, convert

    if not path.exists():
        raise InputError(path, None, "file not found")
    if path.suffix.lower() in CONVERTED:
        text, how = convert(path, (vocab.raw["html_skip_tags"], vocab.raw["html_skip_class"]))
        return Document(path=path, text=text, encoding=how)
    text, encoding = decode(path.read_bytes(), path)
    return Document(path=path, text=text, encoding=encoding)
