"""Lists written as numbered sentences: an NPC announcement of the projects voted for, a news story on the work
report, a notice whose list is prose, not a table.

Such a page holds several enumerations (the list, then 工作要求 一、二、…) and text around them (site furniture,
相关新闻, a signature). The list is the enumeration the page announces: words such as 分别是 / 如下 / 为10项 (or,
weaker, 民生实事) followed within a sentence by an item numbered 1 in one of the numbering styles (一、 （一） (1)
1. 1、 ① 一是 第一，), whose numbers then run on one by one. Items are one a line or run together in a paragraph;
a line break inside an item is joined. Everything that decides this — announcing words, numbering styles, where
a number may start an item, the lines that end an article, a stated count — is in the `numbered_list` part of
the layout vocabulary. Offsets are kept: an item's text is a `SourceText` into the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..formats.document import Document, LineIndex
from ..numerals import whole_number
from ..sourcetext import SourceText
from ..vocabulary import Vocabulary

_LINE_BREAK = re.compile(r"[ \t\u3000]*\r?\n[\s\u3000]*")
_TRAILING_SEPARATOR = re.compile(r"[；;，,、\s]*$")


@dataclass(slots=True)
class NumberedItem:
    number: int
    label: str  # the numbering as printed: 一、 （1） ① 一是
    text: SourceText  # the item without its numbering, line breaks inside it joined
    line: int
    span: tuple[int, int]  # from the numbering to the item's last character
    section: str | None = None  # a heading line between items (（一）教育类) that the items below fall under


@dataclass
class NumberedList:
    items: list[NumberedItem]
    style: str  # the numbering style's name in the vocabulary
    one_per_line: bool
    announce: str  # the announcing words as printed
    announce_line: int
    announced_strongly: bool = True  # by 分别是 / 如下 / 为N项, not only by 民生实事
    stated_count: int | None = None
    stated_line: int | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Marker:
    start: int
    end: int
    number: int
    at_line_start: bool


class _Page(LineIndex):
    """The document's lines (line numbers, starts and ends), and its text with the line breaks taken out."""

    def __init__(self, doc: Document) -> None:
        super().__init__(doc.text)
        self.squeezed = SourceText.from_document(doc.text, 0, len(doc.text)).remove(_LINE_BREAK)


def _markers(page: _Page, pattern: re.Pattern[str], start_after: re.Pattern[str]) -> list[_Marker]:
    """Every place the style numbers an item: at a line start, or after a sentence or clause end. Looked for in
    the text with its line breaks taken out, so that a number a PDF wrapped across two lines — "（" at one line's
    end, "二）" at the next line's start — is still found."""
    found = []
    text = page.text
    for m in pattern.finditer(page.squeezed.text):
        number = whole_number(m["n"])
        if number is None or number < 1:
            continue
        start, end = page.squeezed.span(m.start(), m.end())
        at_line_start = not text[page.line_start(start) : start].strip()
        if not at_line_start and not (m.start() and start_after.match(page.squeezed.text, m.start() - 1)):
            continue
        found.append(_Marker(start, end, number, at_line_start))
    return found


def _run_from(markers: list[_Marker], first: int, stop: int) -> list[_Marker]:
    """Markers numbered 1, 2, 3 … from index `first`, each the next of its number after the one before, all
    before `stop` (the end of the article)."""
    run = [markers[first]]
    for marker in markers[first + 1 :]:
        if marker.start >= stop:
            break
        if marker.number == run[-1].number + 1:
            run.append(marker)
    return run


def _article_end(page: _Page, after: int, end_markers: re.Pattern[str]) -> int:
    """Where the article ends after offset `after`: the first line that is site furniture or a signature date."""
    pos = page.line_end(after) + 1
    while pos < len(page.text):
        end = page.line_end(pos)
        if end_markers.fullmatch(page.text[pos:end].strip()):
            return pos
        pos = end + 1
    return len(page.text)


def _stated_count(page: _Page, anchor_start: int, first_item: int, pattern: re.Pattern[str]) -> tuple[int, int] | None:
    """The count the announcing sentence states (为10项, 15件民生实事), with its line."""
    sentence_start = max(page.text.rfind(ch, 0, anchor_start) for ch in "。！？!?\n") + 1
    region = page.text[sentence_start:first_item]
    for m in pattern.finditer(region):
        count = whole_number(m["count"])
        if count:
            return count, page.line_of(sentence_start + m.start())
    return None


def read_numbered_list(doc: Document, vocab: Vocabulary) -> NumberedList | None:
    """The list the page announces, or None when no announced enumeration is found."""
    words = vocab.numbered_list
    page = _Page(doc)
    styles = {
        style: _markers(page, pattern, words["item_start_after"]) for style, pattern in words["numbering"].items()
    }
    anchors = [(m, True) for m in words["announce_strong"].finditer(page.text)]
    anchors += [(m, False) for m in words["announce_weak"].finditer(page.text)]
    best: tuple[tuple, NumberedList] | None = None
    for anchor, strong in anchors:
        for style, markers in styles.items():
            first = next(
                (i for i, mk in enumerate(markers) if mk.start >= anchor.end() and mk.number == 1),
                None,
            )
            if first is None or markers[first].start - anchor.end() > words["first_item_within"]:
                continue
            # nothing but the rest of the announcing sentence between the words and the first item
            between = page.text[anchor.end() : markers[first].start]
            if re.search(r"[。！？!?]\s*\S", between) and not between.rstrip().endswith(("：", ":")):
                continue
            stop = _article_end(page, markers[first].start, words["end_markers"])
            run = _run_from(markers, first, stop)
            if len(run) < 2:
                continue
            stated = _stated_count(page, anchor.start(), run[0].start, words["stated_count"])
            score = (stated is not None and stated[0] == len(run), strong, len(run), -run[0].start)
            if best is not None and best[0] >= score:
                continue
            listed = NumberedList(
                items=_items(page, run, stop, words, vocab),
                style=style,
                one_per_line=all(mk.at_line_start for mk in run),
                announce=anchor.group(),
                announce_line=page.line_of(anchor.start()),
                announced_strongly=strong,
                stated_count=stated[0] if stated else None,
                stated_line=stated[1] if stated else None,
            )
            best = (score, listed)
    return best[1] if best else None


def _items(page: _Page, run: list[_Marker], stop: int, words: dict, vocab: Vocabulary) -> list[NumberedItem]:
    """Each item from its number to the next item's number; one a line, an item is its line and the lines that
    continue it (its line ends without a sentence end) — lines between items that do not continue one are a
    section heading or left out; run together, the last item ends at its sentence's end."""
    text = page.text
    one_per_line = all(mk.at_line_start for mk in run)
    sentence_end = words["sentence_end"]
    any_marker = [p for p in words["numbering"].values()]
    # Do the items end their sentences? Then a line of one that does not is broken inside the item.
    bodies = [_LINE_BREAK.sub("", text[mk.end : nxt.start]).strip() for mk, nxt in zip(run, run[1:])]
    punctuated = sum(bool(sentence_end.search(body)) for body in bodies) * 2 >= max(len(bodies), 1)

    def continues(line_text: str) -> bool:
        line_text = line_text.strip()
        return bool(line_text) and not words["end_markers"].fullmatch(line_text) and not any(
            p.match(line_text) for p in any_marker
        )

    def item_end(start: int) -> int:
        """Where an item's text on the line from `start` ends: the line's end, or, run together, its sentence's."""
        end = page.line_end(start)
        found = None if one_per_line else re.search(r"[。！!？?]", text[start:end])
        return start + found.end() if found else end

    items: list[NumberedItem] = []
    section: str | None = None
    for k, marker in enumerate(run):
        limit = run[k + 1].start if k + 1 < len(run) else stop
        last = k + 1 == len(run)
        if one_per_line or last:
            end = item_end(marker.end)
            while punctuated and not sentence_end.search(text[marker.end : end].rstrip()):
                nxt = end + 1
                while nxt < limit and not text[nxt : page.line_end(nxt)].strip():
                    nxt = page.line_end(nxt) + 1  # blank lines: a paragraph break inside the item
                if nxt >= limit or not continues(text[nxt : page.line_end(nxt)]):
                    break
                end = min(item_end(nxt), limit)
            between = text[end:limit]
        else:
            end, between = limit, ""
        body = SourceText.from_document(text, marker.end, min(end, limit)).remove(_LINE_BREAK).strip()
        body = body.slice(0, len(body) - len(_TRAILING_SEPARATOR.search(body.text).group()))
        span = (marker.start, body.span()[1] if body else marker.end)
        items.append(
            NumberedItem(
                marker.number, text[marker.start : marker.end], body, page.line_of(marker.start), span, section
            )
        )
        for line in between.splitlines():
            if vocab.is_section_heading(line, numbered_only=True):
                section = line.strip()
    return items
