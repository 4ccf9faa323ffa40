"""Whole numbers as lists print them: 10, １０ (full width), 十 / 二十五 / 两 (Chinese), ① (circled).

One reader for every place a number is read off a document's words rather than measured: item numbers, counts a
heading or a page states (（10件）, 为十项), the parts of a date (6月, 第三季度). Quantities with units are the
targets stage's own (targets/quantities.py)."""

from __future__ import annotations

import unicodedata

import cn2an

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def whole_number(text: str) -> int | None:
    """1 for 1, １, 一, ①; 2 for 两; None when the text is not one whole number."""
    if text in CIRCLED and text:
        return CIRCLED.index(text) + 1
    digits = unicodedata.normalize("NFKC", text)
    if digits.isdigit():
        return int(digits)
    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError):
        return None
    return int(value) if value == int(value) else None
