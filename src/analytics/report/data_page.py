"""The site's data page (reports/data.html): the release of the database, table by table.

Every table and published view with its description, stage, row count, caveat, columns (name, type, description,
an example value) and downloads (CSV, Parquet), then the whole database and datapackage.json, how to load them
(DuckDB, pandas, Polars, R), the licences, the source documents, how to cite the release, and the older releases.
All of it is read from the release's datapackage.json, which database/release.py wrote from schema.py and
compare/views.py: the page says nothing the package does not. Offline (no CDN), every text escaped.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import duckdb

from ..database.release import (
    CITATION_FILE,
    CSV_NOTE,
    DATABASE_FILE,
    PACKAGE,
    RELEASE_DIR,
    load_package,
    release_version,
    releases,
)

DATA_PAGE = "data.html"
EXAMPLE_CHARS = 60


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value))


def release_href(version: str, file: str = "") -> str:
    """Link from a page in reports/ to a file of a release."""
    return f"{RELEASE_DIR.as_posix()}/{version}/{file}"


def _example(con: duckdb.DuckDBPyConnection, table: str, column: str) -> str:
    row = con.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL LIMIT 1').fetchall()
    if not row:
        return "—"
    value = row[0][0]
    if isinstance(value, list | dict):
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = str(value)
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= EXAMPLE_CHARS else text[:EXAMPLE_CHARS] + "…"


def _types(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    return {
        (t, c): d
        for t, c, d in con.execute(
            "SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE NOT internal"
        ).fetchall()
    }


def _table_section(con, resource: dict, parquet: dict, version: str, types: dict) -> str:
    name = resource["name"]
    meta = resource["livelihood_analytics"]
    schema = resource["schema"]
    rows = []
    for f in schema["fields"]:
        item = f" of {f['arrayItem']['type']}" if "arrayItem" in f else ""
        rows.append(
            f"<tr><td><code>{esc(f['name'])}</code></td><td><code>{esc(types.get((name, f['name']), ''))}</code>"
            f"<br><span class='ts-type'>{esc(f['type'] + item)}</span></td><td>{esc(f['description'])}</td>"
            f"<td class='example'>{esc(_example(con, name, f['name']))}</td></tr>"
        )
    keys = ""
    if schema.get("primaryKey"):
        keys += f"<li>主键 Primary key: <code>{esc(', '.join(schema['primaryKey']))}</code></li>"
    for fk in schema.get("foreignKeys", []):
        ref = fk["reference"]
        keys += (
            f"<li>外键 Foreign key: <code>{esc(', '.join(fk['fields']))}</code> → "
            f"<a href='#table-{esc(ref['resource'])}'>"
            f"<code>{esc(ref['resource'])}</code></a> (<code>{esc(', '.join(ref['fields']))}</code>)</li>"
        )
    caveat = (
        f'<div class="callout warning"><strong>注意 Caveat:</strong> {esc(meta["caveat"])}</div>'
        if meta["caveat"]
        else ""
    )
    description = resource["description"].split(" Caveat: ")[0].removesuffix(" " + CSV_NOTE)
    return f"""<section class="data-table" id="table-{esc(name)}">
<h3><code>{esc(name)}</code> <span class="stage">{esc(meta["kind"])} · {esc(meta["stage"])}</span></h3>
<p>{esc(description)}</p>
<p class="rows"><strong>{meta["rows"]:,}</strong> 行 rows · 下载 Download:
<a href="{esc(release_href(version, resource["path"]))}" download>CSV</a> ({resource["bytes"]:,} bytes) ·
<a href="{esc(release_href(version, parquet["path"]))}" download>Parquet</a> ({parquet["bytes"]:,} bytes)</p>
{caveat}{f"<ul class='keys'>{keys}</ul>" if keys else ""}
<div class="table-wrap"><table class="report columns"><thead><tr><th>列 Column</th><th>类型 Type</th>
<th>说明 Description</th><th>示例 Example</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>
</section>"""


def _loading(version: str) -> str:
    base = f"{RELEASE_DIR.as_posix()}/{version}"
    snippets = {
        "DuckDB (SQL)": f"""-- the whole database, read-only
ATTACH '{base}/{DATABASE_FILE}' AS livelihood (READ_ONLY);
SELECT * FROM livelihood.projects WHERE jurisdiction_code = '500237';
-- or one table, types kept
SELECT * FROM read_parquet('{base}/projects.parquet');""",
        "Python: pandas": f"""import pandas as pd
projects = pd.read_parquet("{base}/projects.parquet")
# CSV: lists are JSON text
import json
csv = pd.read_csv("{base}/projects.csv", dtype=str, keep_default_na=False, na_values=[""])
csv["lead_units"] = csv["lead_units"].map(json.loads, na_action="ignore")""",
        "Python: Polars": f"""import polars as pl
projects = pl.read_parquet("{base}/projects.parquet")
targets = pl.read_csv("{base}/targets.csv", infer_schema=False)  # every column as text""",
        "Python: DuckDB": f"""import duckdb
con = duckdb.connect("{base}/{DATABASE_FILE}", read_only=True)
con.sql("SELECT table_name, comment FROM duckdb_tables()").pl()""",
        "R": f"""library(arrow)
# or the whole database: library(duckdb); con <- dbConnect(duckdb(), "{base}/{DATABASE_FILE}", read_only = TRUE)
projects <- read_parquet("{base}/projects.parquet")
csv <- read.csv("{base}/projects.csv", encoding = "UTF-8", colClasses = "character", na.strings = "")
lead_units <- lapply(csv$lead_units, jsonlite::fromJSON)""",
        "Frictionless": f"""frictionless validate {base}/{PACKAGE}
# Python: from frictionless import Package; Package("{base}/{PACKAGE}").get_resource("projects").read_rows()""",
    }
    blocks = "".join(f"<h3>{esc(title)}</h3><pre><code>{esc(code)}</code></pre>" for title, code in snippets.items())
    return f"""<section id="load"><h2>如何读取 How to load it</h2>
<p>Paths are relative to the site folder (<code>reports/</code>). Parquet and the DuckDB file keep every type; the CSV
files need their lists and maps parsed from JSON. {esc(CSV_NOTE)}</p>{blocks}</section>"""


def release_bibtex(package: dict) -> str:
    from .blocks import bibtex_key, bibtex_text

    version = package["version"]
    year = str(package.get("created") or "")[:4] or "n.d."
    url = package.get("homepage")
    return (
        f"@misc{{livelihood_data_{bibtex_key(version)},\n"
        f"  author = {{{{livelihood-analytics contributors}}}},\n"
        f"  title = {{{{{bibtex_text(package.get('title', 'livelihood-analytics'))}}}}},\n"
        f"  year = {{{year}}},\n"
        f"  version = {{{bibtex_text(version)}}},\n"
        f"  howpublished = {{Data release {bibtex_text(version)}: CSV, Parquet, DuckDB and datapackage.json}},\n"
        + (f"  url = {{{bibtex_text(url)}}},\n" if url else "")
        + f"  note = {{Licence {bibtex_text(package['licenses'][0]['name'])}. Cite the source documents too.}}\n}}"
    )


def release_citation(package: dict) -> str:
    """How to cite the release: a sentence and BibTeX (the landing page and the data page show it)."""
    version = package["version"]
    plain = (
        f"livelihood-analytics contributors ({str(package.get('created') or '')[:4]}). {package.get('title')}. "
        f"Data release {version} (project {package['livelihood_analytics']['project_version']}, data version "
        f"{package['livelihood_analytics']['data_version']})."
        + (f" {package['homepage']}" if package.get("homepage") else "")
    )
    return (
        f'<section class="cite" id="cite-release"><h2>引用数据 How to cite the data release</h2><p>{esc(plain)} '
        f"Cite the source documents too, by issuer, document number and date. CITATION.cff of the release: "
        f'<a href="{esc(release_href(version, CITATION_FILE))}">{esc(CITATION_FILE)}</a>.</p>'
        f'<pre class="bibtex">{esc(release_bibtex(package))}</pre></section>'
    )


def data_page(con: duckdb.DuckDBPyConnection, reports: Path) -> str:
    info = dict(con.execute("SELECT key, value FROM build_info").fetchall())
    version = release_version(info)
    package = load_package(reports / RELEASE_DIR / version)
    resources = {r["name"]: r for r in package["resources"]}
    types = _types(con)
    tables = [r for r in package["resources"] if r["type"] == "table"]
    sections = "".join(_table_section(con, r, resources[f"{r['name']}-parquet"], version, types) for r in tables)
    contents = "".join(
        f"<li><a href='#table-{esc(r['name'])}'><code>{esc(r['name'])}</code></a> "
        f"({esc(r['livelihood_analytics']['kind'])}, {r['livelihood_analytics']['rows']:,} rows)</li>"
        for r in tables
    )
    database = resources["database"]
    licence = package["licenses"][0]
    documents_licence = package["livelihood_analytics"]["documents_licence"]
    sources = "".join(
        f"<li>{esc(s['title'])} · <code>{esc(s['doc_id'])}</code> · sha256 <code>{esc(s['sha256'])}</code>"
        + (f' · <a href="{esc(s["path"])}">{esc(s["path"])}</a>' if s.get("path") else " · URL not recorded")
        + (f" · {esc(s['release_note'])}" if s.get("release_note") else "")
        + "</li>"
        for s in package.get("sources", [])
    )
    older = "".join(
        f'<li><a href="{esc(release_href(r["folder"], PACKAGE))}"><code>{esc(r["version"])}</code></a> '
        f"({esc(r['created'])})" + (" — 当前 current" if r["folder"] == version else "") + "</li>"
        for r in releases(reports)
    )
    licence_link = (
        f'<a href="{esc(licence["path"])}">{esc(licence["name"])}</a>' if licence.get("path") else esc(licence["name"])
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>数据下载 · The data: release {esc(version)}</title>
<link rel="stylesheet" href="assets/report.css"></head>
<body class="landing data-page"><main>
<nav class="report-nav"><a href="index.html">← 全部报告 All reports</a></nav>
<header class="report-header"><h1>数据下载与说明<br>
<span class="en">The data: every table, described and downloadable</span></h1>
<p class="lede">{esc(package.get("description", "").removesuffix(" " + CSV_NOTE))}</p>
<dl class="meta"><dt>版本 Release</dt><dd><code>{esc(version)}</code> = project version
<code>{esc(info.get("project_version"))}</code> + data version <code>{esc(info.get("data_version"))}</code> (hash of
the raw documents); database built {esc(info.get("built_at"))}. A release never changes once written.</dd>
<dt>下载 Download</dt><dd><a href="{esc(release_href(version, DATABASE_FILE))}" download>DuckDB database</a>
({database["bytes"]:,} bytes, every table and view) · <a href="{esc(release_href(version, PACKAGE))}">{PACKAGE}</a>
(Frictionless Data Package v2: files, sizes, sha256, schemas, keys, sources) ·
<a href="{esc(release_href(version, CITATION_FILE))}">{CITATION_FILE}</a></dd>
<dt>许可 Licence</dt><dd>Compiled data: {licence_link} ({esc(licence.get("title"))}). Source documents:
{esc(documents_licence["title"])}</dd></dl>
</header>
<section id="tables"><h2>数据表 Tables and views</h2><ul class="contents">{contents}</ul>{sections}</section>
{_loading(version)}
<section class="sources" id="sources"><h2>来源文件 Source documents</h2><ul>{sources}</ul></section>
{release_citation(package)}
<section id="releases"><h2>全部版本 Every release</h2><ul>{older}</ul></section>
</main></body></html>"""


def write_data_page(db_path: Path, reports: Path) -> Path:
    with duckdb.connect(str(db_path), read_only=True) as con:
        page = data_page(con, reports)
    target = reports / DATA_PAGE
    target.write_text(page, encoding="utf-8")
    return target


def rows_links(version: str, table_filters: list[tuple[str, str, list]], label: str) -> str:
    """Links from a report to its rows in the release: per table, the CSV and the DuckDB query that selects them."""
    items = []
    for table, where, params in table_filters:
        query = f"SELECT * FROM read_parquet('{release_href(version, table + '.parquet')}') WHERE {where}"
        for p in params:
            query = query.replace("?", "'" + str(p).replace("'", "''") + "'", 1)
        items.append(
            f'<li><a href="{esc(release_href(version, table + ".csv"))}"><code>{esc(table)}</code> CSV</a> · '
            f'<a href="{esc(release_href(version, table + ".parquet"))}">Parquet</a> — '
            f"<code class='query'>{esc(query)}</code></li>"
        )
    return (
        f'<section class="release-rows" id="data-rows"><h2>本页数据 This page\'s rows in the data release</h2>'
        f"<p>{esc(label)} Release <code>{esc(version)}</code>; every table is described on the "
        f'<a href="{DATA_PAGE}">data page 数据说明</a>.</p><ul>{"".join(items)}</ul></section>'
    )
