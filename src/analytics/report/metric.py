"""Sections of the metric comparison report (one municipal item, every district)."""

from __future__ import annotations

from IPython.display import HTML

from . import charts
from .blocks import (
    LEVEL_FORMATS,
    SHARE_FORMATS,
    citation,
    esc,
    fmt_number,
    fmt_pct,
    fmt_ratio,
    fmt_status,
    fmt_takeup,
    header,
    is_missing,
    measure_columns,
    note,
    table,
)
from .data import ReportContext
from .frame import district_pages, overview_page, report_chart
from .glossary import municipal_item_en


def title(ctx: ReportContext, item_no: str) -> HTML:
    item, above, w = ctx.municipal_item(item_no), ctx.list_above(), ctx.above_words()
    title_en = municipal_item_en(item_no, above["year"], above["jurisdiction_code"])
    name = f"{w['name_en']}'s {above['year']} list, item {item_no}" + (f" ({title_en})" if title_en else "")
    return header(
        f"{w['name_zh']}{w['level_zh']}第{item_no}项「{item['title']}」：各{w['below_zh']}目标比较",
        f"{name}: the targets of every list below it for its measures",
        {"parent_code": above["jurisdiction_code"], "municipal_item_no": item_no, "year": ctx.year},
        ctx.build_info(),
        lede=f"An item of the {above['year']} list of {w['name_zh']} {w['name_en']} ({above['jurisdiction_code']}), "
        f"and the targets the {w['below_en']} whose lists take it up set for its measures.",
    )


def municipal_text(ctx: ReportContext, item_no: str) -> HTML:
    item = ctx.municipal_item(item_no)
    code = ctx.list_above()["jurisdiction_code"]
    units = "、".join(item["lead_units"])
    return HTML(
        f'<blockquote class="source"><p><strong>{esc(item["title"])}</strong> — 责任单位 lead units: {esc(units)}</p>'
        f"<p>{esc(item['task_text'])}</p>"
        f"<footer>{esc(ctx.list_above()['title'])}, item {esc(item_no)}</footer></blockquote>"
        f'<p>Every item of this list compared: <a href="{esc(overview_page(ctx.year, code))}">'
        f"{esc(ctx.above_words()['name_zh'])}清单比较 the list's comparison page</a></p>"
    )


NOT_SHOWN = (
    "Lists that neither take this item up nor publish one of its measures are not shown here; "
    "the overview's coverage table lists every district's take-up."
)


def takeup(ctx: ReportContext, item_no: str) -> HTML:
    lists = ctx.item_takeup(item_no)
    if lists.empty:
        return note(f"没有区县清单承接此项 No district list takes this item up. {NOT_SHOWN}")
    blank = {"taking_up_items": "—", "carrying_items": "—"}
    return table(
        lists,
        [
            ("jurisdiction_code", "代码 Code"),
            ("jurisdiction_name_zh", "区县 District"),
            ("jurisdiction_name_en", "Jurisdiction"),
            ("takeup", "承接 Taken up"),
            ("taking_up_items", "承接项目 Its item taking it up"),
            ("carrying_items", "其他项目 Its other items publishing a measure"),
        ],
        {
            "takeup": fmt_takeup,
            **{k: (lambda v, d=d: d if is_missing(v) or not str(v) else str(v)) for k, d in blank.items()},
        },
        caption=f"承接情况 Which lists take this item up. {NOT_SHOWN}",
        links={"jurisdiction_name_zh": lambda r: district_page(ctx, r["jurisdiction_code"])},
    )


def chart(ctx: ReportContext, item_no: str):
    shares = ctx.item_shares(item_no)
    if (shares["status"] == "aligned").sum() == 0:
        return note("No district publishes a figure for a quota measure of this item.")
    if shares["share"].notna().sum() == 0:
        return note(
            "No district figure for this item's quota measures can be read as a share (another unit, another "
            "thing counted, a minimum or a citywide count): the table below gives each ratio and why."
        )
    item = ctx.municipal_item(item_no)
    plot = charts.item_shares_chart(shares, f"{item['title']}: 占全市目标比重 · share of the municipal target")
    left_out = int((shares["status"] == "aligned").sum()) - len(plot.rows)
    caveats = [
        f"Each district's dotted line, in its colour, is its share of {ctx.above_words()['name_en']}'s residents."
    ]
    if left_out:
        caveats.append(
            f"{left_out} published figure(s) cannot be read as a share (another unit or thing counted, a minimum or "
            "a citywide count) and are not drawn; the table below gives each with the reason."
        )
    return report_chart(
        ctx,
        plot,
        f"「{item['title']}」各区县承接份额 · Each district's share of item {item_no}'s quotas",
        "District target ÷ municipal target, per measure (%), against each district's population share",
        "item-shares-chart",
        caveats=caveats,
        links=district_pages(ctx.year, plot.rows["jurisdiction_code"]),
    )


def district_page(ctx: ReportContext, code: object) -> str:
    return district_pages(ctx.year, [code])[0]


def shares_table(ctx: ReportContext, item_no: str) -> HTML | None:
    shares = ctx.item_shares(item_no)
    if shares.empty:
        return None  # nothing to show: no output at all, not an empty one
    shares = measure_columns(shares)
    return table(
        shares,
        [
            ("measure", "指标 Measure"),
            ("name_zh", "区县 District"),
            "status",
            ("values", "区县 / 全市 District / municipal"),
            "share",
            "population_share",
            "proportionality",
            "comparable",
            "caveat",
            "district_source_text",
        ],
        {**SHARE_FORMATS, "status": fmt_status},
        caption="承接此项的每个区县、每个指标 Every district list taking the item up, for every measure (none dropped)",
        links={"name_zh": lambda r: district_page(ctx, r["jurisdiction_code"])},
    )


def levels_table(ctx: ReportContext, item_no: str) -> HTML | None:
    df = ctx.item_levels(item_no)
    if df.empty:
        return None  # nothing to show: no output at all, not an empty one
    return table(
        df,
        [
            ("metric_zh", "指标"),
            ("metric_en", "Measure"),
            ("name_zh", "区县 District"),
            ("district_value", "区县水平 District"),
            ("municipal_value", "全市水平 Municipal"),
            "difference",
            ("district_source_text", "原文 Source sentence"),
        ],
        LEVEL_FORMATS,
        caption="水平指标（不计份额） Levels and rates, compared as levels",
    )


def chain(ctx: ReportContext, item_no: str) -> HTML:
    """The item's figures passed down two levels (province → prefecture → county), when they are: each level's
    figure with its sentence, its share of the level above and that share against its share of the population
    (above ×1 the target grew on its way down, below it was cut)."""
    df = ctx.item_chain(item_no)
    if df.empty:
        return note(
            "只下达一级 Passed down one level only: no figure of this item runs over two levels of lists (from the "
            "list above through this one to a list below, or from this one through a list below to the list below "
            "that), so there is no chain to show."
        )
    df = df.copy()
    unit = lambda v, u: f"{fmt_number(0)(v)} {u or ''}".strip()  # noqa: E731
    df["top"] = [f"{n} {unit(v, u)}" for n, v, u in zip(df["top_name_zh"], df["top_value"], df["top_unit"])]
    df["middle"] = [
        f"{n} {unit(v, u)}" for n, v, u in zip(df["middle_name_zh"], df["middle_value_as_parent"], df["middle_unit"])
    ]
    df["bottom"] = [
        f"{n} {unit(v, u)}" for n, v, u in zip(df["bottom_name_zh"], df["bottom_value"], df["middle_unit"])
    ]
    pct = fmt_pct(2)
    return table(
        df,
        [
            ("top_metric_zh", "指标 Measure"),
            ("top", "上两级 Top list"),
            ("middle", "中间 Middle list"),
            ("middle_share_of_top", "中间占上级 Middle ÷ top"),
            ("middle_proportionality", "÷ 人口占比 ÷ population share"),
            ("bottom", "下级 Bottom list"),
            ("bottom_share_of_middle", "下级占中间 Bottom ÷ middle"),
            ("bottom_proportionality", "÷ 人口占比 ÷ population share"),
            ("bottom_share_of_top", "下级占上两级 Bottom ÷ top"),
            ("caveat", "说明 Caveat"),
            ("bottom_source_text", "原文 Bottom sentence"),
        ],
        {
            "middle_share_of_top": pct,
            "bottom_share_of_middle": pct,
            "bottom_share_of_top": pct,
            "middle_proportionality": fmt_ratio,
            "bottom_proportionality": fmt_ratio,
            "caveat": lambda v: "—" if is_missing(v) else str(v),
        },
        caption="逐级分解 The figure passed down two levels: each level's figure, its share of the level above, and "
        "that share ÷ its share of the level above's residents (above ×1: the target grew on its way down; below: "
        "it was cut). The sentences of the top and middle figures are in the release's target_chains rows.",
        wide=("bottom_source_text", "caveat"),
    )


def cite(ctx: ReportContext, item_no: str) -> HTML:
    """How to cite this item page: its title names the municipal item and the year."""
    item, above, w = ctx.municipal_item(item_no), ctx.list_above(), ctx.above_words()
    year, code = above["year"], above["jurisdiction_code"]
    title_en = municipal_item_en(item_no, year, code)
    title = (
        f"{w['name_en']}'s {year} {w['level_en']} item {item_no}, {title_en + ' ' if title_en else ''}"
        f"({item['title']}): the targets of the lists below it compared"
    )
    return citation(title, f"item_{code}_{item_no}_{year}", ctx.build_info(), ctx.documents(), ctx.report_file())
