"""A province, two prefectures and four counties of it, each with its list of one year, from a known truth.

The province's list has items with one figure each; each prefecture takes up some of them with its own figures and
adds one of its own; each county takes up some of its prefecture's items (those the prefecture took from the
province, and its own) and adds one of its own. Populations are known too. Rendered in the forms the readers take
(a tab-marked table, a numbered-sentence notice, a saved web page), so the comparison is tested through the
readers, the build and the views, and compared with the truth field by field. Nothing here knows how the build
works.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field

PROVINCE = ("330000", "浙江省")
PREFECTURES = {"330300": ("温州市", [("330327", "苍南县"), ("330381", "瑞安市")]),
               "330100": ("杭州市", [("330122", "桐庐县"), ("330127", "淳安县")])}
THINGS = ["社区食堂", "口袋公园", "城市书房", "养老服务站", "农贸市场", "充电站", "托育园", "体育公园"]
OWN_THINGS = {"330300": "背街小巷", "330100": "山塘水库", "330327": "乡村驿站", "330381": "文化礼堂",
              "330122": "便民码头", "330127": "村级卫生室"}
YEAR = 2025


@dataclass
class Item:
    number: int
    thing: str
    value: int
    taken_from: int | None  # the number of the item above it takes up; None for the list's own

    @property
    def title(self) -> str:
        return f"新建{self.thing}"

    @property
    def task(self) -> str:
        return f"新建{self.thing}{self.value}个，方便群众。"


@dataclass
class ListTruth:
    code: str
    name: str
    parent: str | None
    items: list[Item] = field(default_factory=list)
    form: str = "table"


@dataclass
class Hierarchy:
    lists: dict[str, ListTruth]
    population: dict[str, int]

    def children(self, code: str) -> list[ListTruth]:
        return [t for t in self.lists.values() if t.parent == code]


def generate(seed: int) -> Hierarchy:
    rnd = random.Random(seed)
    things = rnd.sample(THINGS, rnd.randint(3, 5))
    # a list below says which items it takes up (承接省级 / 市级 sections): tables and web pages; the province's,
    # taken up by others, may be a notice of numbered sentences too
    province = ListTruth(*PROVINCE, None, form=rnd.choice(["table", "sentences", "html"]))
    province.items = [Item(k, thing, rnd.randint(200, 3000), None) for k, thing in enumerate(things, 1)]
    lists = {province.code: province}
    population = {province.code: rnd.randint(40_000_000, 70_000_000)}
    forms = ["table", "html"]
    for pcode, (pname, counties) in PREFECTURES.items():
        pref = ListTruth(pcode, pname, province.code, form=rnd.choice(forms))
        taken = sorted(rnd.sample(province.items, rnd.randint(1, len(province.items))), key=lambda i: i.number)
        for k, above in enumerate(taken, 1):
            pref.items.append(Item(k, above.thing, rnd.randint(10, above.value), above.number))
        pref.items.append(Item(len(pref.items) + 1, OWN_THINGS[pcode], rnd.randint(5, 90), None))
        lists[pcode] = pref
        population[pcode] = rnd.randint(3_000_000, 10_000_000)
        for ccode, cname in counties:
            county = ListTruth(ccode, cname, pcode, form=rnd.choice(forms))
            chosen = sorted(rnd.sample(pref.items, rnd.randint(1, len(pref.items))), key=lambda i: i.number)
            for k, above in enumerate(chosen, 1):
                county.items.append(Item(k, above.thing, rnd.randint(1, above.value), above.number))
            county.items.append(Item(len(county.items) + 1, OWN_THINGS[ccode], rnd.randint(1, 40), None))
            lists[ccode] = county
            population[ccode] = rnd.randint(200_000, 1_500_000)
    return Hierarchy(lists, population)


def render(t: ListTruth) -> tuple[str, str]:
    """(file name, content) of a list as its jurisdiction publishes it."""
    title = f"{t.name}{YEAR}年民生实事项目"
    above = "省级" if t.parent == PROVINCE[0] else "市级"
    own = "市级" if t.parent == PROVINCE[0] else "县级"
    if t.parent is None:
        sections = [(None, t.items)]
    else:
        sections = [(f"一、承接{above}民生实事", [i for i in t.items if i.taken_from]),
                    (f"二、{own}民生实事", [i for i in t.items if not i.taken_from])]
    if t.form == "sentences":
        lines = [f"{t.name}人民政府关于{title}的通知", "各有关单位：",
                 f"经研究，{YEAR}年{t.name}民生实事项目共{len(t.items)}项，分别是："]
        lines += [f"（{i.number}）{i.task}" for i in t.items]
        lines += ["请各单位抓好落实。", f"{t.name}人民政府"]
        return f"{t.code}.txt", "\n".join(lines) + "\n"
    if t.form == "html":
        rows = []
        for name, items in sections:
            if name:
                rows.append(f'<tr><td colspan="3">{html.escape(name)}</td></tr>')
            rows += [f"<tr><td>{i.number}</td><td>{i.title}</td><td>{i.task}</td></tr>" for i in items]
        page = (f'<html><head><meta charset="utf-8"><title>{title}</title></head><body><div class="nav">首页</div>'
                f"<h1>{title}</h1><table><tr><th>序号</th><th>项目名称</th><th>工作任务</th></tr>{''.join(rows)}"
                "</table><p>（此件公开发布）</p></body></html>")
        return f"{t.code}.html", page
    out = [title, "", "\t序号", "\t项目名称", "\t工作任务", ""]
    for name, items in sections:
        if name:
            out += ["\t" + name, ""]
        for i in items:
            out += [f"\t{i.number}", f"\t{i.title}", f"\t{i.task}", ""]
    return f"{t.code}.txt", "\n".join([*out, "（此件公开发布）"]) + "\n"
