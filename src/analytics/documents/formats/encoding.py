"""Bytes → text: UTF-8 or GB18030 (GBK and GB2312 are subsets), and the look-alikes named instead of misread.

Its own module so that every format reader (plain text, a saved web page's declared charset) decodes the same way
without importing the document reader that dispatches to them.
"""

from __future__ import annotations

from pathlib import Path

from ...errors import InputError

# Tried in order. GB18030 is a superset of GBK and GB2312, the encodings Chinese government sites use.
ENCODINGS = ("utf-8-sig", "gb18030")


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


UTF32 = "looks like UTF-32, not UTF-8 or GB18030: save it as UTF-8 and add it again"
UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
GB18030_BOM = "\ufeff"  # bytes 84 31 95 33 in GB18030
# Files that are programs or archives, not documents, by their first bytes.
MAGIC = {
    b"\x7fELF": "an executable (ELF)",
    b"MZ": "a Windows executable",
    b"PK\x03\x04": "a zip archive",
    b"\x1f\x8b": "a gzip archive",
    b"%PDF": "a PDF (give it a .pdf name)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
}
BINARY_CONTROL_SHARE = 0.05  # of the first bytes: control bytes other than tab, line breaks and form feed
PROBE_BYTES = 1 << 16


def _texty(text: str) -> bool:
    """Text a person wrote: hardly any control characters besides tabs and line breaks."""
    if not text:
        return False
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls / len(text) < 0.01


def _decodes_as(data: bytes, encodings: tuple[str, ...]) -> bool:
    for encoding in encodings:
        try:
            if _texty(data.decode(encoding)):
                return True
        except UnicodeDecodeError:
            continue
    return False


def _not_text(data: bytes, path: Path) -> None:
    """Refuse, by name, what is not UTF-8 or GB18030 text: UTF-32 and UTF-16 (by byte-order mark or their NUL
    bytes), programs, archives and images, other binary files, and a text with a NUL byte in it (named by line)."""
    if data.startswith(UTF32_BOMS):
        raise InputError(path, None, UTF32)
    if data.startswith(UTF16_BOMS):
        raise InputError(path, None, UTF16)
    for magic, what in MAGIC.items():
        if data.startswith(magic) and not _texty(data[:PROBE_BYTES].decode("latin-1")):
            raise InputError(path, None, f"is {what}, not a text document")
    if b"\x00" not in data:
        return
    if len(data) % 4 == 0 and _decodes_as(data, ("utf-32-le", "utf-32-be")):
        raise InputError(path, None, UTF32)
    if len(data) % 2 == 0 and data.count(b"\x00") * 50 >= len(data) and _decodes_as(data, ("utf-16-le", "utf-16-be")):
        raise InputError(path, None, UTF16)
    probe = data[:PROBE_BYTES]
    controls = sum(1 for b in probe if b < 32 and b not in b"\t\n\r\f")
    if controls / len(probe) > BINARY_CONTROL_SHARE:
        raise InputError(path, None, "is a binary file, not a text document (UTF-8 or GB18030)")
    first = data.index(b"\x00")
    line = data[:first].count(b"\n") + 1
    raise InputError(path, line, f"a NUL byte (0x00) at byte {first}: not a text document as saved; remove it")


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode with the first encoding that fits; name the first bad line if none does, and refuse a decoding that
    only looks like success (UTF-32, UTF-16, Big5, a binary file). A byte-order mark is not part of the text."""
    _not_text(data, path)
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030" and _share_outside_gb2312(text) > OUTSIDE_GB2312_LIMIT and _looks_like_big5(data):
            raise InputError(path, None, BIG5)
        return text.removeprefix(GB18030_BOM), encoding.replace("-sig", "")
    if _looks_like_big5(data):  # valid Big5 and nothing else: say so
        raise InputError(path, None, BIG5)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(path, line, f"cannot decode byte 0x{data[exc.start]:02x} as UTF-8 or GB18030") from None
    raise AssertionError("unreachable")
