"""The site's landing page (reports/index.html): the answer at a glance, then every list, grouped.

Per list year, latest first: one sentence answering the question for the whole year; for the list that most lists
take up, when its group is small, its headline paragraph and the dot plot of every list's shares against its
population share; then one collapsible group per province (a municipality such as Chongqing is one), and in it
one block per list above (linking to its comparison page and item pages, with its headline figures) and the
lists below it as a compact table (take-up, median share ÷ population share, investment per resident or "not
published"). Lists with no list above in the corpus stand in their province under "no list above". A search box
filters groups and rows in the page itself.

Every figure comes from a few SQL queries over the whole database (`list_figures`, `above_figures`), never from a
loop over lists: the national corpus (3,000 lists) takes seconds and makes a page of about a megabyte. Written
after every render from the database (not a notebook: it has no parameters and must list what exists).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable

import duckdb
import pandas as pd
import plotly.graph_objects as go

from .blocks import NOT_PUBLISHED, citation, esc, fmt_pct, is_missing, yuan_text
from .charts import FONT, PALETTE, Plot, amount_text, log_percent_axis
from .data_page import DATA_PAGE, release_citation
from .frame import SHARE_CSV, Chart, source_line
from .glossary import glossary, list_level, lists_below, short_name_en
from .inputs import report_name

LANDING = "index"
# The headline paragraph and the dot plot are drawn for the largest group of a year only when they stay readable
# (and cheap): a paragraph naming a dozen lists, a chart of a few hundred marks, never thousands.
DETAIL_MAX_LISTS = 12
CHART_MAX_MARKS = 500
# When a citation would name more documents than this, it says how many and where they are listed instead.
CITATION_MAX_DOCUMENTS = 20

_pct = fmt_pct(2)  # 1.76% ("—" where there is none)
_pct0 = fmt_pct(0)

# Per list of the corpus (annual lists of every year): where it stands (province, list above) and its headline
# figures. NULL where there is nothing to say: no list above, no comparable measure, no investment published.
LIST_FIGURES = """
WITH lists AS (
    SELECT d.doc_id, d.year, d.jurisdiction_code AS code,
           coalesce(j.name_zh, d.jurisdiction_name_zh) AS name_zh,
           coalesce(j.name_en, d.jurisdiction_name_en) AS name_en, coalesce(j.level, d.level) AS level,
           d.parent_doc_id, p.jurisdiction_code AS parent_code,
           substr(d.jurisdiction_code, 1, 2) || '0000' AS province_code
    FROM documents d
    LEFT JOIN jurisdictions j ON j.jurisdiction_code = d.jurisdiction_code
    LEFT JOIN documents p ON p.doc_id = d.parent_doc_id
    WHERE d.kind = 'annual_livelihood_list'),
items AS (SELECT doc_id, count(*) AS items FROM projects GROUP BY doc_id),
takeup AS (
    SELECT doc_id, count(*) FILTER (WHERE takeup <> 'not_taken_up') AS taken_up FROM item_takeup GROUP BY doc_id),
shares AS (
    SELECT doc_id, count(share) AS comparable, median(share) AS median_share,
           median(proportionality) FILTER (WHERE share IS NOT NULL) AS median_ratio,
           count(*) FILTER (WHERE share IS NOT NULL AND proportionality > 1) AS above_weight
    FROM quota_shares GROUP BY doc_id)
SELECT l.doc_id, l.year, l.code AS jurisdiction_code, l.name_zh, l.name_en, l.level, l.parent_doc_id,
       l.parent_code, l.province_code, pv.name_zh AS province_zh, pv.name_en AS province_en,
       CASE WHEN l.parent_doc_id IS NOT NULL THEN coalesce(t.taken_up, 0) END AS items_taken_up,
       pi.items AS municipal_items,
       coalesce(s.comparable, 0) AS comparable, s.median_share, s.median_ratio, coalesce(s.above_weight, 0)
           AS above_weight,
       own.resident_population / NULLIF(above.resident_population, 0) AS population_share,
       b.published, b.yuan_per_resident,
       CASE WHEN b.published THEN b.investment_kind END AS money_kind,
       b.items_with_figure AS items_with_investment, b.items
FROM lists l
LEFT JOIN jurisdictions pv ON pv.jurisdiction_code = l.province_code
LEFT JOIN takeup t ON t.doc_id = l.doc_id
LEFT JOIN items pi ON pi.doc_id = l.parent_doc_id
LEFT JOIN shares s ON s.doc_id = l.doc_id
LEFT JOIN population_used own ON own.jurisdiction_code = l.code
LEFT JOIN population_used above ON above.jurisdiction_code = l.parent_code AND l.parent_doc_id IS NOT NULL
LEFT JOIN budget_summary b ON b.doc_id = l.doc_id
ORDER BY l.year DESC, l.code
"""

# Per list that others take up: its items and the median proportionality of every comparable measure below it.
ABOVE_FIGURES = """
SELECT d.doc_id, count(DISTINCT p.item_no) AS items,
       (SELECT median(q.proportionality) FROM quota_shares q
        WHERE q.parent_doc_id = d.doc_id AND q.share IS NOT NULL) AS median_ratio,
       (SELECT count(*) FROM quota_shares q WHERE q.parent_doc_id = d.doc_id AND q.share IS NOT NULL) AS comparable
FROM documents d LEFT JOIN projects p ON p.doc_id = d.doc_id
WHERE d.doc_id IN (SELECT parent_doc_id FROM documents WHERE parent_doc_id IS NOT NULL)
GROUP BY d.doc_id
"""


def list_figures(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per annual list of the corpus, every year (LIST_FIGURES): one query for all lists."""
    return con.execute(LIST_FIGURES).df()


def above_figures(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per list others take up: its items, the median proportionality and count of comparable measures."""
    return con.execute(ABOVE_FIGURES).df().set_index("doc_id")


def _value(value: object) -> object:
    return None if is_missing(value) else value


def takeup_fraction(frame: pd.DataFrame) -> pd.Series:
    """Items taken up ÷ items of the list above, per list compared with one (NaN elsewhere)."""
    return frame["items_taken_up"].astype("float") / frame["municipal_items"].astype("float")


def group_summary(below: pd.DataFrame) -> dict:
    """A list above's headline figures, from its lists below: how many, the median fraction of its items they
    take up, how many publish investment."""
    fractions = takeup_fraction(below).dropna()
    return {
        "lists": len(below),
        "median_takeup": float(fractions.median()) if len(fractions) else None,
        "publishing": int(below["published"].fillna(False).astype(bool).sum()),
    }


# -- wording -------------------------------------------------------------------------------------------------

MONEY_WORDS = {
    "annual": " of this year's investment (年度投资)",
    "total": " of whole-project cost (项目总投资, all the projects' years, not this year's spending)",
    "mixed": " (this year's and whole-project figures mixed)",
    "unstated": " (the list does not say whether this year's or whole-project)",
}
# The same, short, for a table cell.
MONEY_SHORT = {
    "annual": "this year's",
    "total": "whole-project cost",
    "mixed": "kinds mixed",
    "unstated": "kind not stated",
}


def money_words(kind: object) -> str:
    """What a per-resident figure is, after it: only figures of one kind are compared across districts."""
    return MONEY_WORDS["unstated" if is_missing(kind) else str(kind)]


def money_cell(row) -> str:
    """Investment per resident in a table cell, with what it is; "未公布 not published" where the list gives none
    ("人口未知 population unknown" where it publishes a total but its population is unknown)."""
    if is_missing(row.yuan_per_resident):
        if not is_missing(row.published) and bool(row.published):
            return "人口未知 population unknown"
        return NOT_PUBLISHED
    kind = MONEY_SHORT["unstated" if is_missing(row.money_kind) else str(row.money_kind)]
    return f"{yuan_text(row.yuan_per_resident)} 元 · {kind}"


def headline(summary: pd.DataFrame, year: int, above: dict | None = None) -> str:
    """The largest group's answer in one paragraph, from the figures (nothing here is typed by hand)."""
    if summary.empty:
        return f"No district list of {year} is in the database yet."
    above = above or {}
    name_en = short_name_en(str(above.get("name_en") or "")) or "the list above"
    level_en = list_level(above.get("level"))[1]
    below_en = lists_below(above.get("level"))[1]
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
        f"Of the {int(summary['municipal_items'].iloc[0])} items on {name_en}'s {year} {level_en} list, the lists "
        f"of its {below_en} take up: {takeup}. Where a list's figure can be compared with the quota of the list "
        f"above, its median share of the quota is: {medians or 'none comparable'}. Investment: {money}"
        + (f" ({', '.join(unpublished)}: not published)." if unpublished and published else ".")
    )


def answer(lists: pd.DataFrame, year: int, aboves: dict[str, dict]) -> str:
    """The year's question answered in one sentence, from the figures: how many lists, compared with how many
    lists above, how much of the list above they take up, how often their share of a quota is above their share of
    the residents, how many publish their investment."""
    if lists.empty:
        return f"No list of {year} is in the database yet."
    below = lists[lists["parent_doc_id"].notna()]
    parents = below["parent_doc_id"].unique()
    alone = int((lists["parent_doc_id"].isna() & ~lists["doc_id"].isin(parents)).sum())
    ratios = below["median_ratio"].dropna()
    above_weight = int((ratios > 1).sum())
    weight = (
        f"{above_weight:,} of {len(ratios):,} take on more of the comparable quotas, at the median, than their share "
        "of the residents"
        if len(ratios)
        else "no share can be set against a population share"
    )
    publishing = int(below["published"].fillna(False).astype(bool).sum())
    if len(parents) == 0:
        return (
            f"In {year}, {len(lists):,} lists, none compared with a list above: the corpus has no list of the level "
            f"above any of them for {year}."
        )
    if len(parents) == 1:
        above = aboves.get(parents[0], {})
        level_en = list_level(above.get("level"))[1]
        taken = below["items_taken_up"].astype(int)
        span = f"{taken.min()}" if taken.min() == taken.max() else f"{taken.min()} to {taken.max()}"
        return (
            f"In {year} each list below {short_name_en(str(above.get('name_en') or ''))}'s took up {span} of the "
            f"{int(below['municipal_items'].iloc[0])} {level_en} items; {weight}; {publishing:,} of {len(below):,} "
            "publish their investment" + (f"; {alone:,} lists have no list above in the corpus." if alone else ".")
        )
    provinces = below["province_code"].nunique()
    median = takeup_fraction(below).median()
    return (
        f"In {year}, {len(below):,} lists take up one of {len(parents):,} "
        f"{'list' if len(parents) == 1 else 'lists'} above, in {provinces:,} "
        f"{'province' if provinces == 1 else 'provinces'}: at "
        f"the median a list takes up {_pct0(median)} of the items of its list above; {weight}; {publishing:,} of "
        f"{len(below):,} publish their investment"
        + (f"; {alone:,} lists have no list above in the corpus." if alone else ".")
    )


# -- the largest group's chart --------------------------------------------------------------------------------


def jitter(n: int, spread: float = 0.56) -> list[float]:
    """n offsets within a row (evenly spread, centred, the same on every render): dots of equal share stay
    apart."""
    if n <= 1:
        return [0.0] * n
    return [round(-spread / 2 + spread * k / (n - 1), 4) for k in range(n)]


def group_matrix(con: duckdb.DuckDBPyConnection, parent_doc_id: str) -> pd.DataFrame:
    """Every measure of the lists below one list above (the rows the dot plot draws from)."""
    return con.execute(
        """SELECT q.jurisdiction_code, j.name_zh, j.name_en, q.municipal_item_no, q.metric, q.metric_zh,
                  q.metric_en, q.status, q.district_value, q.municipal_value, q.unit, q.share,
                  q.population_share, q.proportionality, q.comparable, q.caveat, q.district_source_text,
                  q.municipal_source_text
           FROM quota_shares q JOIN jurisdictions j USING (jurisdiction_code)
           WHERE q.parent_doc_id = ?
           ORDER BY try_cast(q.municipal_item_no AS INTEGER), q.metric, q.jurisdiction_code""",
        [parent_doc_id],
    ).df()


def shares_plot(matrix: pd.DataFrame, population_shares: dict[str, float | None]) -> Plot:
    """Every comparable share, one row per list below; its population share as a black diamond."""
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
                    f"item of the list above 上级第{html.escape(str(r.municipal_item_no))}项 (click: its page)"
                    for r in g.itertuples()
                ],
                hoverinfo="text",
                customdata=list(g.index),
                showlegend=False,
            )
        )
    pops = [(i, labels[c], population_shares.get(c)) for i, c in enumerate(places)]
    pops = [(row, lab, p) for row, lab, p in pops if not is_missing(p)]
    fig.add_trace(
        go.Scatter(
            x=[p * 100 for _, _, p in pops],
            y=[row for row, _, _ in pops],
            mode="markers",
            marker=dict(symbol="diamond", color="#222", size=14, line=dict(color="white", width=1)),
            name="人口占比 population share",
            hovertext=[f"{lab}: population share 人口占比 {p:.2%}" for _, lab, p in pops],
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


def _documents(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> pd.DataFrame:
    return con.execute(
        """SELECT doc_id, jurisdiction_code, issuer, doc_number, issued, title FROM documents
           WHERE list_contains(?, doc_id) ORDER BY jurisdiction_code, year, kind""",
        [doc_ids],
    ).df()


def largest_group(
    con: duckdb.DuckDBPyConnection,
    year: int,
    lists: pd.DataFrame,
    above: dict,
    existing: set[str],
    info: dict[str, str],
) -> str:
    """The group most lists of the year belong to: its headline paragraph and dot plot, when small enough to read."""
    below = lists[lists["parent_doc_id"] == above["doc_id"]]
    if below.empty or len(below) > DETAIL_MAX_LISTS:
        return ""
    parts = [f'<p class="lede">{esc(headline(below, year, above))}</p>']
    matrix = group_matrix(con, above["doc_id"])
    comparable = matrix[matrix["share"].notna()]
    if comparable.empty or len(comparable) > CHART_MAX_MARKS:
        return "".join(parts)
    plot = shares_plot(matrix, dict(zip(below["jurisdiction_code"], below["population_share"])))
    code = above["jurisdiction_code"]
    name_en = short_name_en(str(above.get("name_en") or ""))
    below_zh, below_en = lists_below(above.get("level"))

    def item_page(no: object) -> str | None:
        name = report_name("metric_comparison", {"municipal_item_no": str(no), "parent_code": code}, year)
        return f"{name}.html" if name in existing else None

    chart = Chart(
        plot,
        f"{year}年各{below_zh}承接份额 · Each list's shares of {name_en}'s {year} quotas",
        f"One dot per comparable measure: the target of the list below ÷ the target of {name_en}'s list (%, log "
        f"scale); the diamond is its share of {name_en}'s residents. Dots right of the diamond: quotas taken on above "
        "the list's weight in population.",
        source_line(_documents(con, [above["doc_id"], *below["doc_id"]]), info),
        f"shares-{year}",
        SHARE_CSV,
        [
            "Only figures comparable with the quota as a share are drawn (same unit, same thing counted, a "
            f"total); measures a list of its {below_en} does not publish have no dot, never a zero.",
            "Population: 2020 census where available (see each list's page for the source).",
        ],
        links=[item_page(no) for no in plot.rows["municipal_item_no"]],
        report=LANDING,
    )
    parts.append(chart.html())
    return "".join(parts)


# -- the groups ------------------------------------------------------------------------------------------------


def _link(text: str, page: str | None) -> str:
    return f'<a href="{esc(page)}.html">{text}</a>' if page else text


def _ratio(value: object) -> str:
    return "—" if is_missing(value) else f"×{float(value):.2f}"


def _rows(lists: pd.DataFrame, year: int, existing: set[str], failed: dict[str, str]) -> str:
    """The lists below one list above (or with none): one compact row each."""
    out = []
    for r in lists.itertuples():
        page = report_name("district_profile", {"jurisdiction_code": r.jurisdiction_code}, year)
        name = _link(f"{esc(r.name_zh)} {esc(r.name_en)}", page if page in existing else None)
        if page in failed:
            name += f" <strong>failed</strong>: {esc(failed[page])}"
        taken = (
            "—"
            if is_missing(r.items_taken_up) or is_missing(r.municipal_items)
            else f"{int(r.items_taken_up)} / {int(r.municipal_items)}"
        )
        out.append(
            f"<tr><td>{name} <small>{esc(r.jurisdiction_code)}</small></td><td>{taken}</td>"
            f"<td>{_ratio(r.median_ratio)}</td><td>{esc(money_cell(r))}</td></tr>"
        )
    return "".join(out)


TABLE_HEAD = (
    "<thead><tr><th>清单 List</th><th>承接项目 Items taken up</th><th>中位比 Median share ÷ population share</th>"
    "<th>人均投资 Investment per resident</th></tr></thead>"
)


def above_block(
    above: dict | None,
    below: pd.DataFrame,
    figures: pd.DataFrame,
    year: int,
    existing: set[str],
    failed: dict[str, str],
    item_jobs: dict[str, list[tuple[str, str]]],
) -> str:
    """One list above in its province group: its name linking to its comparison page, its headline figures and
    item pages, then its lists below. `above` None: the province's lists with no list above in the corpus."""
    table = f'<div class="table-wrap"><table class="report below">{TABLE_HEAD}<tbody>'
    table += _rows(below, year, existing, failed) + "</tbody></table></div>"
    if above is None:
        zh, en = glossary()["no_list_above"]
        return (
            f'<div class="above none"><h4>{esc(zh)} {esc(en)}</h4><p class="figs">{len(below):,} lists with no list '
            f"of the level above in the corpus for {year}: each profile shows the list's own figures.</p>{table}</div>"
        )
    code = above["jurisdiction_code"]
    overview = report_name("overview", {"parent_code": code}, year)
    own = report_name("district_profile", {"jurisdiction_code": code}, year)
    level_zh, level_en = list_level(above.get("level"))
    below_zh, below_en = lists_below(above.get("level"))
    heading = _link(f"{esc(above['name_zh'])} {esc(above['name_en'])}", overview if overview in existing else None)
    if overview in failed:
        heading += f" <strong>failed</strong>: {esc(failed[overview])}"
    own_link = f' · <a href="{own}.html">its own list 本级清单</a>' if own in existing else ""
    s = group_summary(below)
    fig = figures.loc[above["doc_id"]] if above["doc_id"] in figures.index else None
    items = None if fig is None else int(fig["items"])
    ratio = None if fig is None else _value(fig["median_ratio"])
    comparable = 0 if fig is None else int(fig["comparable"])
    takeup = ""
    if s["median_takeup"] is not None:
        takeup = f" · median {_pct0(s['median_takeup'])} of its {items} items taken up"
    figs = (
        f"{s['lists']:,} {esc(below_zh)} {esc(below_en)}{takeup} · median share ÷ population share "
        + (f"{_ratio(ratio)} over {comparable:,} comparable measures" if ratio is not None else "— (none comparable)")
        + f" · investment published by {s['publishing']:,} of {s['lists']:,}"
    )
    pages = item_jobs.get(code, [])
    item_links = ""
    if pages:
        links = " ".join(f'<a href="{name}.html">{esc(no)}</a>' if name in existing else esc(no) for name, no in pages)
        item_links = f'<p class="items">项目比较 Item pages: {links}</p>'
    return (
        f'<div class="above"><h4>{heading} <small>{esc(code)} · {esc(level_zh)}清单 {esc(level_en)} list'
        f'{own_link}</small></h4><p class="figs">{figs}</p>{item_links}{table}</div>'
    )


def province_groups(
    lists: pd.DataFrame,
    figures: pd.DataFrame,
    year: int,
    existing: set[str],
    failed: dict[str, str],
    item_jobs: dict[str, list[tuple[str, str]]],
    open_province: str | None,
) -> str:
    """One <details> per province (a municipality is one): per list above in it, its block; then its lists with
    no list above."""
    by_doc = lists.set_index("doc_id", drop=False)
    parents = set(lists["parent_doc_id"].dropna())
    out = []
    for province, group in lists.groupby("province_code", sort=True):
        first = group.iloc[0]
        zh = _value(first["province_zh"]) or ""
        en = _value(first["province_en"]) or ""
        blocks = []
        # lists above of this province: those its lists take up, in code order (the province before its prefectures)
        above_ids = sorted(
            {d for d in group["parent_doc_id"].dropna()},
            key=lambda d: by_doc.loc[d, "jurisdiction_code"] if d in by_doc.index else d,
        )
        for doc in above_ids:
            above = by_doc.loc[doc].to_dict() if doc in by_doc.index else {"doc_id": doc, "jurisdiction_code": ""}
            below = group[group["parent_doc_id"] == doc]
            blocks.append(above_block(above, below, figures, year, existing, failed, item_jobs))
        alone = group[group["parent_doc_id"].isna() & ~group["doc_id"].isin(parents)]
        if not alone.empty:
            blocks.append(above_block(None, alone, figures, year, existing, failed, item_jobs))
        opened = " open" if province == open_province else ""
        out.append(
            f'<details class="prov"{opened}><summary><strong>{esc(zh)}</strong> {esc(en)} <small>{esc(province)}'
            f"</small> · {len(group):,} lists 份清单</summary>{''.join(blocks)}</details>"
        )
    return "".join(out)


def year_section(
    con: duckdb.DuckDBPyConnection,
    year: int,
    lists: pd.DataFrame,
    figures: pd.DataFrame,
    existing: set[str],
    failed: dict[str, str],
    item_jobs: dict[str, list[tuple[str, str]]],
    info: dict[str, str],
) -> str:
    by_doc = lists.set_index("doc_id", drop=False)
    aboves = {d: by_doc.loc[d].to_dict() for d in lists["parent_doc_id"].dropna().unique() if d in by_doc.index}
    counts = lists["parent_doc_id"].value_counts()
    largest = None
    if len(counts):
        # the list most lists take up (ties: the smallest code), as the comparison pages' default
        most = counts.max()
        largest = min((d for d in counts.index if counts[d] == most and d in aboves),
                      key=lambda d: aboves[d]["jurisdiction_code"], default=None)  # fmt: skip
    detail = largest_group(con, year, lists, aboves[largest], existing, info) if largest else ""
    open_province = None
    if lists["province_code"].nunique() == 1:
        open_province = lists["province_code"].iloc[0]
    elif largest:
        open_province = aboves[largest]["province_code"]
    groups = province_groups(lists, figures, year, existing, failed, item_jobs, open_province)
    return (
        f'<section class="year" id="year-{year}"><h2>{year}年清单 {year} lists</h2>'
        f'<p class="answer">{esc(answer(lists, year, aboves))}</p>{detail}'
        f'<div class="groups">{groups}</div></section>'
    )


def other_reports(entries: Iterable[tuple[int | None, str, str | None, str | None]]) -> str:
    """(year, title, file or None, error or None) of reports no group links to (or that failed)."""
    items = []
    for year, title, file, error in entries:
        if error is not None:
            items.append(f"<li>{year or ''} {esc(title)} — <strong>failed</strong>: {esc(error)}</li>")
        elif file is not None:
            items.append(f'<li>{year or ""} <a href="{esc(file)}">{esc(title)}</a></li>')
    if not items:
        return ""
    return f'<section id="reports"><h2>其他报告 Other reports</h2><ul class="reports">{"".join(items)}</ul></section>'


# The search box: filters provinces, lists above and rows by their text (names zh + en, codes); a province whose
# name matches shows whole, so does a list above whose heading matches. No data in the script.
SEARCH = """<script>(function () {
var box = document.getElementById('report-filter');
var provs = document.querySelectorAll('details.prov');
provs.forEach(function (d) { d.dataset.open = d.open ? '1' : ''; });
function has(el, q) { return el.textContent.toLowerCase().indexOf(q) >= 0; }
box.addEventListener('input', function () {
  var q = box.value.trim().toLowerCase();
  provs.forEach(function (d) {
    var whole = !q || has(d.querySelector('summary'), q), shown = whole;
    d.querySelectorAll('div.above').forEach(function (b) {
      var all = whole || has(b.querySelector('h4'), q), any = all;
      b.querySelectorAll('tbody tr').forEach(function (r) {
        var on = all || has(r, q); r.hidden = !on; any = any || on; });
      b.hidden = !any; shown = shown || any; });
    d.hidden = !shown;
    d.open = q ? shown : d.dataset.open === '1'; });
  document.querySelectorAll('ul.reports li').forEach(function (li) { li.hidden = !!q && !has(li, q); });
  var n = document.querySelectorAll('details.prov:not([hidden]) tbody tr:not([hidden])').length;
  document.getElementById('filter-count').textContent = q ? n + ' lists 份清单' : '';
});
})();</script>"""


def search_box() -> str:
    return (
        '<div class="search"><input type="search" id="report-filter" placeholder="查找 Find a list: a province, a '
        'city, a county, a code…" aria-label="Find a list"> <span id="filter-count" aria-live="polite"></span></div>'
    )


def item_pages_by_list(jobs: Iterable) -> dict[tuple[int, str], list[tuple[str, str]]]:
    """(year, code of the list above) → [(item page name, item number)], in the order report.render gives them."""
    out: dict[tuple[int, str], list[tuple[str, str]]] = {}
    for job in jobs:
        if job.group == "item":
            no = str(job.parameters.get("municipal_item_no"))
            out.setdefault((job.year, job.jurisdiction_code), []).append((job.name, no))
    return out


def landing_page(
    con: duckdb.DuckDBPyConnection, all_jobs: list, existing: set[str], failed: dict[str, str] | None = None
) -> str:
    """The whole page: `all_jobs` are report.render's jobs, `existing` the names of those on disk, `failed` the
    errors of this run's failures by report name."""
    failed = failed or {}
    info = dict(con.execute("SELECT key, value FROM build_info").fetchall())
    generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lists = list_figures(con)
    figures = above_figures(con)
    items = item_pages_by_list(all_jobs)
    years = sorted(set(lists["year"]) | {j.year for j in all_jobs if j.year is not None}, reverse=True)
    sections = "".join(
        year_section(
            con,
            y,
            lists[lists["year"] == y],
            figures,
            existing,
            failed,
            {code: pages for (yy, code), pages in items.items() if yy == y},
            info,
        )
        for y in years
    )
    # reports the groups link to: every list's profile, every list above's overview and item pages
    placed = set()
    for r in lists.itertuples():
        placed.add(report_name("district_profile", {"jurisdiction_code": r.jurisdiction_code}, r.year))
        if not is_missing(r.parent_code):
            placed.add(report_name("overview", {"parent_code": r.parent_code}, r.year))
            placed |= {name for name, _ in items.get((r.year, r.parent_code), [])}
    leftovers = [
        (j.year, j.title, f"{j.name}.html" if j.name in existing else None, failed.get(j.name))
        for j in all_jobs
        if j.name not in placed or (j.name in failed and j.group == "item")
    ]
    docs = con.execute(
        "SELECT doc_id, jurisdiction_code, issuer, doc_number, issued, title FROM documents ORDER BY jurisdiction_code"
    ).df()
    provinces = lists["province_code"].nunique()
    if provinces > 1:
        title_zh, title_en = (
            "地方重点民生实事：下级清单承接了多少上级任务？",
            ("Local key livelihood projects: what share of each quota of the list above do the lists below take on?"),
        )
        short = "Local key livelihood projects: what share of each quota the lists below take on"
    else:
        title_zh, title_en = (
            "重庆市重点民生实事：区县承接了多少市级任务？",
            ("Chongqing's key livelihood projects: what share of each municipal quota do districts take on?"),
        )
        short = "Chongqing key livelihood projects: what share of each municipal quota districts take on"
    sources = None
    if len(docs) > CITATION_MAX_DOCUMENTS:
        sources = f"{len(docs):,} documents, listed with their issuers and numbers on {DATA_PAGE}"
    cite = citation(short, "site", info, docs.head(0) if sources else docs, "index.html", sources=sources).data
    from ..database.release import citation_facts, read_citation, release_version
    from ..paths import default_paths

    version = release_version(info)
    cite_release = release_citation(citation_facts(info, read_citation(default_paths().root)))
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title_zh)} · {esc(short)}</title>
<link rel="stylesheet" href="assets/report.css"><script src="assets/plotly.min.js"></script></head>
<body class="landing"><main>
<header class="report-header"><h1>{esc(title_zh)}<br>
<span class="en">{esc(title_en)}</span>
</h1>
<p class="lede">Every year provinces, cities and counties publish their key livelihood projects (重点民生实事) with
quantitative targets, and the list of a district or county takes up items of the list above it with its own numbers.
These reports compare each list's share of every quota of the list above with its share of the population, and the
investment it publishes per resident (this year's, or the projects' whole cost, as the list says). Every figure
names the document, item and sentence it comes from. Lists are grouped by province, then by the list they take
up.</p>
<dl class="meta"><dt>数据版本 Data version</dt><dd><code>{esc(info.get("data_version"))}</code> (hash of the raw
documents), project version <code>{esc(info.get("project_version"))}</code>, database built
{esc(info.get("built_at"))}</dd><dt>生成日期 Generated</dt><dd class="generated">{esc(generated)}</dd>
<dt>数据下载 The data</dt><dd><a href="{DATA_PAGE}">Every table, described and downloadable (CSV, Parquet, DuckDB,
datapackage.json): data release <code>{esc(version)}</code></a></dd></dl>
</header>
{search_box()}
{sections}
{other_reports(leftovers)}
{cite}
{cite_release}
</main>{SEARCH}</body></html>"""
