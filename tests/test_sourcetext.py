"""SourceText and LineIndex against models that keep one offset per character and one tuple per line."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from analytics.documents.formats.document import LineIndex
from analytics.documents.sourcetext import SourceText

DOCUMENT = "  完成老旧小区改造 600 个，\n新建 社区 食堂5个。\t全县、各乡镇 12 所。  " * 3
CJK_SPACES = re.compile(r"\s+")


def model(text: SourceText) -> list[tuple[str, int]]:
    return list(zip(text.text, (text.offsets[i] for i in range(len(text))), strict=True))


def naive(start: int, end: int) -> list[tuple[str, int]]:
    return [(DOCUMENT[i], i) for i in range(start, end)]


bounds = st.tuples(st.integers(0, len(DOCUMENT)), st.integers(0, len(DOCUMENT))).map(sorted)


@st.composite
def pieces(draw) -> tuple[SourceText, list[tuple[str, int]]]:
    """A SourceText built by a random chain of operations, with what each character should map to."""
    start, end = draw(bounds)
    text, expected = SourceText.from_document(DOCUMENT, start, end), naive(start, end)
    for op in draw(st.lists(st.sampled_from(["slice", "strip", "remove", "join"]), max_size=5)):
        if op == "slice":
            a, b = draw(st.tuples(st.integers(-3, len(text) + 3), st.integers(-3, len(text) + 3)))
            text, expected = text.slice(a, b), expected[a:b]
        elif op == "strip":
            stripped = text.text.strip()
            first = text.text.index(stripped) if stripped else 0
            text, expected = text.strip(), expected[first : first + len(stripped)]
        elif op == "remove":
            mask = [True] * len(expected)
            for m in CJK_SPACES.finditer(text.text):
                mask[m.start() : m.end()] = [False] * (m.end() - m.start())
            text, expected = text.remove(CJK_SPACES), [c for c, k in zip(expected, mask, strict=True) if k]
        else:
            a, b = draw(bounds)
            other, sep = SourceText.from_document(DOCUMENT, a, b), draw(st.sampled_from(["", "\n", "；"]))
            joined = [*expected]
            if expected and other and sep:
                joined += [(ch, b_first) for ch, b_first in zip(sep, [a] * len(sep), strict=True)]
            elif not expected:
                joined = []
            joined += naive(a, b)
            text, expected = SourceText.join([text, other], sep), joined
    return text, expected


@given(pieces())
def test_every_character_keeps_its_document_offset(case):
    text, expected = case
    assert model(text) == expected
    if expected:
        assert text.span() == (expected[0][1], expected[-1][1] + 1)
    else:
        assert text.span() is None


@given(pieces(), bounds)
def test_equal_mappings_compare_equal_however_they_were_built(case, cut):
    text, _ = case
    a, b = cut
    a, b = min(a, len(text)), min(b, len(text))
    rebuilt = SourceText.join([text.slice(0, a), text.slice(a, len(text))])
    assert rebuilt == text
    assert model(text.slice(a, b)) == model(text)[a:b]


def test_a_stretch_of_the_document_is_one_run_whatever_its_length():
    long = SourceText.from_document(DOCUMENT * 100, 5, len(DOCUMENT) * 100 - 5)
    assert len(long.offsets.starts) == 1
    stripped = SourceText.join(long.split(re.compile("，")), "").strip()
    assert len(stripped.offsets.starts) <= DOCUMENT.count("，") * 100 + 1


@given(st.text(alphabet="ab\r\n\t 项", max_size=40))
def test_line_index_gives_what_splitting_the_text_gives(text):
    expected, pos = [], 0
    for no, raw in enumerate(text.split("\n"), start=1):
        expected.append((no, pos, raw.rstrip("\r")))
        pos += len(raw) + 1
    lines = LineIndex(text)
    assert len(lines) == len(expected) and list(lines) == expected and lines[-1] == expected[-1]
