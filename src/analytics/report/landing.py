"""The site's landing page (reports/index.html): the answer at a glance, then every report.

For the latest list year first: a sentence with the headline figures, one dot plot of every district's shares
against its population share, a table per district (coverage of the municipal list, median share, investment
per resident or "not published"), the data version and how to cite; then a filterable list of every report.
Written after every render from the database (not a notebook: it has no parameters and must list what exists).
"""

from __future__ import annotations

import datetime as dt
import html
import statistics

import pandas as pd
import plotly.graph_objects as go

from .blocks import NOT_PUBLISHED, citation, esc, fmt_pct, is_missing, yuan_text
from .charts import FONT, PALETTE, Plot, amount_text, log_percent_axis
from .data import ReportContext
from .data_page import DATA_PAGE, release_citation
from .frame import SHARE_CSV, Chart, source_line
from .inputs import report_name

LANDING = "index"


_pct = fmt_pct(2)  # 1.76% ("—" where there is none)


def district_summary(ctx: ReportContext, matrix: pd.DataFrame) -> pd.DataFrame:
    """One row per district list of the year: take-up, comparable shares, their median, population share and
    investment per resident (NULL where the list publishes none)."""
    coverage = ctx.coverage().set_index("jurisdiction_code")
    budgets = ctx.budget_comparison().set_index("jurisdiction_code")
    municipal_items = len(ctx.municipal_items())
    rows = []
    for code in coverage.index:
        shares = matrix[(matrix["jurisdiction_code"] == code) & matrix["share"].notna()]
        ratios = shares["proportionality"].dropna()
        budget = budgets.loc[code] if code in budgets.index else None
        rows.append(
            {
                "jurisdiction_code": code,
                "name_zh": coverage.loc[code, "name_zh"],
                "name_en": coverage.loc[code, "name_en"],
                "items_taken_up": int(coverage.loc[code, "items_taken_up"] or 0),
                "municipal_items": municipal_items,
                "comparable": len(shares),
                "median_share": statistics.median(shares["share"]) if len(shares) else None,
                "population_share": ctx.population_share(code),
                "median_ratio": statistics.median(ratios) if len(ratios) else None,
                "above_weight": int((ratios > 1).sum()),
                "yuan_per_resident": None
                if budget is None or is_missing(budget["yuan_per_resident"])
                else float(budget["yuan_per_resident"]),
                "money_kind": None if budget is None or not budget["published"] else budget["investment_kind"],
                "items_with_investment": None if budget is None else int(budget["items_with_figure"]),
                "items": None if budget is None else int(budget["items"]),
            }
        )
    return pd.DataFrame(rows)


def headline(summary: pd.DataFrame, year: int) -> str:
    """The answer in one paragraph, from the figures (nothing here is typed by hand)."""
    if summary.empty:
        return f"No district list of {year} is in the database yet."
    takeup = ", ".join(f"{r.name_en} {r.items_taken_up}" for r in summary.itertuples())
    medians = "; ".join(
        f"{r.name_en} {_pct(r.median_share)} against {_pct(r.population_share)} of the residents"
        for r in summary.itertuples()
        if r.comparable
    )
    published = [r for r in summary.itertuples() if not is_missing(r.yuan_per_resident)]
    money = (
        "; ".join(
            f"{r.name_en} {yuan_text(r.yuan_per_resident)} yuan per resident{money_words(r.money_kind)}"
            for r in published
        )
        if published
        else "no list publishes its investment"
    )
    unpublished = [r.name_en for r in summary.itertuples() if is_missing(r.yuan_per_resident)]
    return (
        f"Of the {int(summary['municipal_items'].iloc[0])} items on Chongqing's {year} municipal list, the district "
        f"lists take up: {takeup}. Where a district's figure can be compared with the municipal quota, its median "
        f"share of the quota is: {medians or 'none comparable'}. Investment: {money}"
        + (f" ({', '.join(unpublished)}: not published)." if unpublished and published else ".")
    )


MONEY_WORDS = {
    "annual": " of this year's investment (年度投资)",
    "total": " of whole-project cost (项目总投资, all the projects' years, not this year's spending)",
    "mixed": " (this year's and whole-project figures mixed)",
    "unstated": " (the list does not say whether this year's or whole-project)",
}


def money_words(kind: object) -> str:
    """What a per-resident figure is, after it: only figures of one kind are compared across districts."""
    return MONEY_WORDS["unstated" if is_missing(kind) else str(kind)]


def answer(summary: pd.DataFrame, year: int) -> str:
    """The question answered in one sentence, from the figures: how much of the municipal list the districts take
    up, and how often their share of a quota is above their share of the residents."""
    if summary.empty:
        return f"No district list of {year} is in the database yet."
    taken = summary["items_taken_up"]
    span = f"{taken.min()}" if taken.min() == taken.max() else f"{taken.min()} to {taken.max()}"
    ratios = summary[summary["median_ratio"].notna()]
    above = int((ratios["median_ratio"] > 1).sum())
    weight = (
        f"; {above} of {len(ratios)} districts take on more of the comparable quotas, at the median, than their "
        "share of the residents"
        if len(ratios)
        else ""
    )
    return (
        f"In {year} each district took up {span} of the {int(summary['municipal_items'].iloc[0])} municipal items"
        f"{weight}."
    )


def jitter(n: int, spread: float = 0.56) -> list[float]:
    """n offsets within a row (evenly spread, centred, the same on every render): dots of equal share stay
    apart."""
    if n <= 1:
        return [0.0] * n
    return [round(-spread / 2 + spread * k / (n - 1), 4) for k in range(n)]


def shares_plot(ctx: ReportContext, matrix: pd.DataFrame) -> Plot:
    """Every comparable share, one row per district; the district's population share as a black diamond."""
    df = matrix[matrix["share"].notna()].reset_index(drop=True)
    fig = go.Figure()
    places = list(dict.fromkeys(df["jurisdiction_code"]))
    labels = {c: html.escape(f"{zh} {en}") for c, zh, en in zip(df["jurisdiction_code"], df["name_zh"], df["name_en"])}
    for i, code in enumerate(places):
        g = df[df["jurisdiction_code"] == code]
        fig.add_trace(
            go.Scatter(
                x=g["share"] * 100,
                y=[i + offset for offset in jitter(len(g))],  # every measure visible: spread within the row
                mode="markers",
                marker=dict(color=PALETTE[i % len(PALETTE)], size=10, opacity=0.7),
                name=labels[code],
                hovertext=[
                    f"<b>{labels[code]}</b><br>{html.escape(r.metric_zh)} · {html.escape(r.metric_en)}<br>"
                    f"share 比重 {r.share:.2%} · {amount_text(r.district_value)} / "
                    f"{amount_text(r.municipal_value)} {html.escape(str(r.unit))}<br>"
                    f"municipal item 市级第{html.escape(str(r.municipal_item_no))}项 (click: its page)"
                    for r in g.itertuples()
                ],
                hoverinfo="text",
                customdata=list(g.index),
                showlegend=False,
            )
        )
    pops = [(i, labels[c], ctx.population_share(c)) for i, c in enumerate(places)]
    pops = [(row, label, p) for row, label, p in pops if p is not None]
    fig.add_trace(
        go.Scatter(
            x=[p * 100 for _, _, p in pops],
            y=[row for row, _, _ in pops],
            mode="markers",
            marker=dict(symbol="diamond", color="#222", size=14, line=dict(color="white", width=1)),
            name="人口占比 population share",
            hovertext=[f"{label}: population share 人口占比 {p:.2%}" for _, label, p in pops],
            hoverinfo="text",
        )
    )
    fig.update_xaxes(
        **log_percent_axis(list(df["share"] * 100) + [p * 100 for _, _, p in pops]),
        title="比重 share (%)<br>log scale",
        gridcolor="#eee",
    )
    fig.update_yaxes(
        automargin=True,
        autorange="reversed",
        tickvals=list(range(len(places))),
        ticktext=[labels[c] for c in places],
        showgrid=False,
        zeroline=False,
    )
    fig.update_layout(
        height=140 + 70 * len(places),
        margin=dict(l=10, r=20, t=30, b=50),
        font=FONT,
        plot_bgcolor="white",
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0),
    )
    return Plot(fig, df)


def _summary_table(summary: pd.DataFrame, year: int, links: dict[str, str]) -> str:
    head = (
        "<tr><th>区县 District</th><th>承接市级项目 Municipal items taken up</th><th>可比指标 Comparable measures</th>"
        "<th>份额中位数 Median share</th><th>人口占比 Population share</th><th>中位比 Median share ÷ population share"
        "</th><th>人均投资 Investment per resident</th></tr>"
    )
    body = []
    for r in summary.itertuples():
        name = f"{esc(r.name_zh)} {esc(r.name_en)}"
        link = links.get(r.jurisdiction_code)
        cell = f'<a href="{esc(link)}">{name}</a>' if link else name
        if is_missing(r.yuan_per_resident):
            money = NOT_PUBLISHED
        else:
            money = (
                f"{yuan_text(r.yuan_per_resident)} 元{money_words(r.money_kind)} "
                f"({int(r.items_with_investment)} of {int(r.items)} items)"
            )
        ratio = "—" if is_missing(r.median_ratio) else f"×{r.median_ratio:.2f} ({r.above_weight} above ×1)"
        body.append(
            f"<tr><td>{cell}</td><td class='num'>{r.items_taken_up} / {r.municipal_items}</td>"
            f"<td class='num'>{r.comparable}</td><td class='num'>{_pct(r.median_share)}</td>"
            f"<td class='num'>{_pct(r.population_share)}</td><td class='num'>{esc(ratio)}</td>"
            f"<td class='num'>{esc(money)}</td></tr>"
        )
    return (
        f'<div class="table-wrap"><table class="report"><caption>{year}: 各区县一览 Districts at a glance'
        "</caption><thead>" + head + "</thead><tbody>" + "".join(body) + "</tbody></table></div>"
    )


def year_section(ctx: ReportContext, year: int, existing: set[str], info: dict[str, str]) -> str:
    matrix = ctx.proportionality_matrix()
    summary = district_summary(ctx, matrix)
    links = {
        code: f"{name}.html"
        for code in summary.get("jurisdiction_code", [])
        if (name := report_name("district_profile", {"jurisdiction_code": code}, year)) in existing
    }
    plot = shares_plot(ctx, matrix)
    above = ctx.list_above()["jurisdiction_code"]
    overview = report_name("overview", {"parent_code": above}, year)
    chart = ""
    if not plot.rows.empty:
        chart = Chart(
            plot,
            f"{year}年各区县承接份额 · Each district's shares of the {year} municipal quotas",
            "One dot per comparable measure: the district's target ÷ the municipal target (%, log scale); the "
            "diamond is the district's share of Chongqing's residents. Dots right of the diamond: quotas taken "
            "on above the district's weight in population.",
            source_line(ctx.documents(), info),
            f"shares-{year}",
            SHARE_CSV,
            [
                "Only figures comparable with the quota as a share are drawn (same unit, same thing counted, a "
                "total); measures a district does not publish have no dot, never a zero.",
                "Population: 2020 census where available (see each district page for the source).",
            ],
            links=[
                f"{name}.html"
                if (
                    name := report_name("metric_comparison", {"municipal_item_no": str(no), "parent_code": above}, year)
                )
                in existing
                else None
                for no in plot.rows["municipal_item_no"]
            ],
            report=LANDING,
        ).html()
    compare = (
        f'<p>Measure by measure, with investment per resident side by side: <a href="{overview}.html">'
        f"{year} districts compared 各区县比较</a>.</p>"
        if overview in existing
        else ""
    )
    return (
        f'<section class="year" id="year-{year}"><h2>{year}年清单 {year} lists</h2>'
        f'<p class="answer">{esc(answer(summary, year))}</p>'
        f'<p class="lede">{esc(headline(summary, year))}</p>{chart}'
        f"{_summary_table(summary, year, links)}{compare}</section>"
    )


def report_list(entries: list[tuple[int | None, str, str, str | None, str | None]]) -> str:
    """(year, group heading, title, file or None, error or None) → a filterable list."""
    items = []
    for year, group, title, file, error in entries:
        label = f"{year or ''} · {group}"
        if error is not None:
            items.append(
                f"<li><span class='group'>{esc(label)}</span> {esc(title)} — <strong>failed</strong>: {esc(error)}</li>"
            )
        elif file is not None:
            items.append(f'<li><span class="group">{esc(label)}</span> <a href="{esc(file)}">{esc(title)}</a></li>')
    return (
        '<section id="reports"><h2>全部报告 Every report</h2>'
        '<input type="search" id="report-filter" placeholder="筛选 Filter: a district, an item, a year…" '
        'aria-label="Filter the reports">'
        f'<ul class="reports">{"".join(items)}</ul>'
        "<script>document.getElementById('report-filter').addEventListener('input', function () {"
        "var q = this.value.trim().toLowerCase();"
        "document.querySelectorAll('ul.reports li').forEach(function (li) {"
        "li.style.display = li.textContent.toLowerCase().indexOf(q) >= 0 ? '' : 'none'; }); });</script></section>"
    )


def landing_page(ctx: ReportContext, years: list[int], existing: set[str], entries: list) -> str:
    info = ctx.build_info()
    generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    sections = "".join(year_section(ctx_for_year(ctx, y), y, existing, info) for y in years)
    cite = citation(
        "Chongqing key livelihood projects: what share of each municipal quota districts take on",
        "site",
        info,
        ctx.documents(),
        "index.html",
    ).data
    from ..database.release import citation_facts, read_citation, release_version
    from ..paths import default_paths

    version = release_version(info)
    cite_release = release_citation(citation_facts(info, read_citation(default_paths().root)))
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>重庆市重点民生实事：区县承接份额 · Chongqing key livelihood projects: district shares</title>
<link rel="stylesheet" href="assets/report.css"><script src="assets/plotly.min.js"></script></head>
<body class="landing"><main>
<header class="report-header"><h1>重庆市重点民生实事：区县承接了多少市级任务？<br>
<span class="en">Chongqing's key livelihood projects: what share of each municipal quota do districts take on?</span>
</h1>
<p class="lede">Every year Chongqing publishes its key livelihood projects (重点民生实事) with quantitative targets,
and each district or county publishes its own list, taking up municipal items with its own numbers. These reports
compare each district's share of every municipal quota with its share of the population, and the investment its
list publishes per resident (this year's, or the projects' whole cost, as the list says). Every figure names the
document, item and sentence it comes from.</p>
<dl class="meta"><dt>数据版本 Data version</dt><dd><code>{esc(info.get("data_version"))}</code> (hash of the raw
documents), project version <code>{esc(info.get("project_version"))}</code>, database built
{esc(info.get("built_at"))}</dd><dt>生成日期 Generated</dt><dd class="generated">{esc(generated)}</dd>
<dt>数据下载 The data</dt><dd><a href="{DATA_PAGE}">Every table, described and downloadable (CSV, Parquet, DuckDB,
datapackage.json): data release <code>{esc(version)}</code></a></dd></dl>
</header>
{sections}
{report_list(entries)}
{cite}
{cite_release}
</main></body></html>"""


def ctx_for_year(ctx: ReportContext, year: int) -> ReportContext:
    return ReportContext(ctx.con, "overview", {"year": year})
