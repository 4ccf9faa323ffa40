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
