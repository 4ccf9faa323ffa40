"""A saved web page (.html / .htm): the notice's paragraphs as text lines, its data tables in the cell layout.

Government sites wrap the article in navigation, breadcrumbs, share bars and footers, often laid out with
tables of their own. What is read: the page's `<article>` / `<main>` when it has one, else `<body>`, without the
elements the layout vocabulary names as site furniture (`html_skip_tags`, `html_skip_class`); a table holding
another table is layout and is walked through, a table without one is data. Cells keep their `<p>` / `<br>`
lines. The page is decoded as its meta charset says (GB2312 and GBK read as GB18030, their superset), else as
UTF-8, else GB18030.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ...errors import InputError
from .encoding import decode
from .grid import Grid, rows_to_text

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "center",
    "hr",
}


def decode_page(data: bytes, path: Path) -> str:
    """The page's text in the encoding its meta tag declares; the plain-text rules when it declares none."""
    m = _META_CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii").lower()
        try:
            return data.decode(_SUPERSET.get(declared, declared))
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: fall back to what the bytes say
    return decode(data, path)[0]


def _lines(element) -> list[str]:
    """An element's text split where the page breaks lines (<br>, <p>, <div> …); spaces inside a line collapsed."""
    parts: list[str] = []

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if el.text and tag not in ("script", "style"):
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in _BLOCK_TAGS:
            parts.append("\n")

    walk(element)
    text = "".join(parts).replace("\xa0", " ").replace("\u3000", " ")
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def _span(el, name: str) -> int:
    try:
        return max(int(str(el.get(name, "1")).strip() or 1), 1)
    except ValueError:
        return 1


def _table_rows(table) -> list[list[list[str]]]:
    grid = Grid()
    rows = [tr for tr in table.iter("tr") if _owning_table(tr) is table]
    for r, tr in enumerate(rows):
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
        grid.add_row(r, ((_lines(c), _span(c, "rowspan"), _span(c, "colspan")) for c in cells))
    return grid.rows()


def _owning_table(el):
    parent = el.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


class _Skip:
    def __init__(self, tags: list[str], class_pattern: str) -> None:
        self.tags = set(tags)
        self.pattern = re.compile(class_pattern, re.IGNORECASE)

    def __call__(self, el) -> bool:
        if not isinstance(el.tag, str) or el.tag in self.tags:
            return True
        marks = f"{el.get('class', '')} {el.get('id', '')}".strip()
        return bool(marks) and bool(self.pattern.search(marks))


def _blocks(el, skip: _Skip) -> Iterator[tuple[str, object]]:
    """("text", lines) and ("table", rows) in page order."""
    if skip(el):
        return
    if el.tag == "table" and not any(True for _ in el.iter("table") if _ is not el):
        yield "table", _table_rows(el)
        return
    if not any(isinstance(c.tag, str) and (c.tag in _BLOCK_TAGS or c.tag == "table") for c in el.iter() if c is not el):
        lines = _lines(el)
        if lines:
            yield "text", lines
        return
    if el.text and el.text.strip():
        yield "text", [" ".join(el.text.split())]
    for child in el:
        yield from _blocks(child, skip)
        if child.tail and child.tail.strip():
            yield "text", [" ".join(child.tail.split())]


def html_to_text(path: Path, skip_tags: list[str], skip_class: str) -> str:
    import lxml.html

    text = decode_page(path.read_bytes(), path)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except Exception as exc:  # noqa: BLE001 - any parser failure is a bad file, said plainly
        raise InputError(path, None, f"cannot read as a web page: {exc}") from None
    article = next(iter(root.xpath("//article | //main")), None)
    body = article if article is not None else (root.find("body") if root.find("body") is not None else root)
    out: list[str] = []
    for kind, block in _blocks(body, _Skip(skip_tags, skip_class)):
        if kind == "text":
            for line in block:
                out.extend([line, ""])
        elif block:
            out.extend(["", *rows_to_text(block)])
    if not any(line.strip() for line in out):
        raise InputError(path, None, "the web page has no text (scripts only, or an empty page?)")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n") + "\n"
