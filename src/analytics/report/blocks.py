"""HTML blocks every report carries: header, tables, sources, how to cite, charts.

All text from documents passes through html.escape (or pandas' escaping), so a title containing markup shows
as text. Missing values are written "未公布 not published", never 0.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from collections.abc import Callable, Sequence

import pandas as pd
import yaml
from IPython.display import HTML

from .glossary import label

NOT_PUBLISHED = "未公布 not published"
REPORT_MODE_ENV = "ANALYTICS_REPORT_MODE"
DATA_DIR = "data"  # under reports/: the CSV files of charts and of tables too long to show whole
# A table longer than this shows its first rows and links the whole table as CSV: a list of 120,000 items must
# not make a page of 120,000 rows.
MAX_TABLE_ROWS = 200


# A text cell a spreadsheet would run as a formula (OWASP "CSV injection"): one that begins with = + - @, or with a
# tab or carriage return (which some programs strip before they look).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """A text cell that begins like a formula, prefixed with ' so a spreadsheet shows it as text; any other value
    (numbers, negative ones too, and NULL) unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe_csv(frame: pd.DataFrame) -> str:
    """The CSV text of `frame` with every text cell that could run as a formula neutralised; numeric columns are
    written as they are (a figure of -2 stays a number). Lines end in CRLF (RFC 4180), so that a cell holding a
    carriage return is quoted, not split into two rows."""
    frame = frame.copy()
    for column in frame.columns:
        if not (pd.api.types.is_numeric_dtype(frame[column]) or pd.api.types.is_bool_dtype(frame[column])):
            frame[column] = frame[column].map(neutralise_formula)
    return frame.to_csv(index=False, lineterminator="\r\n")


def write_report_csv(frame: pd.DataFrame, report: str, anchor: str) -> str:
    """`frame` as reports/data/<report>--<anchor>.csv (formulas neutralised, written by rename); its href."""
    from ..paths import default_paths

    name = f"{report}--{anchor}.csv"
    target = default_paths().reports / DATA_DIR / name
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{name}.{os.getpid()}.tmp")
    tmp.write_text(safe_csv(frame), encoding="utf-8-sig")
    tmp.replace(target)
    return f"{DATA_DIR}/{name}"


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value))


def is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def header(title_zh: str, title_en: str, parameters: dict[str, object], info: dict[str, str], lede: str = "") -> HTML:
    params = "".join(f"<li><code>{esc(k)}</code> = <code>{esc(v)}</code></li>" for k, v in parameters.items())
    generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return HTML(
        f"""<header class="report-header">
<h1>{esc(title_zh)}<br><span class="en">{esc(title_en)}</span></h1>
{f'<p class="lede">{esc(lede)}</p>' if lede else ""}
<dl class="meta">
<dt>参数 Parameters</dt><dd><ul class="params">{params or "<li>(none)</li>"}</ul></dd>
<dt>数据版本 Data version</dt><dd><code>{esc(info.get("data_version"))}</code> (hash of the raw documents), project
 version <code>{esc(info.get("project_version"))}</code>, database built {esc(info.get("built_at"))}</dd>
<dt>生成日期 Generated</dt><dd class="generated">{esc(generated)}</dd>
</dl></header>"""
    )


def note(text: str, kind: str = "info") -> HTML:
    return HTML(f'<div class="callout {esc(kind)}">{esc(text)}</div>')


def not_published(what_zh: str, what_en: str) -> HTML:
    return HTML(
        f'<div class="callout not-published"><strong>{esc(NOT_PUBLISHED)}</strong>: '
        f"{esc(what_zh)} — {esc(what_en)}</div>"
    )


Formatter = Callable[[object], str]


def number_text(value: float, digits: int = 0) -> str:
    """7,277 for 7277.0 (a whole number never prints '.0'), 81,655.5 with one digit."""
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.{digits}f}"


def fmt_number(digits: int = 0) -> Formatter:
    def f(value: object) -> str:
        if is_missing(value):
            return NOT_PUBLISHED
        return number_text(value, digits)

    return f


def yuan_text(value: float) -> str:
    """Yuan per resident or beneficiary, one rule on every page, table, chart and sentence: whole yuan from 10 up
    (1,766), two decimals below (0.43), so a figure never reads 1,765.67 on one page and 1,766 on another."""
    value = float(value)
    return f"{value:,.0f}" if abs(value) >= 10 else f"{value:,.2f}"


def fmt_yuan(value: object) -> str:
    return NOT_PUBLISHED if is_missing(value) else yuan_text(value)


def wan_yuan_text(value: float) -> str:
    """An amount in 万元 as every page prints it: 81,655.5 (one decimal at most, a whole number without)."""
    return number_text(value, 1)


# What an investment figure is (projects.investment_kind, budget_summary.investment_kind).
MONEY_KIND_LABELS = {
    "annual": "年度投资 this year's investment",
    "total": "项目总投资 whole-project cost (all years, not this year's spending)",
    "mixed": "年度与项目总投资混合 this year's and whole-project figures mixed",
    "unstated": "投资（未说明年度或总额）investment, the list does not say whether this year's or the whole project's",
}
MONEY_CAVEAT = (
    "项目总投资 is the whole cost of a project (a multi-year capital work's cost over all its years), not what the "
    "district spends this year; 年度投资 is this year's. Per-resident figures are compared only kind with kind: "
    "this year's with this year's, whole-project cost with whole-project cost."
)


def money_kind_text(kind: object) -> str:
    return MONEY_KIND_LABELS["unstated" if is_missing(kind) else str(kind)]


def fmt_pct(digits: int = 2) -> Formatter:
    def f(value: object) -> str:
        return "—" if is_missing(value) else f"{float(value) * 100:.{digits}f}%"

    return f


def fmt_ratio(value: object) -> str:
    return "— (not comparable)" if is_missing(value) else f"×{float(value):.2f}"


def fmt_bool(value: object) -> str:
    if is_missing(value):
        return "—"
    return "是 yes" if value else "否 no"


def measure_columns(df: pd.DataFrame) -> pd.DataFrame:
    """Compact columns for wide comparison tables: the measure in both languages, and value pairs."""
    out = df.copy()
    if {"metric_zh", "metric_en"} <= set(out.columns):
        out["measure"] = out["metric_zh"] + "\n" + out["metric_en"]
        if "scope" in out.columns:  # the scope beside the figure, when it is not a total
            out["measure"] = [
                f"{m}\n[{SCOPE_LABELS.get(sc, sc)}]" if sc not in (None, "total") and not is_missing(sc) else m
                for m, sc in zip(out["measure"], out["scope"])
            ]
    if {"district_value", "municipal_value", "unit"} <= set(out.columns):
        out["values"] = [
            f"{fmt_number(2)(d).removesuffix('.00')} / {fmt_number(0)(m)} {u}"
            for d, m, u in zip(out["district_value"], out["municipal_value"], out["unit"])
        ]
    if {"share", "ratio_not_a_share"} <= set(out.columns):
        minimum = out["meets_minimum"] if "meets_minimum" in out.columns else [None] * len(out)
        out["share"] = [share_text(s, r, m) for s, r, m in zip(out["share"], out["ratio_not_a_share"], minimum)]
    if "status" in out.columns:  # a row with no district figure says why, in words, not "— (not comparable)"
        absent = {"not_published": NOT_PUBLISHED, "not_taken_up": STATUS_LABELS["not_taken_up"]}
        for col in ("share", "proportionality"):
            if col in out.columns:
                out[col] = [
                    absent[st] if st in absent else v for v, st in zip(out[col].astype(object), out["status"])
                ]
    return out


SCOPE_LABELS = {
    "minimum": "每区最低 minimum per district",
    "citywide": "全市总数 citywide count, not shared",
}


def share_text(share: object, ratio: object, meets_minimum: object = None) -> str:
    """A share where it may be read as one; elsewhere the plain ratio, said not to be a share."""
    if not is_missing(share):
        return f"{float(share) * 100:.2f}%"
    if not is_missing(meets_minimum):
        return "达到 minimum met" if meets_minimum else "未达到 minimum not met"
    if not is_missing(ratio):
        return f"— (ratio {float(ratio) * 100:.2f}%, not a share)"
    return "—"


STATUS_LABELS = {
    "aligned": "已对应 aligned",
    "not_published": "未公布 not published",
    "not_taken_up": "未承接 not taken up",
}


TAKEUP_LABELS = {
    "taken_up": "承接 taken up by an item of the list",
    "carried_in_other_items": "在其他项目中承接 carried in other items (a measure published there)",
    "not_taken_up": "未承接 not taken up",
}


def fmt_takeup(value: object) -> str:
    return TAKEUP_LABELS.get(str(value), str(value))


def fmt_status(value: object) -> str:
    return STATUS_LABELS.get(str(value), str(value))


SHARE_FORMATS: dict[str, Formatter] = {
    "district_value": fmt_number(2),
    "municipal_value": fmt_number(0),
    "share": lambda v: v if isinstance(v, str) else share_text(v, None),  # text once measure_columns ran
    "population_share": fmt_pct(),
    "proportionality": lambda v: v if isinstance(v, str) else fmt_ratio(v),  # words once measure_columns ran
    "comparable": fmt_bool,
}


LEVEL_FORMATS: dict[str, Formatter] = {
    "district_value": fmt_number(1),
    "municipal_value": fmt_number(1),
    "difference": fmt_number(1),
}


# The report stylesheet's cell rules (templates/offline_report), inline for notebooks (see `table`).
INLINE_CELL_STYLES = {
    "th": "text-align: left; vertical-align: bottom",
    "": "text-align: left; vertical-align: top",
    "num": "text-align: right; vertical-align: top; white-space: nowrap",
    "nowrap": "text-align: left; vertical-align: top; white-space: nowrap",
    "measure": "text-align: left; vertical-align: top; min-width: 10rem",
    "wide": "text-align: left; vertical-align: top; min-width: 16rem; max-width: 30rem",
}


def style(kind: str) -> str:
    """A cell's style attribute in a notebook; nothing in the HTML report, whose stylesheet has the same rules.

    JupyterLab has no report stylesheet and right-aligns every cell: inline rules keep a table reading the same
    in a notebook as in the report (text left, numbers right, names unbroken)."""
    return "" if os.environ.get(REPORT_MODE_ENV) == "html" else f' style="{INLINE_CELL_STYLES[kind]}"'


def table(
    df: pd.DataFrame,
    columns: Sequence[tuple[str, str]] | Sequence[str],
    formats: dict[str, Formatter] | None = None,
    caption: str | None = None,
    wide: Sequence[str] = ("source_text", "district_source_text", "municipal_source_text", "caveat", "task_text"),
    nowrap: Sequence[str] = ("name_zh", "jurisdiction_code", "item_no", "tier"),
    links: dict[str, Callable[[pd.Series], str | None]] | None = None,
    full: tuple[str, str] | None = None,
    limit: int | None = None,
) -> HTML:
    """A readable table: bilingual headers, escaped cells, missing values said in words.

    `links`: per column, the page a cell links to (another report of the site); in a rendered report only, as
    the pages are not beside a notebook. A table of more than `limit` rows (MAX_TABLE_ROWS) shows its first
    rows and says how many are left out; in a rendered report the whole table is written as CSV beside it
    (`full` = (report stem, anchor) names the file) and linked."""
    formats = formats or {}
    html_mode = os.environ.get(REPORT_MODE_ENV) == "html"
    links = links if html_mode else None
    cols = [(c, label(c)) if isinstance(c, str) else c for c in columns]
    limit = MAX_TABLE_ROWS if limit is None else limit
    left_out = max(0, len(df) - limit)
    more = ""
    if left_out:
        whole = df[[c for c, _ in cols if c in df.columns]]
        df = df.head(limit)
        if html_mode and full is not None:
            href = write_report_csv(whole, *full)
            where = f'<a class="csv" href="{esc(href)}">下载全表 the whole table (CSV, {len(whole):,} rows)</a>'
        else:
            where = "a rendered report links the whole table as CSV"
        more = (
            f'<tr class="more"><td colspan="{len(cols)}">… 另有 {left_out:,} 行未显示 {left_out:,} more rows not '
            f"shown: {where}</td></tr>"
        )
    head = "".join(f"<th{style('th')}>{esc(text)}</th>" for _, text in cols)
    body = []
    for _, row in df.iterrows():
        cells = []
        for col, _ in cols:
            value = row.get(col)
            if col in formats:
                text = formats[col](value)
            elif is_missing(value):
                text = "—"
            elif isinstance(value, (list, tuple)) or hasattr(value, "tolist"):  # DuckDB lists arrive as arrays
                text = "、".join(map(str, list(value)))
            else:
                text = str(value)
            numeric = (
                col in formats
                and isinstance(value, (int, float))
                and not isinstance(value, bool)
                and not is_missing(value)
            )
            if col in wide:
                kind = "wide"
            elif col == "measure":
                kind = "measure"
            elif numeric:
                kind = "num"
            elif col in nowrap:
                kind = "nowrap"
            else:
                kind = ""
            css = f' class="{kind}"' if kind else ""
            href = links[col](row) if links and col in links else None
            inner = f'<a href="{esc(href)}">{esc(text)}</a>' if href else esc(text)
            cells.append(f"<td{css}{style(kind)}>{inner}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    rows = ("".join(body) or f'<tr><td colspan="{len(cols)}">(none)</td></tr>') + more
    return HTML(
        f'<div class="table-wrap"><table class="report">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )


def _issued(value: object) -> str:
    """A document's date of issue as printed in sources, or words when the manifest has none (never NaT)."""
    return "日期未记录 date not recorded" if is_missing(value) else str(value)[:10]


def sources(docs: pd.DataFrame) -> HTML:
    rows = []
    for _, d in docs.iterrows():
        number = d["doc_number"] if not is_missing(d["doc_number"]) else "未印文号 none printed"
        issuer_en = "" if is_missing(d["issuer_en"]) else f" ({esc(d['issuer_en'])})"
        note = "" if is_missing(d["release_note"]) else f" {esc(d['release_note'])}."
        rows.append(
            f"<li><strong>{esc(d['issuer'])}</strong>{issuer_en}. 《{esc(d['title'])}》. "
            f"{esc(number)}, {esc(_issued(d['issued']))}.{note} "
            f"<span class='hash'>sha256 {esc(str(d['sha256'])[:12])}…, "
            f"<code>data/raw/</code> id <code>{esc(d['doc_id'])}</code></span></li>"
        )
    return HTML(f'<section class="sources"><h2>来源 Sources</h2><ol>{"".join(rows)}</ol></section>')


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex_text(text: str) -> str:
    """Text from documents or users made safe inside a BibTeX field: a stray } cannot close the field or forge
    a second entry."""
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in text)


def bibtex_key(text: str) -> str:
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "_-:") else "_" for ch in text)


def repository_url() -> str | None:
    """The repository's URL when CITATION.cff gives one (repository-code or url)."""
    from ..paths import default_paths

    try:
        cff = yaml.safe_load((default_paths().root / "CITATION.cff").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return None
    return cff.get("repository-code") or cff.get("url")


def citation(
    title_en: str,
    key: str,
    info: dict[str, str],
    docs: pd.DataFrame,
    locator: str | None = None,
    sources: str | None = None,
) -> HTML:
    """How to cite this page: the title with names, the report's file and data version as locator, the
    repository when CITATION.cff names one; BibTeX escaped; a button that copies it. `sources` replaces the list
    of `docs` in the note (a page of thousands of lists says how many and where they are listed)."""
    year = dt.date.today().year
    version, data_version = info.get("project_version"), info.get("data_version")
    url = repository_url()
    where = f"report {locator}, " if locator else ""
    plain = (
        f"livelihood-analytics contributors ({year}). {title_en}. livelihood-analytics {version}, "
        f"{where}data version {data_version}. Generated {dt.date.today().isoformat()}." + (f" {url}" if url else "")
    )
    docs_note = (
        "; ".join(
            f"{d['issuer']} {d['doc_number'] if not is_missing(d['doc_number']) else '(no document number)'} "
            f"({'n.d.' if is_missing(d['issued']) else str(d['issued'])[:10]})"
            for _, d in docs.iterrows()
        )
        if sources is None
        else sources
    )
    bibtex = (
        f"@misc{{livelihood_{bibtex_key(key)}_{bibtex_key(str(data_version))},\n"
        f"  author = {{{{livelihood-analytics contributors}}}},\n"
        f"  title = {{{{{bibtex_text(title_en)}}}}},\n"
        f"  year = {{{year}}},\n"
        f"  howpublished = {{HTML report {bibtex_text(locator or '')}, "
        f"data version {bibtex_text(str(data_version))}}},\n"
        + (f"  url = {{{bibtex_text(url)}}},\n" if url else "")
        + f"  note = {{livelihood-analytics {bibtex_text(str(version))}. Sources: {bibtex_text(docs_note)}}}\n}}"
    )
    copy = (
        '<button class="copy-cite" type="button" onclick="navigator.clipboard.writeText('
        "this.parentElement.querySelector('pre.bibtex').textContent); this.textContent='Copied 已复制'\">"
        "Cite this page · 复制 BibTeX</button>"
    )
    return HTML(
        f"""<section class="cite" id="cite"><h2>如何引用 How to cite</h2>
<p>{esc(plain)} Cite the source documents too (listed above) for the figures you use; each figure in this
report names the sentence it comes from.</p>
{copy}
<pre class="bibtex">{esc(bibtex)}</pre></section>"""
    )


def display_figure(fig) -> object:
    """In a rendered report: a div that uses the shared plotly.js; in JupyterLab: the figure itself.

    A section that has nothing to draw returns a note instead of a figure; it is passed through.
    """
    if not hasattr(fig, "to_plotly_json"):
        return fig
    if os.environ.get(REPORT_MODE_ENV) == "html":
        return HTML(
            fig.to_html(include_plotlyjs=False, full_html=False, config={"displaylogo": False, "responsive": True})
        )
    return fig
