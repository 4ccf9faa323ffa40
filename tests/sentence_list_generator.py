"""Random lists written as numbered sentences, from a known truth, embedded in the pages counties publish them in.

A `NumberedTruth` is the list: items, each a sentence whose first clause is its title, with figures. It is
rendered in a numbering style (一、 （一） (1) 1. 1、 ① 一是 第一，), one a line or run together in one paragraph,
inside a page — an NPC announcement with its 工作要求 enumeration and signature after the list, a news story with
the site's 相关新闻 / 上一篇 / 分享到, a notice — with a stray line break inside an item or none, and written as
text (UTF-8, GB18030), a saved web page, a .docx or a PDF. Nothing here knows how the reader works.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st
from list_generator import COUNTERS, TITLE_WORDS, VERBS, numeral

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
STYLES = ["cn_dun", "cn_paren", "arabic_paren", "arabic_dot", "arabic_dun", "circled", "shi", "di"]
PAGES = ["npc", "news", "notice"]


def label(style: str, n: int, rnd: random.Random) -> str:
    cn = numeral(n, "chinese")
    arabic = numeral(n, rnd.choice(["arabic", "arabic", "full"]))
    return {
        "cn_dun": f"{cn}、",
        "cn_paren": rnd.choice([f"（{cn}）", f"({cn})"]),
        "arabic_paren": rnd.choice([f"（{arabic}）", f"({arabic})"]),
        "arabic_dot": rnd.choice([f"{arabic}.", f"{arabic}．"]),
        "arabic_dun": f"{arabic}、",
        "circled": CIRCLED[n - 1],
        "shi": f"{cn}是",
        "di": f"第{cn}，",
    }[style]


@dataclass
class SentenceItem:
    title: str
    clauses: list[tuple[str, int, str]]  # (clause text, value, counter); the first clause is the title
    names_only: bool

    def sentence(self) -> str:
        return self.title if self.names_only else "，".join(c for c, _, _ in self.clauses)


@dataclass
class NumberedTruth:
    items: list[SentenceItem]
    style: str
    one_per_line: bool
    page: str
    stray_break: int | None  # index of the item with a line break inside it
    stated: bool  # the announcing sentence states the count
    seed: int

    def labels(self) -> list[str]:
        rnd = random.Random(self.seed)
        return [label(self.style, n, rnd) for n in range(1, len(self.items) + 1)]

    def item_texts(self) -> list[str]:
        """Each item as written, with its numbering and end punctuation, the stray break put in."""
        names_only = self.items[0].names_only
        out = []
        for k, (lab, item) in enumerate(zip(self.labels(), self.items)):
            body = item.sentence()
            if k == self.stray_break:
                cut = max(2, len(body) // 2)
                body = body[:cut] + "\n" + body[cut:]
            last = k == len(self.items) - 1
            end = "" if names_only else ("。" if self.one_per_line or last else "；")
            out.append(lab + body + end)
        return out

    def list_lines(self) -> list[str]:
        """The list's lines: one an item, or all items in one paragraph (a stray break splits a line)."""
        texts = self.item_texts()
        joined = texts if self.one_per_line else ["".join(texts)]
        return [part for line in joined for part in line.split("\n")]


@st.composite
def numbered_lists(draw, max_items: int = 12) -> NumberedTruth:
    rnd = random.Random(draw(st.integers(0, 2**32 - 1)))
    style = draw(st.sampled_from(STYLES))
    one_per_line = draw(st.booleans())
    names_only = one_per_line and style not in ("shi", "di") and rnd.random() < 0.2
    # ⑪ and above are not in the PDF's CJK font (Adobe-GB1 has ①–⑩): circled lists stop at ten
    count = draw(st.integers(2, min(max_items, 10) if style == "circled" else max_items))
    items = []
    for _ in range(count):
        clauses = []
        for _ in range(rnd.randint(1, 3)):
            value = rnd.randint(2, 900)
            counter = rnd.choice(COUNTERS)
            clauses.append((f"{rnd.choice(VERBS)}{rnd.choice(TITLE_WORDS)}{value}{counter}", value, counter))
        title = clauses[0][0] if not names_only else rnd.choice(VERBS) + rnd.choice(TITLE_WORDS) + "工程"
        items.append(SentenceItem(title, clauses, names_only))
    stray = None if names_only or rnd.random() < 0.5 else rnd.randrange(count)
    return NumberedTruth(items, style, one_per_line, draw(st.sampled_from(PAGES)), stray, rnd.random() < 0.7,
                         seed=rnd.randrange(10**6))


# -- the page around the list ------------------------------------------------------------------------------


def page_lines(t: NumberedTruth) -> list[str]:
    """The whole page as lines of text (paragraphs), the list inside it."""
    n = len(t.items)
    count = numeral(n, "chinese") if n <= 10 and t.seed % 2 else str(n)
    listed = t.list_lines()
    if t.page == "npc":
        announce = f"经大会表决，确定2025年县政府民生实事项目{f'为{count}项，' if t.stated else ''}分别是："
        before = ["首页 > 人大公告", "某县第十七届人民代表大会第五次会议公告", "（第3号）",
                  "来源：某县人大常委会  发布时间：2025-01-20",
                  "某县第十七届人民代表大会第五次会议于2025年1月18日票决产生了2025年县政府民生实事项目。"]
        after = ["工作要求", "一、加强组织领导。各责任单位要细化工作方案。", "二、强化督查考核。",
                 "某县人民代表大会", "2025年1月20日", "相关新闻", "县长调研民生实事工作"]
    elif t.page == "news":
        announce = f"政府工作报告提出，今年将集中财力办好{f'{count}件' if t.stated else ''}民生实事："
        before = ["网站首页 | 新闻中心 | 政务公开", "当前位置：首页 > 今日要闻", "政府工作报告提出今年办好民生实事",
                  "发布时间：2025-02-10 来源：县融媒体中心", "2月9日，县十八届人大四次会议开幕。"]
        after = ["报告还提出，要持续优化营商环境。", "相关新闻", "县委常委会召开会议",
                 "上一篇：全县安全生产工作会议召开", "分享到："]
    else:
        announce = f"经县政府常务会议研究，2025年县政府民生实事项目{f'共{count}项，' if t.stated else ''}具体如下："
        before = ["某县人民政府关于下达2025年民生实事项目的通知", "各乡镇人民政府，县政府各部门："]
        after = ["请各责任单位抓好落实，确保按期完成。", "某县人民政府", "2025年2月1日"]
    if t.one_per_line:
        return [*before, announce, *listed, *after]
    # run together: the list follows the announcing words in one paragraph; a news story's next sentence too
    paragraph = [announce + listed[0], *listed[1:]]
    if t.page == "news":
        paragraph[-1] += after.pop(0)
    return [*before, *paragraph, *after]


def render_text(t: NumberedTruth, d: Path, encoding: str = "utf-8") -> Path:
    path = d / f"page-{encoding}.txt"
    path.write_bytes(("\n".join(page_lines(t)) + "\n").encode(encoding))
    return path


def render_html(t: NumberedTruth, d: Path) -> Path:
    lines = page_lines(t)
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    page = (
        '<html><head><meta charset="utf-8"><title>民生实事</title></head><body>'
        '<div class="nav"><a href="/">首页</a> <a href="/xxgk">信息公开</a></div>'
        f'<div class="article">{body}</div>'
        '<div id="footer">版权所有 某县人民政府 | 网站标识码 0000000000</div></body></html>'
    )
    path = d / "page.html"
    path.write_text(page, encoding="utf-8")
    return path


def render_docx(t: NumberedTruth, d: Path) -> Path:
    import docx

    document = docx.Document()
    for line in page_lines(t):
        document.add_paragraph(line)
    path = d / "page.docx"
    document.save(str(path))
    return path


def render_pdf(t: NumberedTruth, d: Path) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cjk", fontName="STSong-Light", fontSize=10, leading=14, wordWrap="CJK")
    path = d / "page.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph(html.escape(line), style) for line in page_lines(t)])
    return path


RENDERERS = {
    "text": render_text,
    "text-gb18030": lambda t, d: render_text(t, d, "gb18030"),
    "html": render_html,
    "docx": render_docx,
    "pdf": render_pdf,
}
