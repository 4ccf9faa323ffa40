"""Sections of the overview report: all districts × all measures, coverage and data quality."""

from __future__ import annotations

from IPython.display import HTML

from . import charts
from .blocks import citation, header, note, table
from .data import ReportContext


def title(ctx: ReportContext) -> HTML:
    year = ctx.municipal_list()["year"]
    return header(
        f"重庆市{year}年重点民生实事：各区县承接份额总览",
        f"Chongqing {year} key livelihood projects: overview of district shares",
        {"year": year},
        ctx.build_info(),
        lede="Each cell compares a district's share of a municipal quota with its share of Chongqing's residents: "
        "red above its weight, blue below, grey not comparable or not published.",
    )


def heatmap(ctx: ReportContext):
    return charts.proportionality_heatmap(
        ctx.proportionality_matrix(), "比重 ÷ 人口占比 · share of municipal target ÷ share of population"
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
    """How to cite the overview."""
    year = ctx.municipal_list()["year"]
    title = f"Chongqing's {year} key livelihood targets: overview of every district's shares"
    return citation(title, f"overview_{year}", ctx.build_info(), ctx.documents(), ctx.report_file())
