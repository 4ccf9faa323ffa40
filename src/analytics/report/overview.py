"""Sections of the overview report: all districts × all measures, coverage and data quality."""

from __future__ import annotations

from IPython.display import HTML

from . import charts
from .blocks import MONEY_CAVEAT, citation, fmt_number, fmt_yuan, header, money_kind_text, note, table
from .data import ReportContext
from .frame import district_pages, item_pages, report_chart


def title(ctx: ReportContext) -> HTML:
    above, w = ctx.list_above(), ctx.above_words()
    year = above["year"]
    return header(
        f"{w['name_zh']}{year}年重点民生实事：各{w['below_zh']}承接份额比较",
        f"{w['name_en']} {year} key livelihood projects: {w['below_en']} compared",
        {"parent_code": above["jurisdiction_code"], "year": year},
        ctx.build_info(),
        lede=f"The lists that take up {w['name_en']}'s {year} list ({w['name_zh']}, {above['jurisdiction_code']}). "
        f"Each cell compares a list's share of a {w['level_en']} quota with its share of {w['name_en']}'s "
        "residents: red above its weight, blue below, grey not comparable or not published.",
    )


def heatmap(ctx: ReportContext):
    plot = charts.proportionality_heatmap(
        ctx.proportionality_matrix(), "比重 ÷ 人口占比 · share of municipal target ÷ share of population"
    )
    return report_chart(
        ctx,
        plot,
        "各区县承接份额与人口占比之比 · Share of each municipal quota ÷ share of population",
        "Per measure (rows) and district (columns): district target ÷ municipal target, divided by the district's "
        f"share of {ctx.above_words()['name_en']}'s residents; ×1 = in proportion. Click a cell for the measure's "
        "item page.",
        "heatmap",
        caveats=[
            "Grey cells (n/c): the district publishes a figure, but not one comparable with the quota as a share "
            "(another unit or thing counted, a minimum or a citywide count). Empty cells: not published or not "
            "taken up — never zero.",
            "Colours are capped at ×¼ and ×4; the hover gives each exact ratio; the sentence behind each figure is "
            "in the CSV and on the item page.",
        ],
        links=item_pages(ctx.year, ctx.list_above()["jurisdiction_code"], plot.rows["municipal_item_no"]),
    )


def shares_by_measure(ctx: ReportContext):
    """Per measure, every district's share against its population share: the comparison across districts."""
    plot = charts.shares_dot_plot(ctx.proportionality_matrix(), "各区县份额 · every district's share, per measure")
    if plot.rows.empty:
        return note("No district figure of this year can be read as a share of a municipal quota.")
    return report_chart(
        ctx,
        plot,
        "各指标各区县承接份额 · Each district's share of each municipal quota",
        "District target ÷ municipal target (%, log scale), one dot per district and measure; each district's "
        f"share of {ctx.above_words()['name_en']}'s residents is the dotted line in its colour",
        "shares-by-measure",
        caveats=[
            "Only comparable figures are drawn (same unit, same thing counted, a total); the heatmap above marks "
            "the others n/c, and each item page gives the reason.",
            "A measure a district does not publish has no dot: not published is not zero.",
        ],
        links=item_pages(ctx.year, ctx.list_above()["jurisdiction_code"], plot.rows["municipal_item_no"]),
    )


def investment(ctx: ReportContext) -> HTML:
    """Investment per resident, every district side by side, kind beside kind: this year's investment in one
    column, whole-project cost in another (never one compared with the other); 'not published' where a list
    gives no figure."""
    df = ctx.budget_comparison()
    df["coverage"] = [f"{w} / {n}" for w, n in zip(df["items_with_figure"], df["items"])]
    df["kind"] = [money_kind_text(k) if p else "—" for k, p in zip(df["investment_kind"], df["published"])]
    money = fmt_number(0)
    return table(
        df,
        [
            ("name_zh", "区县 District"),
            ("name_en", "Jurisdiction"),
            ("coverage", "公布投资的项目 Items with a figure"),
            ("kind", "投资口径 What the money is"),
            ("resident_population", "常住人口 Residents"),
            ("annual_wan_yuan", "年度投资 This year's investment (万元)"),
            ("annual_yuan_per_resident", "年度投资人均 This year's, per resident (元)"),
            ("whole_project_wan_yuan", "项目总投资 Whole-project cost (万元)"),
            ("whole_project_yuan_per_resident", "项目总投资人均 Whole-project cost, per resident (元)"),
            ("multi_year_items", "多年项目 Multi-year projects"),
        ],
        {
            "resident_population": money,
            "annual_wan_yuan": fmt_number(1),
            "annual_yuan_per_resident": fmt_yuan,
            "whole_project_wan_yuan": fmt_number(1),
            "whole_project_yuan_per_resident": fmt_yuan,
            "multi_year_items": lambda v: "—" if v is None else str(int(v)),
        },
        caption="人均投资 Investment per resident, side by side, kind by kind: the investment figures a list "
        "publishes ÷ residents (2020 census where available). " + MONEY_CAVEAT + " A list that publishes none says "
        "未公布 not published, never 0; where only some items carry a figure, the per-resident figure covers those "
        "items only.",
        links={"name_zh": lambda r: district_pages(ctx.year, [r["jurisdiction_code"]])[0]},
    )


def coverage(ctx: ReportContext) -> HTML:
    return table(
        ctx.coverage(),
        [
            ("jurisdiction_code", "代码 Code"),
            ("name_zh", "区县 District"),
            ("name_en", "Jurisdiction"),
            ("items_taken_up", "承接市级项目 Municipal items taken up"),
            ("items_carried", "其中在其他项目中承接 of which carried in other items"),
            ("aligned", "已对应指标 Measures aligned"),
            ("not_published", "未公布 Not published"),
            ("not_taken_up", "未承接 Not taken up"),
            ("comparable", "可比 Comparable"),
        ],
        caption="市级清单覆盖情况 Coverage of the municipal list: items taken up (by an item of the list, or "
        "carried: a measure published in another item) and quota measures",
        links={"name_zh": lambda r: district_pages(ctx.year, [r["jurisdiction_code"]])[0]},
    )


def quality(ctx: ReportContext) -> HTML:
    warnings = ctx.warnings()
    parts = [
        table(
            ctx.quality(),
            [
                ("doc_id", "文件 Document"),
                ("jurisdiction_name_zh", "区县 District"),
                ("figures", "数值 Figures found"),
                ("aligned", "已对应 Aligned"),
                ("district_only", "仅本地 District-only"),
            ],
            caption="数据质量 Data quality: figures found and aligned per document "
            "(the command analytics qa lists each figure)",
        ),
        note(f"{len(warnings)} build warning(s)." if len(warnings) else "The build reported no warnings."),
    ]
    return HTML("".join(p.data for p in parts))


def cite(ctx: ReportContext) -> HTML:
    """How to cite the comparison page: its title names the list above and the year."""
    above, w = ctx.list_above(), ctx.above_words()
    year = above["year"]
    title = f"{w['name_en']}'s {year} key livelihood targets: the shares of every list below it ({w['below_en']})"
    key = f"overview_{above['jurisdiction_code']}_{year}"
    return citation(title, key, ctx.build_info(), ctx.documents(), ctx.report_file())
