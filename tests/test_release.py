"""The data release (issue 26): written from the session's database into a temporary site folder, validated with
frictionless, read back into DuckDB, described table by table on the data page, and never changed once written."""

from __future__ import annotations

import csv
import html
import shutil
from pathlib import Path

import duckdb
import pytest

from analytics.database.release import (
    DATABASE_FILE,
    PACKAGE,
    ReleaseError,
    csv_cell,
    csv_query,
    load_package,
    published,
    restore_text,
    write_release,
)
from analytics.paths import Paths
from analytics.report.data_page import DATA_PAGE, write_data_page


@pytest.fixture(scope="module")
def release(built, tmp_path_factory):
    paths, _ = built
    reports = tmp_path_factory.mktemp("site")
    result = write_release(paths.database, reports, paths.root)
    page = write_data_page(paths.database, reports)
    return result, reports, page


def _csv_rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def test_frictionless_validates_the_package(release):
    from frictionless import validate

    result, _, _ = release
    report = validate(str(result.folder / PACKAGE))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]


def test_package_describes_every_table_with_keys_sources_and_licences(release, con):
    result, _, _ = release
    package = load_package(result.folder)
    assert package["version"] == result.version
    info = dict(con.execute("SELECT key, value FROM build_info").fetchall())
    assert result.version == f"{info['project_version']}-{info['data_version']}"
    tables = {r["name"]: r for r in package["resources"] if r["type"] == "table"}
    names = {n for (n,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT internal").fetchall()}
    assert names <= set(tables) and {"budgets", "level_targets"} <= set(tables)
    projects = tables["projects"]["schema"]
    assert projects["primaryKey"] == ["doc_id", "item_order"]
    assert {"fields": ["doc_id"], "reference": {"resource": "documents", "fields": ["doc_id"]}} in projects[
        "foreignKeys"
    ]
    lead = next(f for f in projects["fields"] if f["name"] == "lead_units")
    assert lead["type"] == "array" and lead["arrayItem"] == {"type": "string"} and "JSON" in lead["description"]
    for resource in package["resources"]:
        assert {"path", "format", "mediatype", "bytes", "hash"} <= set(resource)
    docs = con.execute("SELECT doc_id, sha256 FROM documents").fetchall()
    assert sorted((s["doc_id"], s["sha256"]) for s in package["sources"]) == sorted(docs)
    assert all(s["issuer"] and s["issued"] for s in package["sources"])
    assert package["licenses"][0]["name"]
    assert "此件公开发布" in package["livelihood_analytics"]["documents_licence"]["title"]


def test_downloads_load_back_with_the_same_rows(release, con):
    result, _, _ = release
    for table in published(con):
        count = con.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()[0]
        assert _csv_rows(result.folder / f"{table.name}.csv") == count == result.rows[table.name], table.name
        columns = ", ".join(f'"{c.name}"' for c in table.columns)
        ours = f'SELECT {columns} FROM "{table.name}"'
        for theirs in (
            csv_query(table, str(result.folder / f"{table.name}.csv")),
            f"SELECT {columns} FROM read_parquet('{result.folder / f'{table.name}.parquet'}')",
        ):
            for a, b in ((ours, theirs), (theirs, ours)):
                missing = con.execute(f"SELECT count(*) FROM (({a}) EXCEPT ALL ({b}))").fetchone()[0]
                assert missing == 0, f"{table.name}: {missing} rows differ\n{theirs}"
    with duckdb.connect(str(result.folder / DATABASE_FILE), read_only=True) as copy:
        for table in published(con):
            assert copy.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()[0] == result.rows[table.name]


def test_every_table_and_column_is_on_the_data_page_with_its_description(release, con):
    _, _, page = release
    text = page.read_text(encoding="utf-8")
    rows = con.execute(
        """SELECT c.table_name, c.column_name, c.comment FROM duckdb_columns() c
           WHERE NOT c.internal AND c.schema_name = 'main'"""
    ).fetchall()
    assert rows
    for table, column, comment in rows:
        assert f'id="table-{table}"' in text, table
        assert comment, f"{table}.{column} has no description"
        assert f"<code>{html.escape(column)}</code>" in text, f"{table}.{column}"
        assert html.escape(comment) in text, f"{table}.{column}: {comment}"
    for name, comment in con.execute("SELECT table_name, comment FROM duckdb_tables() WHERE NOT internal").fetchall():
        assert html.escape(comment.split(" Usage warning: ")[0]) in text, name
    for needle in ("datapackage.json", DATABASE_FILE, ".parquet", "read_parquet", "pd.read_", "pl.read_", "library("):
        assert needle in text
    assert '<script src="http' not in text and "cdn" not in text.lower()


def test_a_formula_cell_is_neutralised(built, tmp_path):
    assert [csv_cell(v) for v in ("=1+1", "+86", "-3", "@SUM(A1)", "\tx", "\rx", "市教委", "'quoted")] == [
        "'=1+1", "'+86", "'-3", "'@SUM(A1)", "'\tx", "'\rx", "市教委", "'quoted",
    ]  # fmt: skip
    assert restore_text("'=1+1") == "=1+1" and restore_text("'quoted") == "'quoted"
    paths, _ = built
    db = tmp_path / "copy.duckdb"
    shutil.copyfile(paths.database, db)
    formula = '=HYPERLINK("http://example.com","点击")'
    with duckdb.connect(str(db)) as rw:
        rw.execute("UPDATE projects SET title = ? WHERE item_order = 1", [formula])
    result = write_release(db, tmp_path / "site", paths.root)
    with (result.folder / "projects.csv").open(encoding="utf-8", newline="") as handle:
        cells = [row[5] for row in csv.reader(handle)]
    assert "'" + formula in cells and formula not in cells
    with duckdb.connect(str(db), read_only=True) as con:
        projects = next(t for t in published(con) if t.name == "projects")
        titles = [
            r[0]
            for r in con.execute(
                f"SELECT title FROM ({csv_query(projects, str(result.folder / 'projects.csv'))})"
            ).fetchall()
        ]
    assert formula in titles


def test_a_second_release_of_the_same_version_changes_nothing(built, tmp_path):
    paths, _ = built
    first = write_release(paths.database, tmp_path, paths.root)
    assert first.written
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in first.folder.iterdir()}
    again = write_release(paths.database, tmp_path, paths.root)
    assert not again.written and again.version == first.version and again.differs == []
    assert {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in again.folder.iterdir()} == before
    assert [p.name for p in first.folder.parent.iterdir()] == [first.version]  # no temporary folder left
    # a changed file is noticed, not silently kept or rewritten
    target = first.folder / "projects.csv"
    target.write_text(target.read_text(encoding="utf-8") + "x\n", encoding="utf-8")
    with pytest.raises(ReleaseError, match="projects.csv changed"):
        write_release(paths.database, tmp_path, paths.root)


def test_landing_page_and_reports_link_to_the_data_page_and_their_rows(built, tmp_path):
    from analytics.report.render import RenderResult, jobs, release_rows, write_index

    paths, _ = built
    site = Paths(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "processed").symlink_to(paths.processed)
    (tmp_path / "data" / "reference").symlink_to(paths.reference)  # a project root has both (the landing's words)
    all_jobs = jobs(site.database)
    site.reports.mkdir()
    write_index(site, all_jobs, RenderResult())
    landing = (site.reports / "index.html").read_text(encoding="utf-8")
    with duckdb.connect(str(paths.database), read_only=True) as con:
        info = dict(con.execute("SELECT key, value FROM build_info").fetchall())
    version = f"{info['project_version']}-{info['data_version']}"
    assert f'href="{DATA_PAGE}"' in landing and f"livelihood_data_{version.replace('.', '_')}" in landing
    district = next(j for j in all_jobs if j.name == "district-500237-2026")
    rows = release_rows(site, district)
    assert f"data/release/{version}/projects.csv" in rows and "500237-2026-livelihood" in rows
    item = next(j for j in all_jobs if j.name == "item-500000-09-2026")
    assert "municipal_item_no = &#x27;9&#x27;" in release_rows(site, item)
    template = Path(__file__).resolve().parents[1] / "src/analytics/report/templates/offline_report/index.html.j2"
    assert f'href="{DATA_PAGE}"' in template.read_text(encoding="utf-8")
