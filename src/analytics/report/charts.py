"""Plotly charts for the reports. Hover text carries the source sentence of each figure (escaped).

Each chart returns the figure and the rows it draws (`Plot`); every drawn mark carries its row's position in
`customdata`, so the CSV offered beside a chart is exactly what it draws (and a test can check that).
"""

from __future__ import annotations

import html
import math
from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go

from .blocks import fmt_yuan, money_kind_text, wan_yuan_text

ABOVE, BELOW, NEUTRAL = "#c0392b", "#2471a3", "#7f8c8d"
PALETTE = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"]
FONT = dict(family="Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif", size=12)


class Plot(NamedTuple):
    figure: go.Figure
    rows: pd.DataFrame  # one row per drawn mark, in customdata order


def wrap(text: object, width: int = 38) -> str:
    """Escaped text broken into hover lines (CJK text has no spaces, so wrap by characters)."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return "—"
    raw = str(text)
    return "<br>".join(html.escape(raw[i : i + width]) for i in range(0, len(raw), width))


def shorten(text: str, width: int = 24) -> str:
    """At most `width` characters, cut with an ellipsis: textwrap.shorten cuts at spaces, and a Chinese title
    has none (it became "…" alone)."""
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def amount_text(value: object) -> str:
    """A figure as people write it in a hover: 1,500,000 (never 1.5e+06), 2.5, 0.35; '—' when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


# Axis numbers as people write them: 1,500,000, not 1.5M or 1.5e+06.
NUMBER_AXIS = dict(exponentformat="none", separatethousands=True)


# Axis titles are short (a phone's plot area is ~130 px wide and plotly centres the title on it, so a long title
# is cut): what is measured is said in full in the chart's subtitle (report.frame).


def log_percent_axis(values) -> dict:
    """A log axis of per cents labelled as people read them: 0.1 %, 1 %, 10 % (never 2 5 or 1e-1)."""
    finite = [float(v) for v in values if v is not None and not pd.isna(v) and v > 0]
    low, high = (min(finite), max(finite)) if finite else (0.1, 10)
    ticks = [t for t in (0.01, 0.1, 1, 10, 100) if low / 10 < t < high * 10]
    return dict(
        type="log",
        tickvals=ticks,
        ticktext=[f"{t:g} %" for t in ticks],
        range=[math.log10(low) - 0.15, math.log10(high) + 0.15],
    )


def _layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    fig.update_xaxes(**NUMBER_AXIS)
    fig.update_yaxes(**NUMBER_AXIS)
    fig.update_layout(
        title=dict(text=html.escape(title), x=0, xanchor="left"),
        height=height,
        margin=dict(l=10, r=20, t=60, b=40),
        font=FONT,
        plot_bgcolor="white",
        hoverlabel=dict(align="left", font=FONT),
        legend=dict(orientation="h", y=-0.12),
    )
    return fig


def share_vs_population(shares: pd.DataFrame, population_share: float | None, title: str) -> Plot:
    """One bar per comparable measure: the district's share of the municipal target; the line is its
    share of the population. Bars right of the line are quotas taken on above the district's weight."""
    df = shares[(shares["status"] == "aligned") & (shares["comparable"].fillna(False))].copy()
    df = df.sort_values("share").reset_index(drop=True)
    # two short lines (Chinese, then English): a label never takes the whole width of a phone's screen
    labels = [
        f"{html.escape(shorten(zh, 16))}<br>{html.escape(shorten(en, 28))}"
        for zh, en in zip(df["metric_zh"], df["metric_en"])
    ]
    colors = [NEUTRAL if population_share is None else (ABOVE if s > population_share else BELOW) for s in df["share"]]
    hover = [
        f"<b>{html.escape(r.metric_zh)}</b><br>{html.escape(r.metric_en)}<br>"
        f"district 区县: {amount_text(r.district_value)} {html.escape(r.unit)} / municipal 全市: "
        f"{amount_text(r.municipal_value)}<br>"
        f"share 比重: {r.share:.2%}"
        + ("" if pd.isna(r.proportionality) else f" · ×{r.proportionality:.2f} population share")
        + "<br>"
        f"<i>{wrap(r.district_source_text)}</i>"
        for r in df.itertuples()
    ]
    fig = go.Figure(
        go.Bar(
            x=df["share"] * 100,
            y=labels,
            orientation="h",
            marker_color=colors,
            hovertext=hover,
            hoverinfo="text",
            customdata=list(df.index),
            name="share of municipal target 占全市目标比重 (%)",
            showlegend=False,
        )
    )
    # what the colours mean, as legend entries (a bar trace per colour would reorder the bars)
    for color, label in ((ABOVE, "above its population share 高于人口占比"), (BELOW, "below 低于人口占比")):
        fig.add_trace(go.Bar(x=[None], y=[None], orientation="h", marker_color=color, name=label))
    if population_share is not None:  # the line's label sits above the plot area, never on a bar
        fig.add_vline(x=population_share * 100, line_dash="dash", line_color="#333")
        fig.add_annotation(
            x=population_share * 100,
            y=1,
            yref="paper",
            yanchor="bottom",
            showarrow=False,
            text=f"population share 人口占比 {population_share:.2%}",
            font=dict(color="#333"),
        )
    fig.update_xaxes(title="比重 share (%)", gridcolor="#eee", rangemode="tozero")
    fig.update_yaxes(automargin=True)
    fig = _layout(fig, title, max(320, 28 * len(df) + 160))
    return Plot(fig.update_layout(margin=dict(t=90)), df)


def milestone_chart(milestones: pd.DataFrame, title: str) -> Plot:
    """Planned progress per item at each checkpoint, the checkpoints as the list prints them (6月底前 …), one
    small chart line per item with a colour of its own (a shared palette repeats after 8 items)."""
    fig = go.Figure()
    df = milestones.dropna(subset=["planned_progress_pct"]).reset_index(drop=True)
    order = list(dict.fromkeys(milestones.sort_values("checkpoint")["checkpoint_label"]))
    groups = list(df.groupby(["item_no", "title"], sort=False))
    for i, ((item_no, item_title), g) in enumerate(groups):
        color = f"hsl({round(360 * i / max(1, len(groups)))}, 60%, 42%)"
        fig.add_trace(
            go.Scatter(
                x=g["checkpoint_label"],
                y=g["planned_progress_pct"],
                mode="lines+markers",
                line=dict(color=color, width=1.5),
                marker=dict(color=color, size=7),
                name=html.escape(f"{item_no} {shorten(item_title, 18)}"),
                # the checkpoint's text is in the table below the chart and in its CSV
                hovertext=[f"<b>{html.escape(shorten(item_title, 30))}</b>"] * len(g),
                hovertemplate="%{hovertext}<br>%{x}: %{y:.0f}%<extra></extra>",
                customdata=list(g.index),
            )
        )
    fig.update_yaxes(title="计划进度<br>planned progress (%)", range=[0, 105], gridcolor="#eee")
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=order, title=None)
    fig = _layout(fig, title, 480 + 18 * math.ceil(len(groups) / 3))
    return Plot(fig.update_layout(legend=dict(orientation="h", y=-0.1, yanchor="top", font=dict(size=11))), df)


def proportionality_heatmap(matrix: pd.DataFrame, title: str) -> Plot:
    """Measures × districts; colour = log2(share ÷ population share): red above weight, blue below."""
    taken = matrix.groupby("metric")["status"].transform(lambda s: (s == "aligned").any())
    df = matrix[taken].reset_index(drop=True)
    metrics = list(dict.fromkeys(df["metric"]))
    names = {m: html.escape(f"{zh} · {en}") for m, zh, en in zip(df["metric"], df["metric_zh"], df["metric_en"])}
    places = list(dict.fromkeys(df["jurisdiction_code"]))
    place_names = {c: html.escape(f"{zh} {c}") for c, zh in zip(df["jurisdiction_code"], df["name_zh"])}
    z, text, hover, custom = [], [], [], []
    for metric in metrics:
        zr, tr, hr, cr = [], [], [], []
        for code in places:
            match = df[(df["metric"] == metric) & (df["jurisdiction_code"] == code)]
            row = match.iloc[0]
            cr.append(int(match.index[0]))
            ratio = row["proportionality"]
            ok = ratio is not None and not pd.isna(ratio)
            zr.append(math.log2(ratio) if ok and ratio > 0 else None)
            status = {
                "aligned": "not comparable 不可比",
                "not_published": "未公布 not published",
                "not_taken_up": "未承接 not taken up",
            }[row["status"]]
            tr.append(f"×{ratio:.1f}" if ok else ("n/c" if row["status"] == "aligned" else ""))
            detail = (
                f"share 比重 {row['share']:.2%} vs population 人口 {row['population_share']:.2%}<br>"
                if ok
                else f"{status}<br>{wrap(row['caveat'])}<br>"
            )
            # the sentence is one click away (the item page) and in the chart's CSV; the measure and place names
            # come from the axes (hovertemplate), not repeated in 150 hover texts
            hr.append(detail.removesuffix("<br>"))
        z.append(zr)
        text.append(tr)
        hover.append(hr)
        custom.append(cr)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[place_names[c] for c in places],
            y=[names[m] for m in metrics],
            text=text,
            texttemplate="%{text}",
            hovertext=hover,
            hovertemplate="<b>%{y}</b><br>%{x}<br>%{hovertext}<extra></extra>",
            customdata=custom,
            colorscale=[[0, BELOW], [0.5, "#f7f7f7"], [1, ABOVE]],
            zmid=0,
            zmin=-2,
            zmax=2,
            colorbar=dict(
                title="share ÷<br>population share",
                tickvals=[-2, -1, 0, 1, 2],
                ticktext=["×¼ or less", "×½", "×1", "×2", "×4 or more"],
            ),
            xgap=2,
            ygap=2,
        )
    )
    # not comparable (a figure, but no share): grey, drawn beneath the coloured cells
    grey = [[0 if (t == "n/c") else None for t in row] for row in text]
    fig.add_trace(
        go.Heatmap(
            z=grey,
            x=[place_names[c] for c in places],
            y=[names[m] for m in metrics],
            colorscale=[[0, "#d5d8dc"], [1, "#d5d8dc"]],
            showscale=False,
            hoverinfo="skip",
            xgap=2,
            ygap=2,
        )
    )
    fig.data = (fig.data[1], fig.data[0])  # grey first, so the coloured cells and their text stay on top
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(side="top")
    return Plot(_layout(fig, title, max(400, 24 * len(metrics) + 160)), df)


def item_shares_chart(shares: pd.DataFrame, title: str) -> Plot:
    # shares that may be read as shares
    df = shares[(shares["status"] == "aligned") & shares["share"].notna()].reset_index(drop=True)
    fig = go.Figure()
    for i, (_, g) in enumerate(df.groupby("jurisdiction_code", sort=True)):
        color = PALETTE[i % len(PALETTE)]
        pop = g["population_share"].dropna()
        name = f"{g['name_zh'].iloc[0]} {g['name_en'].iloc[0]}"
        legend = name + (f" (人口占比 population {pop.iloc[0]:.2%})" if not pop.empty else "")
        fig.add_trace(
            go.Bar(
                x=[f"{html.escape(zh)}<br>{html.escape(en)}" for zh, en in zip(g["metric_zh"], g["metric_en"])],
                y=g["share"] * 100,
                name=html.escape(legend),
                marker_color=color,
                hovertext=[
                    f"<b>{html.escape(name)}</b><br>"
                    f"{amount_text(r.district_value)} / {amount_text(r.municipal_value)} {html.escape(r.unit)}"
                    f"<br>comparable 可比: {'yes' if r.comparable else 'no — ' + wrap(r.caveat)}"
                    f"<br><i>{wrap(r.district_source_text)}</i>"
                    for r in g.itertuples()
                ],
                hovertemplate="%{hovertext}<br>share 比重 %{y:.2f}%<extra></extra>",
                customdata=list(g.index),
            )
        )
        if not pop.empty:  # the district's population share, in its own colour
            fig.add_hline(y=float(pop.iloc[0]) * 100, line_dash="dot", line_color=color, line_width=2)
    fig.update_layout(barmode="group")
    fig.update_yaxes(title="比重 share (%)", gridcolor="#eee")
    fig.update_xaxes(automargin=True)
    fig = _layout(fig, title, 520)
    # the legend above the plot: below it, it covered the two-line measure labels
    fig.update_layout(legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0), margin=dict(t=110))
    return Plot(fig, df)


def budget_chart(budgets: pd.DataFrame, title: str) -> Plot:
    df = budgets[budgets["published"]].sort_values("yuan_per_resident").reset_index(drop=True)
    labels = [html.escape(f"{n} {shorten(t, 14)}") for n, t in zip(df["item_no"], df["title"])]
    fig = go.Figure(
        go.Bar(
            x=df["yuan_per_resident"],
            y=labels,
            orientation="h",
            marker_color=[ABOVE if t == "municipal" else NEUTRAL for t in df["tier"]],
            hovertext=[
                f"<b>{html.escape(r.title)}</b><br>{wan_yuan_text(r.investment_wan_yuan)} 万元 "
                f"{html.escape(money_kind_text(r.investment_kind))}<br>{fmt_yuan(r.yuan_per_resident)} 元/人"
                + (f"<br>多年项目 multi-year: {html.escape(r.multi_year_reason)}" if r.multi_year_reason else "")
                for r in df.itertuples()
            ],
            hoverinfo="text",
            customdata=list(df.index),
        )
    )
    fig.update_xaxes(title="元/人 (yuan)", gridcolor="#eee")
    fig.update_yaxes(automargin=True)
    return Plot(_layout(fig, title, max(320, 26 * len(df) + 120)), df)


def shares_dot_plot(matrix: pd.DataFrame, title: str) -> Plot:
    """Every comparable share, one row per measure and one colour per district, on a log axis (shares run from
    0.1 % to 30 %); each district's population share is a dotted line in its colour."""
    df = matrix[matrix["share"].notna()].reset_index(drop=True)
    order = list(dict.fromkeys(df.sort_values(["municipal_item_no", "metric"])["metric"]))
    names = {
        m: html.escape(f"{zh} · {shorten(en, 36)}") for m, zh, en in zip(df["metric"], df["metric_zh"], df["metric_en"])
    }
    fig = go.Figure()
    for i, (_code, g) in enumerate(df.groupby("jurisdiction_code", sort=True)):
        color = PALETTE[i % len(PALETTE)]
        place = f"{g['name_zh'].iloc[0]} {g['name_en'].iloc[0]}"
        pop = g["population_share"].dropna()
        fig.add_trace(
            go.Scatter(
                x=g["share"] * 100,
                y=[names[m] for m in g["metric"]],
                mode="markers",
                marker=dict(color=color, size=11, line=dict(color="white", width=1)),
                name=html.escape(place + (f" (人口占比 population {pop.iloc[0]:.2%})" if not pop.empty else "")),
                hovertext=[
                    f"<b>{html.escape(place)}</b><br>{names[r.metric]}<br>share 比重 {r.share:.2%}"
                    + (f" · ×{r.proportionality:.2f} population share" if not pd.isna(r.proportionality) else "")
                    + f"<br>municipal item 市级第{html.escape(str(r.municipal_item_no))}项 (click: its page; "
                    "the sentence is in the CSV)"
                    for r in g.itertuples()
                ],
                hoverinfo="text",
                customdata=list(g.index),
            )
        )
        if not pop.empty:
            fig.add_vline(x=float(pop.iloc[0]) * 100, line_dash="dot", line_color=color, line_width=2)
    fig.update_xaxes(
        **log_percent_axis(list(df["share"] * 100) + [float(v) * 100 for v in df["population_share"].dropna()]),
        title="比重 share (%)<br>log scale",
        gridcolor="#eee",
    )
    fig.update_yaxes(categoryorder="array", categoryarray=[names[m] for m in reversed(order)], automargin=True)
    fig = _layout(fig, title, max(360, 26 * len(order) + 180))
    fig.update_layout(legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0), margin=dict(t=90))
    return Plot(fig, df)
