"""A chart framed as Our World in Data frames one: title, what is measured, the chart, a source line, caveats,
the rows it draws as CSV beside it, and an anchor to link to.

Section functions return a `Chart`; a notebook cell that ends with one displays it. In a rendered report the
frame is HTML around a div that uses the shared plotly.js; in JupyterLab the same frame is displayed around the
live figure. The CSV is a data: link, so a report stays one file that works offline. Marks carry the position
of their row in `customdata` (report.charts), which also lets a click on a mark follow that row's link.
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
from IPython.display import HTML, display

from .blocks import DATA_DIR, REPORT_MODE_ENV, is_missing, neutralise_formula, safe_csv
from .charts import Plot
from .data import ReportContext
from .inputs import report_name

__all__ = ["DATA_DIR", "Chart", "neutralise_formula", "report_chart", "safe_csv"]
# plotly writes every non-ASCII character of its JSON as \uXXXX (6 bytes for a 3-byte Chinese character); a page's
# charts carry every source sentence, so they are written as characters again. \u003c and the like (what keeps
# "</script>" out of the JSON) and the JavaScript line separators stay escaped.
_UNICODE_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u([0-9a-fA-F]{4})")  # an escape, not an escaped backslash


def _unescape(m: re.Match[str]) -> str:
    code = int(m[2], 16)
    if code < 0x80 or code in (0x2028, 0x2029) or 0xD800 <= code <= 0xDFFF:
        return m[0]
    return m[1] + chr(code)


# The columns a chart's CSV offers, when its rows have them: where, what, the figures, why, and the sentences.
SHARE_CSV = [
    "jurisdiction_code", "name_zh", "name_en", "municipal_item_no", "metric", "metric_zh", "metric_en", "status",
    "district_value", "municipal_value", "unit", "share", "population_share", "proportionality", "comparable",
    "caveat", "district_source_text", "municipal_source_text",
]  # fmt: skip


# Shares written to a chart's CSV in per cent (column name + "_pct"), as every chart and table shows them.
PERCENT_COLUMNS = ("share", "population_share")


def item_pages(year: int | None, above: str, item_nos) -> list[str]:
    """The item page each row's item of the list above (that of jurisdiction `above`) has (report.render names
    it)."""
    return [
        f"{report_name('metric_comparison', {'municipal_item_no': str(n), 'parent_code': above}, year)}.html"
        for n in item_nos
    ]


def overview_page(year: int | None, above: str) -> str:
    """The comparison page of the list of jurisdiction `above` of that year."""
    return f"{report_name('overview', {'parent_code': above}, year)}.html"


def district_pages(year: int | None, codes) -> list[str]:
    return [f"{report_name('district_profile', {'jurisdiction_code': str(c)}, year)}.html" for c in codes]


def report_chart(
    ctx: ReportContext,
    plot: Plot,
    title: str,
    subtitle: str,
    anchor: str,
    columns: Sequence[str] = SHARE_CSV,
    caveats: Sequence[str] = (),
    links: list[str | None] | None = None,
) -> Chart:
    """A chart of a report: its source line names the report's documents, its CSV is written beside the report."""
    return Chart(
        plot,
        title,
        subtitle,
        source_line(ctx.documents(), ctx.build_info()),
        anchor,
        columns,
        list(caveats),
        links,
        report=ctx.report_file().removesuffix(".html"),
    )


def csv_file_name(report: str, anchor: str) -> str:
    return f"{report}--{anchor}.csv"


def anchor_id(text: str) -> str:
    """An id for links (#share-chart) from plain words."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "chart"


def source_line(docs: pd.DataFrame, info: dict[str, str]) -> str:
    """The documents a chart's figures come from, as OWID names its sources, and the data version."""
    parts = []
    for _, d in docs.iterrows():
        number = "" if is_missing(d["doc_number"]) else f" {d['doc_number']}"
        issued = "" if is_missing(d["issued"]) else f" ({str(d['issued'])[:10]})"
        parts.append(f"{d['issuer']}{number}{issued}, 《{d['title']}》")
    return "; ".join(parts) + f". Processed by livelihood-analytics, data version {info.get('data_version')}."


@dataclass
class Chart:
    plot: Plot
    title: str
    subtitle: str  # what is measured, in which unit
    source: str  # the documents the figures come from
    anchor: str
    columns: Sequence[str]  # the CSV's columns, source sentences included
    caveats: list[str] = field(default_factory=list)
    links: list[str | None] | None = None  # per drawn row: the page a click on its mark opens
    report: str | None = None  # the report's file stem: its CSV is written beside it as data/<report>--<anchor>.csv

    @property
    def data(self) -> pd.DataFrame:
        """The drawn rows' CSV columns; shares in per cent as the charts show them (share_pct 1.76, not
        0.0176), each in the column's place."""
        rows = self.plot.rows
        out = rows[[c for c in self.columns if c in rows.columns]].copy()
        for col in PERCENT_COLUMNS:
            if col in out.columns:
                out[col] = pd.to_numeric(out[col], errors="coerce") * 100
        return out.rename(columns={c: f"{c}_pct" for c in PERCENT_COLUMNS})

    def csv_href(self) -> str:
        # base64 (a third larger than the text; percent-encoding would triple Chinese text), with a byte-order
        # mark so that spreadsheet programs read the Chinese text as UTF-8
        payload = base64.b64encode(("\ufeff" + safe_csv(self.data)).encode("utf-8")).decode("ascii")
        return "data:text/csv;charset=utf-8;base64," + payload

    def csv_link(self) -> str:
        """In a rendered report: the CSV written to reports/data/ (the page stays small, the file can be cited and
        fetched); in a notebook: a data: link."""
        if self.report is None or os.environ.get(REPORT_MODE_ENV) != "html":
            return self.csv_href()
        from ..paths import default_paths

        name = csv_file_name(self.report, self.anchor)
        target = default_paths().reports / DATA_DIR / name
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{name}.{os.getpid()}.tmp")
        tmp.write_text(safe_csv(self.data), encoding="utf-8-sig")
        tmp.replace(target)
        return f"{DATA_DIR}/{name}"

    def head_html(self) -> str:
        a = html.escape(self.anchor)
        return (
            f'<header class="chart-head"><h3 id="{a}">{html.escape(self.title)} '
            f'<a class="anchor" href="#{a}" title="Link to this chart 本图链接">#</a></h3>'
            f'<p class="subtitle">{html.escape(self.subtitle)}</p></header>'
        )

    def foot_html(self) -> str:
        caveats = "".join(f"<li>{html.escape(c)}</li>" for c in self.caveats)
        return (
            '<footer class="chart-foot">'
            f'<p class="source"><strong>来源 Source:</strong> {html.escape(self.source)}</p>'
            + (f'<div class="caveats"><strong>注 Note:</strong><ul>{caveats}</ul></div>' if caveats else "")
            + f'<p class="download"><a class="csv" download="{html.escape(self.anchor)}.csv" '
            f'href="{html.escape(self.csv_link())}">下载数据 Download the data (CSV, {len(self.data)} rows)</a></p>'
            "</footer>"
        )

    def html(self) -> str:
        figure = self.plot.figure.update_layout(title=None, margin=dict(t=40))
        plot_id = f"{self.anchor}-plot"
        div = figure.to_html(
            include_plotlyjs=False,
            full_html=False,
            div_id=plot_id,
            config={"displaylogo": False, "responsive": True},
        )
        div = _UNICODE_ESCAPE.sub(_unescape, div)
        click = ""
        if self.links and any(self.links):
            click = (
                "<script>window.addEventListener('load', function () {"
                f"var gd = document.getElementById({json.dumps(plot_id)}); var links = {json.dumps(self.links)};"
                "gd.on('plotly_click', function (e) { var i = e.points[0].customdata;"
                " if (links[i]) { window.location.href = links[i]; } }); });</script>"
            )
        return (
            f'<figure class="chart" id="{html.escape(self.anchor)}-figure">'
            f"{self.head_html()}{div}{click}{self.foot_html()}</figure>"
        )

    def _ipython_display_(self) -> None:
        if os.environ.get(REPORT_MODE_ENV) == "html":
            display(HTML(self.html()))
            return
        display(HTML(self.head_html()))
        display(self.plot.figure)
        display(HTML(self.foot_html()))
