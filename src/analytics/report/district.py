"""Sections of the district profile report."""

from __future__ import annotations

from IPython.display import HTML

from . import charts
from .blocks import (
    LEVEL_FORMATS,
    MONEY_CAVEAT,
    SHARE_FORMATS,
    citation,
    esc,
    fmt_number,
    fmt_yuan,
    header,
    is_missing,
    measure_columns,
    money_kind_text,
    not_published,
    note,
    style,
    table,
    wan_yuan_text,
    yuan_text,
)
from .data import ReportContext
from .frame import item_pages, report_chart
from .glossary import short_name_en, trust_words

POPULATION_UNKNOWN_TEXT = "人口未知 population unknown (no figure in data/reference/population.csv)"


def names_above(ctx: ReportContext, code: str) -> tuple[str, str] | None:
    """(Chinese, English) short names of the jurisdiction whose list the district's is compared with (重庆市,
    Chongqing; 温州市, Wenzhou), or None when there is no list above it."""
    parent = ctx.parent_list(code)
    if parent is None:
        return None
    return parent["name_zh"], short_name_en(parent["name_en"])


def heading(ctx: ReportContext, code: str) -> tuple[str, str]:
    """(Chinese, English) title of a profile: the share of the list above it, or the list alone."""
    place = ctx.jurisdiction(code)
    year = ctx.district_list(code)["year"]
    names = names_above(ctx, code)
    if names is None:
        return (
            f"{place['name_zh']} {year}年重点民生实事",
            f"{place['name_en']} ({code}): its {year} key livelihood list (no list of the level above for {year})",
        )
    whole = "全市" if names[0].endswith("市") else ("全省" if names[0].endswith("省") else names[0])
    return (
        f"{place['name_zh']} {year}年重点民生实事：承接{whole}任务的份额",
        f"{place['name_en']} ({code}): its share of {names[1]}'s {year} key livelihood targets",
    )


def title(ctx: ReportContext, code: str) -> HTML:
    year = ctx.district_list(code)["year"]
    zh, en = heading(ctx, code)
    names = names_above(ctx, code)
    lede = (
        f"What share of each quota of {names[1]}'s list the district has taken on, against its share of "
        f"{names[1]}'s residents, and the investment its list publishes per resident (this year's or the whole "
        "projects', as the list says)."
        if names
        else f"The items and figures of its list, and the investment it publishes per resident: the corpus has no "
        f"{year} list of the level above to compare it with."
    )
    return header(zh, en, {"jurisdiction_code": code, "year": year}, ctx.build_info(), lede=lede)


def key_figures(ctx: ReportContext, code: str) -> HTML:
    items = ctx.items(code)
    shares = ctx.shares(code)
    pop = ctx.population(code)
    pop_share = ctx.population_share(code)
    budget = ctx.budget_summary(code)
    aligned = shares[shares["status"] == "aligned"]
    comparable = aligned[aligned["comparable"].fillna(False)]
    above = int((comparable["proportionality"] > 1).sum())
    money = money_text(budget)
    pop_text = (
        f"{pop['resident_population']:,} residents ({pop['year']}, {pop['basis']}, {trust_words(pop['trust'])}) = "
        f"{pop_share:.2%} of {names_above(ctx, code)[1]}"
        if pop_share
        else POPULATION_UNKNOWN_TEXT
    )
    rows = [
        (
            "项目 Items",
            f"{len(items)}: {int((items['tier'] != 'local').sum())} taking up items of the list above, "
            f"{int((items['tier'] == 'local').sum())} district/county items",
        ),
        ("承接 Municipal items taken up", _takeup_text(ctx.takeup_summary(code))),
        ("人口 Population", pop_text),
        ("人口口径 Population note", _population_note(shares) if pop_share else POPULATION_UNKNOWN_TEXT),
        ("可比指标 Comparable measures", _comparable_text(ctx, code, len(comparable), len(aligned), above)),
        ("投资 Investment", money),
    ]
    body = "".join(f"<tr><th{style('th')}>{esc(k)}</th><td{style('')}>{esc(v)}</td></tr>" for k, v in rows)
    return HTML(f'<table class="report key">{body}</table>')


def money_text(budget: dict | None) -> str:
    """What the list publishes, said as what it is: this year's investment or the whole projects' cost."""
    if not budget or not budget["published"]:
        return "未公布 not published: the list gives no investment figures"
    known = not is_missing(budget["resident_population"])
    parts = []
    for amount, items, per_resident, kind in (
        (budget["annual_wan_yuan"], budget["items_with_annual"], budget["annual_yuan_per_resident"], "annual"),
        (
            budget["whole_project_wan_yuan"],
            budget["items_with_whole_project"],
            budget["whole_project_yuan_per_resident"],
            "total",
        ),
        (budget["unstated_wan_yuan"], None, None, "unstated"),
    ):
        if is_missing(amount):
            continue
        head = f"{wan_yuan_text(amount)} 万元 {money_kind_text(kind)}"
        count = f" for {int(items)} of {budget['items']} items" if items is not None else ""
        if kind == "unstated":
            unstated = budget["items_with_figure"] - budget["items_with_annual"] - budget["items_with_whole_project"]
            count = f" for {max(int(unstated), 0)} of {budget['items']} items"
            per_resident = amount * 10000 / budget["resident_population"] if known else None
        resident = (
            f"{yuan_text(per_resident)} 元 per resident"
            if known and not is_missing(per_resident)
            else f"per resident: {POPULATION_UNKNOWN_TEXT}"
        )
        parts.append(f"{head}{count} ({resident})")
    multi = int(budget["multi_year_items"] or 0)
    plural = "s" if multi != 1 else ""
    tail = f"; {multi} multi-year project{plural} (续建 or completed after this year)" if multi else ""
    return "; ".join(parts) + tail


def _takeup_text(counts: dict[str, int]) -> str:
    taken = counts["taken_up"] + counts["carried_in_other_items"]
    total = taken + counts["not_taken_up"]
    if not total:
        return "not compared: no list of the level above this year"
    return (
        f"{taken} of {total}: {counts['taken_up']} by an item of the list, "
        f"{counts['carried_in_other_items']} carried in other items (a measure published there)"
    )


def _comparable_text(ctx: ReportContext, code: str, comparable: int, aligned: int, above: int) -> str:
    year, described = ctx.district_list(code)["year"], ctx.catalogue_years()
    if ctx.parent_list(code) is None:
        return f"not compared: the corpus has no {year} list of the level above"
    if year not in described:
        return (
            f"not compared: no metric catalogue (data/reference/metric_catalogue*.yaml) describes the {year} "
            f"municipal list (catalogues: {', '.join(map(str, described))}; `analytics catalogue draft {year}` "
            "writes one to review)"
        )
    return f"{comparable} of {aligned} aligned measures; {above} above its population share, {comparable - above} below"


def _population_note(shares) -> str:
    notes = shares["population_note"].dropna().unique()
    return notes[0] if len(notes) else "same year and basis as the figure of the list above, both official"


def share_chart(ctx: ReportContext, code: str):
    place = ctx.jurisdiction(code)
    population = ctx.population(code)
    plot = charts.share_vs_population(
        ctx.shares(code),
        ctx.population_share(code),
        f"{place['name_zh']}: 占全市目标比重 vs 人口占比 · share of municipal targets vs population share",
    )
    if plot.rows.empty:
        return note("No measure of this list can be compared with the municipal quota as a share.")
    caveats = [
        "Only measures whose district and municipal figures count the same thing in the same unit are drawn; "
        "the table below lists the others, each with the reason.",
        "A bar right of the line means a larger share of the quota than of the population; lists do not say why.",
    ]
    if population:
        caveats.append(
            f"Population share: {population['resident_population']:,} residents ({population['basis']}; "
            f"{trust_words(population['trust'])}: {population['source_title']}) over the municipality's."
        )
    return report_chart(
        ctx,
        plot,
        f"{place['name_zh']}承接的市级目标份额 · {place['name_en']}'s share of each municipal quota",
        "District target ÷ target of the list above, per comparable measure (%), against the district's share of "
        f"{(names_above(ctx, code) or ('', 'its'))[1]}'s residents (dashed line)",
        "share-chart",
        caveats=caveats,
        links=[item_page(ctx, n, code) for n in plot.rows["municipal_item_no"]],
    )


SHARE_COLUMNS = [
    ("measure", "指标 Measure"),
    ("values", "区县 / 全市 District / municipal"),
    "share",
    "population_share",
    "proportionality",
    "comparable",
    "caveat",
    "district_source_text",
]


def shares_table(ctx: ReportContext, code: str) -> HTML | None:
    shares = ctx.shares(code)
    aligned = measure_columns(shares[shares["status"] == "aligned"])
    return table(
        aligned,
        SHARE_COLUMNS,
        SHARE_FORMATS,
        caption="每个已对应指标 Every aligned measure, with its source sentence (a measure links to its item page)",
        links={"measure": lambda r: item_page(ctx, r["municipal_item_no"], code)},
    )


def item_page(ctx: ReportContext, item_no: object, code: str) -> str | None:
    """The item page of an item of the list above the district's, when the site has one (items with measures in
    that list's catalogue)."""
    parent = ctx.parent_list(code)
    if is_missing(item_no) or parent is None or str(item_no) not in ctx.items_with_pages(parent["doc_id"]):
        return None
    return item_pages(ctx.year, parent["jurisdiction_code"], [item_no])[0]


def outliers(ctx: ReportContext, code: str, above: float = 5.0, below: float = 0.2) -> HTML:
    shares = ctx.shares(code)
    flagged = measure_columns(shares[(shares["proportionality"] > above) | (shares["proportionality"] < below)])
    if flagged.empty:
        return note(f"No comparable measure is more than {above}× or less than {below}× the population share.")
    return table(
        flagged,
        [
            ("measure", "指标 Measure"),
            ("values", "区县 / 全市 District / municipal"),
            "share",
            "population_share",
            "proportionality",
            "district_source_text",
        ],
        SHARE_FORMATS,
        caption=f"显著偏离 Flagged: share more than {above}× or less than {below}× the population share",
    )


def gaps(ctx: ReportContext, code: str) -> HTML:
    shares = ctx.shares(code)
    gap = shares[shares["status"] == "not_published"]
    return table(
        gap,
        [
            ("municipal_item_no", "市级序号 Municipal item"),
            ("metric_zh", "指标"),
            ("metric_en", "Measure"),
            ("municipal_value", "全市目标 Municipal target"),
            "unit",
        ],
        {"municipal_value": fmt_number(0)},
        caption="承接了市级项目但未公布该指标数值 "
        "Items taken up without a figure for these measures (not published, not zero)",
    )


def levels(ctx: ReportContext, code: str) -> HTML:
    return table(
        ctx.levels(code),
        [
            ("metric_zh", "指标"),
            ("metric_en", "Measure"),
            ("district_value", "区县水平 District level"),
            ("municipal_value", "全市水平 Municipal level"),
            ("district_unit", "单位 Unit"),
            "difference",
            ("district_source_text", "原文 Source sentence"),
        ],
        LEVEL_FORMATS,
        caption="比率与水平指标（按水平比较，不计份额） Rates and levels, compared as levels",
    )


def _full(ctx: ReportContext, anchor: str) -> tuple[str, str]:
    """Where a table too long to show whole is written as CSV: beside the report, named by its anchor."""
    return ctx.report_file().removesuffix(".html"), f"table-{anchor}"


def items_table(ctx: ReportContext, code: str) -> HTML:
    """The items by tier: those taken up from the list above (市级 or 省级, with the item they take up), then
    local ones; for a list with no list above it, every figure with its sentence too (nothing else shows them)."""
    items = ctx.items(code)
    names = names_above(ctx, code)
    upper = names[1] if names else ""
    parts = []
    for taken, caption, extra in (
        (
            True,
            f"承接上级项目 Items taken up from {upper}'s list",
            [
                ("tier", "层级 Tier"),
                ("municipal_item_no", "上级序号 Item above"),
                ("municipal_title", "上级项目 Title above"),
            ],
        ),
        (False, "本级项目 District / county items", []),
    ):
        rows = items[(items["tier"] != "local") == taken]
        if taken and names is None:
            continue  # nothing above to take items up from
        parts.append(
            table(
                rows,
                ["item_no", "section", "title", *extra, "lead_units", "investment_wan_yuan"],
                {"investment_wan_yuan": fmt_number(1)},
                caption=f"{caption} ({len(rows)})",
                links={"municipal_title": lambda r: item_page(ctx, r["municipal_item_no"], code)},
                full=_full(ctx, "items-taken-up" if taken else "items-local"),
            )
        )
    if names is None:
        figures = ctx.figures(code)
        parts.append(
            table(
                figures,
                [
                    ("item_no", "序号 Item"),
                    ("item_title", "项目 Title"),
                    ("expression", "指标 Figure"),
                    ("unit", "单位 Unit"),
                    ("source_text", "原文 Sentence"),
                ],
                {},
                caption=f"本级指标 The list's figures ({len(figures)}; not compared: no list of the level above)",
                full=_full(ctx, "figures"),
            )
        )
    return HTML("".join(p.data for p in parts))


def budgets(ctx: ReportContext, code: str):
    summary = ctx.budget_summary(code)
    place = ctx.jurisdiction(code)
    if not summary or not summary["published"]:
        return not_published(
            f"{place['name_zh']}的重点民生实事清单未公布项目投资",
            f"{place['name_en']}'s list publishes no investment figure for any of its "
            f"{summary['items'] if summary else 0} "
            "items, so no cost per resident can be computed.",
        )
    plot = charts.budget_chart(ctx.budgets(code), f"{place['name_zh']}: 人均投资 · investment per resident by item")
    unpublished = summary["items_without_figure"]
    return report_chart(
        ctx,
        plot,
        f"{place['name_zh']}各项目人均投资 · {place['name_en']}: investment per resident, by item",
        f"Investment of each item as the list publishes it ({money_kind_text(summary['investment_kind'])}, 万元) "
        "÷ resident population, in yuan per resident; red: items taken up from the municipal list",
        "budget-chart",
        [*BUDGET_COLUMNS, "beneficiary_unit", "yuan_per_beneficiary", "beneficiary_text"],
        [MONEY_CAVEAT]
        + (
            [f"{unpublished} of {summary['items']} items publish no investment and are not drawn (not zero)."]
            if unpublished
            else []
        ),
    )


BUDGET_COLUMNS = [
    "item_no",
    "title",
    "tier",
    "investment_wan_yuan",
    "investment_kind",
    "annual_investment_wan_yuan",
    "total_investment_wan_yuan",
    "multi_year_reason",
    "yuan_per_resident",
    "beneficiaries",
]


def budget_table(ctx: ReportContext, code: str) -> HTML | None:
    df = ctx.budgets(code)
    if df.empty or not df["published"].any():
        return None  # the note above already says the list publishes no investment: no table of "not published"
    return table(
        df,
        [
            *BUDGET_COLUMNS,
            "yuan_per_beneficiary",
            ("beneficiary_note", "无受益人均的原因 Why no cost per beneficiary"),
            ("beneficiary_text", "受益人数原文 Beneficiaries, source"),
        ],
        {
            "investment_wan_yuan": fmt_number(1),
            "investment_kind": lambda v: "—" if is_missing(v) else money_kind_text(v),
            "annual_investment_wan_yuan": fmt_number(1),
            "total_investment_wan_yuan": fmt_number(1),
            "multi_year_reason": lambda v: "" if is_missing(v) else f"多年项目 multi-year: {v}",
            "yuan_per_resident": fmt_yuan if ctx.population(code) else lambda v: "population unknown",
            "beneficiary_note": lambda v: "" if is_missing(v) else str(v),
            "beneficiaries": fmt_number(0),
            "yuan_per_beneficiary": fmt_yuan,
        },
        caption="逐项投资 Investment per item (未公布 where the list gives none). " + MONEY_CAVEAT,
        full=_full(ctx, "budgets"),
    )


def milestones(ctx: ReportContext, code: str):
    df = ctx.milestones(code)
    if df.empty:
        return note("This list has no implementation plan with quarterly checkpoints.")
    place = ctx.jurisdiction(code)
    plot = charts.milestone_chart(df, f"{place['name_zh']}: 阶段性目标 · planned progress at each checkpoint")
    return report_chart(
        ctx,
        plot,
        f"{place['name_zh']}阶段性目标 · {place['name_en']}: planned progress at each checkpoint",
        "Share of each item's annual task planned to be done by each checkpoint the plan prints (%)",
        "milestone-chart",
        ["item_no", "title", "checkpoint_label", "planned_progress_pct", "milestone_text"],
        [
            "Where a checkpoint cell states several percentages, the one it states most often is drawn; the table "
            "below gives every cell's text."
        ],
    )


def milestones_table(ctx: ReportContext, code: str) -> HTML | None:
    """The quarterly plan's checkpoints and, when the list reports progress, each item's reported progress beside
    what the plan planned by then; nothing at all when the list has neither."""
    df = ctx.milestones(code)
    parts = (
        []
        if df.empty
        else [
            table(
                df,
                [
                    "item_no",
                    "title",
                    ("checkpoint_label", "时间节点 Checkpoint"),
                    "planned_progress_pct",
                    "milestone_text",
                ],
                {
                    "planned_progress_pct": lambda v: "—" if is_missing(v) else f"{v:.0f}%",
                    "milestone_text": lambda v: "—— (no checkpoint 无)" if is_missing(v) else str(v),
                },
                full=_full(ctx, "milestones"),
            )
        ]
    )
    reported = progress_table(ctx, code)
    if reported is not None:
        parts.append(reported)
    return HTML("".join(p.data for p in parts)) if parts else None  # nothing to show: no output at all


def _percent(v) -> str:
    return "—" if is_missing(v) else f"{v:.0f}%"


AS_OF_SOURCES = {"cell": "单元格 cell", "page": "页面 page", "issued": "发文日期 date of issue"}


def progress_table(ctx: ReportContext, code: str) -> HTML | None:
    """Reported progress (当前进度 …) per item, with the plan's progress at the last checkpoint before its date."""
    df = ctx.progress(code)
    if df.empty:
        return None
    columns = [
        "item_no",
        "title",
        ("percent", "报告进度 Reported progress"),
        ("words", "说明 Words beside it"),
        ("as_of", "截至 As of"),
        ("as_of_source", "日期来源 Date from"),
    ]
    if df["planned_pct"].notna().any() or df["planned_checkpoint"].notna().any():
        columns += [("planned_checkpoint", "计划节点 Plan checkpoint"), ("planned_pct", "计划进度 Planned")]
    return table(
        df,
        [*columns, ("progress_text", "原文 Cell as printed")],
        {
            "percent": _percent,
            "planned_pct": _percent,
            "as_of": lambda v: "—" if is_missing(v) else str(v)[:10],
            "as_of_source": lambda v: AS_OF_SOURCES.get(v, "—"),
        },
        caption="实施进度 Reported progress (a 100% from 已完工 / 已建成 is the words', not a printed figure)",
        full=_full(ctx, "progress"),
    )


def five_year_plan(ctx: ReportContext, code: str):
    plan = ctx.five_year_plan(code)
    if plan.empty:
        return note("No five-year plan of this jurisdiction is in the database.")
    vs = ctx.fyp_vs_2026(code)
    parts = [
        table(
            vs,
            [
                ("indicator", "规划指标 Plan indicator"),
                ("plan_unit", "单位 Unit"),
                ("baseline_text", "2020"),
                ("target_text", "2025 目标 target"),
                ("metric_en", "2026 measure"),
                ("municipal_2026_value", "2026 全市 municipal"),
                ("district_2026_value", "2026 本地 district"),
                ("link_note", "说明 Note"),
            ],
            {"municipal_2026_value": fmt_number(1), "district_2026_value": fmt_number(1)},
            caption="“十四五”指标与2026年目标 Five-year-plan indicators beside the 2026 targets",
        ),
        table(
            plan,
            [
                "category",
                ("indicator_no", "序号"),
                ("name", "指标 Indicator"),
                "unit",
                ("baseline_text", "2020年 baseline"),
                ("target_text", "2025年 target"),
                ("attribute", "属性"),
                ("attribute_en", "Type"),
            ],
            {"baseline_text": lambda v: "— 未公布 not published" if is_missing(v) else str(v)},
            caption="“十四五”公共服务主要指标（【】为五年累计） "
            "14th Five-Year public-service indicators ([] = five-year total)",
        ),
    ]
    return HTML("".join(p.data for p in parts))


def cite(ctx: ReportContext, code: str) -> HTML:
    """How to cite this profile: its title names the place and the year."""
    place = ctx.jurisdiction(code)
    year = ctx.district_list(code)["year"]
    _, en = heading(ctx, code)
    title = en.replace(f"({code})", f"({place['name_zh']}, {code})", 1)
    return citation(title, f"district_{code}_{year}", ctx.build_info(), ctx.documents(), ctx.report_file())
