"""The data as a citable release: every table and published view as CSV and Parquet, the DuckDB file, and a
Frictionless Data Package (`datapackage.json`, v2) that describes them, in `reports/data/release/<version>/`.

Everything the package says about a table — its description, stage, columns, types, keys, caveats — comes from
`schema.py` (tables) and `compare/views.py` (views); nothing is written twice. The version is the project version
and the data version (`build_info`): `0.1.0-1a2b3c4d5e6f`. A release is written once, into a temporary folder
moved into place in one rename, and never changed: writing the same version again verifies its files against
their recorded sizes and hashes and writes nothing (`ReleaseResult.written` is false; `differs` names the tables
whose rows the current database would write otherwise, a sign that the code changed without a new version).

CSV: UTF-8 without a byte-order mark, a header row, an empty cell for NULL; lists (VARCHAR[], DOUBLE[]) and maps
as JSON text (`["市教委","市财政局"]`, `{"责任人":"…"}`: Table Schema types `array` and `object`); dates as
YYYY-MM-DD; booleans true/false. A text cell that starts with = + - @, a tab or a carriage return is written with
a leading ' so that a spreadsheet shows it as text rather than running it as a formula (`restore_text` removes it).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import yaml

from ..compare.views import VIEW_SOURCES, VIEWS, column_description
from .schema import FOREIGN_KEYS, PRIMARY_KEYS, TABLES

RELEASE_DIR = Path("data") / "release"  # under reports/
PACKAGE = "datapackage.json"
DATABASE_FILE = "livelihood.duckdb"
CITATION_FILE = "CITATION.cff"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
# Published views: derived tables worth downloading on their own (the rest of the views are in the DuckDB file too).
PUBLISHED_VIEWS = tuple(VIEWS)
# build_info holds the build's time and id: it differs between two builds of the same data, so it is left out
# when a release is compared with the database.
BUILD_SPECIFIC = ("build_info",)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LICENCE_URLS = {
    "MIT": "https://opensource.org/licenses/MIT",
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "ODbL-1.0": "https://opendatacommons.org/licenses/odbl/1-0/",
}
DOCUMENTS_LICENCE = {
    "name": "cn-public-government-documents",
    "title": "Public government documents, each marked 此件公开发布 (released to the public) by its issuer; official "
    "documents of an administrative nature, which Article 5 of the Copyright Law of the PRC excludes from its "
    "protection. Cite the issuer, document number and date.",
}
CSV_NOTE = (
    "CSV: UTF-8 (no byte-order mark), comma-separated, a header row, an empty cell for NULL. Lists (type array) and "
    "maps (type object) are JSON text. A text cell that starts with = + - @, a tab or a carriage return is written "
    "with a leading ' (apostrophe) so that spreadsheets show it as text: remove that first character to get the "
    "value. Parquet and the DuckDB file hold the values as they are."
)


class ReleaseError(RuntimeError):
    """A release on disk does not match what its datapackage.json records (a file missing or changed)."""


# -- what is published ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedColumn:
    name: str
    duckdb_type: str
    description: str

    @property
    def field_type(self) -> str:
        return field_type(self.duckdb_type)

    def field(self) -> dict:
        out = {"name": self.name, "type": self.field_type, "description": self.description}
        if self.field_type == "array":
            out["arrayItem"] = {"type": field_type(self.duckdb_type.removesuffix("[]"))}
            out["description"] += " (JSON array in the CSV)"
        elif self.field_type == "object":
            out["description"] += " (JSON object in the CSV)"
        return out


@dataclass(frozen=True)
class Published:
    """A table or view of the release, with everything the package and the data page say about it."""

    name: str
    kind: str  # table or view
    stage: str
    description: str
    caveat: str | None
    columns: tuple[PublishedColumn, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple = ()

    @property
    def order_by(self) -> str:
        return ", ".join(f'"{c}"' for c in self.primary_key) if self.primary_key else "ALL"


def field_type(duckdb_type: str) -> str:
    """Table Schema type of a DuckDB type."""
    t = duckdb_type.upper()
    if t.endswith("[]"):
        return "array"
    if t.startswith(("MAP", "STRUCT")):
        return "object"
    if t in ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"):
        return "integer"
    if t in ("DOUBLE", "FLOAT", "REAL") or t.startswith("DECIMAL"):
        return "number"
    if t == "BOOLEAN":
        return "boolean"
    if t == "DATE":
        return "date"
    if t.startswith("TIMESTAMP"):
        return "datetime"
    return "string"


def published(con: duckdb.DuckDBPyConnection) -> list[Published]:
    """Every table of schema.py, then every view, with the types the database has and the descriptions of
    schema.py and compare/views.py. A column without a description is an error: the release describes all."""
    types: dict[str, dict[str, str]] = {}
    for table, column, data_type in con.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE NOT internal "
        "AND schema_name = 'main' ORDER BY table_name, column_index"
    ).fetchall():
        types.setdefault(table, {})[column] = data_type
    descriptions = {name: {c.name: c.description for c in spec.columns} for name, spec in TABLES.items()}
    out = []
    for name, spec in TABLES.items():
        columns = tuple(PublishedColumn(c.name, types[name][c.name], c.description) for c in spec.columns)
        out.append(
            Published(
                name,
                "table",
                spec.stage,
                spec.description,
                spec.usage_warning,
                columns,
                PRIMARY_KEYS.get(name, ()),
                FOREIGN_KEYS.get(name, ()),
            )
        )
    for name in PUBLISHED_VIEWS:
        columns = []
        for column, data_type in types[name].items():
            description = column_description(name, column, descriptions)
            if description is None:
                raise ValueError(f"view {name}: column {column} has no description (compare/views.py VIEW_COLUMNS)")
            columns.append(PublishedColumn(column, data_type, description))
        descriptions[name] = {c.name: c.description for c in columns}
        derived = ", ".join(VIEW_SOURCES[name])
        out.append(Published(name, "view", f"derived (a view over {derived})", VIEWS[name][0], None, tuple(columns)))
    return out


# -- CSV ----------------------------------------------------------------------------------------------------------


def neutralise(text: str) -> str:
    """A text cell a spreadsheet would run as a formula, made text with a leading '."""
    return "'" + text if text.startswith(FORMULA_START) else text


def restore_text(text: str) -> str:
    """The value of a neutralised CSV text cell."""
    return text[1:] if text.startswith("'") and text[1:2] and text[1] in "".join(FORMULA_START) else text


def _json_value(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    return value


def csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | dict):
        return json.dumps(_json_value(value), ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, str):
        return neutralise(value)
    return str(value)


def _rows(con: duckdb.DuckDBPyConnection, table: Published, batch: int = 2_000) -> Iterator[tuple]:
    columns = ", ".join(f'"{c.name}"' for c in table.columns)
    result = con.execute(f'SELECT {columns} FROM "{table.name}" ORDER BY {table.order_by}')
    while rows := result.fetchmany(batch):
        yield from rows


def write_csv(con: duckdb.DuckDBPyConnection, table: Published, path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([c.name for c in table.columns])
        for row in _rows(con, table):
            writer.writerow([csv_cell(v) for v in row])
            count += 1
    return count


def write_parquet(con: duckdb.DuckDBPyConnection, table: Published, path: Path) -> None:
    con.execute(
        f"COPY (SELECT * FROM \"{table.name}\" ORDER BY {table.order_by}) TO '{_sql(str(path))}' (FORMAT parquet)"
    )


def _sql(text: str) -> str:
    return text.replace("'", "''")


def csv_query(table: Published, path: str) -> str:
    """DuckDB SQL that reads a release CSV back with its types (JSON lists and maps parsed, the ' of neutralised
    text cells removed): the same rows as the table."""
    casts = []
    for c in table.columns:
        col = f'"{c.name}"'
        if c.field_type == "string":
            casts.append(f"CASE WHEN regexp_matches({col}, '^''[-=+@\\t\\r]') THEN {col}[2:] ELSE {col} END AS {col}")
        else:
            source = f"{col}::JSON" if c.field_type in ("array", "object") else col
            casts.append(f"CAST({source} AS {c.duckdb_type}) AS {col}")
    return f"SELECT {', '.join(casts)}\nFROM read_csv('{_sql(path)}', all_varchar = true, header = true)"


# -- the package --------------------------------------------------------------------------------------------------


def release_version(info: dict[str, str]) -> str:
    """Project version and data version: what a citation names."""
    return f"{info['project_version']}-{info['data_version']}"


def file_facts(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(2**20):
            digest.update(block)
    return path.stat().st_size, digest.hexdigest()


def read_citation(root: Path | None) -> dict:
    """CITATION.cff of the project root, else of the checkout this package runs from; {} when neither has one."""
    for folder in (root, Path(__file__).resolve().parents[3]):
        if folder is not None and (folder / CITATION_FILE).exists():
            return yaml.safe_load((folder / CITATION_FILE).read_text(encoding="utf-8")) or {}
    return {}


def citation_facts(info: dict[str, str], cff: dict) -> dict:
    """What a citation of the release names (datapackage.json's head; the landing page cites from it before the
    release is written)."""
    version = release_version(info)
    facts = {
        "name": "livelihood-analytics",
        "id": f"livelihood-analytics-{version}",
        "title": cff.get("title", "livelihood-analytics"),
        "version": version,
        "created": info.get("built_at"),
        "licenses": [data_licence(cff)],
        "livelihood_analytics": {
            "project_version": info.get("project_version"),
            "data_version": info.get("data_version"),
            "how_to_cite": f"livelihood-analytics contributors. {cff.get('title', 'livelihood-analytics')}, data "
            f"release {version}. Cite the source documents (sources) for the figures you use.",
        },
    }
    if cff.get("repository-code") or cff.get("url"):
        facts["homepage"] = cff.get("repository-code") or cff.get("url")
    return facts


def data_licence(cff: dict) -> dict:
    """The licence CITATION.cff gives (SPDX id), else CC-BY-4.0."""
    spdx = str(cff.get("license") or "CC-BY-4.0")
    licence = {"name": spdx, "title": f"{spdx} (the compiled data: tables, descriptions, code)"}
    if spdx in LICENCE_URLS:
        licence["path"] = LICENCE_URLS[spdx]
    return licence


def sources(con: duckdb.DuckDBPyConnection) -> list[dict]:
    out = []
    for doc_id, issuer, number, issued, title, url, sha, note, file in con.execute(
        "SELECT doc_id, issuer, doc_number, issued, title, source_url, sha256, release_note, file FROM documents "
        "ORDER BY doc_id"
    ).fetchall():
        source = {
            "title": f"{issuer} {number or '(no document number)'} ({issued.isoformat() if issued else 'n.d.'}) "
            f"《{title}》",
            "doc_id": doc_id,
            "issuer": issuer,
            "doc_number": number,
            "issued": issued.isoformat() if issued else None,
            "document_title": title,
            "file": f"data/raw/{file}",
            "sha256": sha,
            "release_note": note,
        }
        if url:
            source["path"] = url
        out.append(source)
    return out


def _resource(table: Published, folder: Path, rows: int) -> list[dict]:
    csv_bytes, csv_hash = file_facts(folder / f"{table.name}.csv")
    pq_bytes, pq_hash = file_facts(folder / f"{table.name}.parquet")
    schema: dict = {"fields": [c.field() for c in table.columns], "missingValues": [""]}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": list(cols), "reference": {"resource": ref, "fields": list(ref_cols)}}
            for cols, ref, ref_cols in table.foreign_keys
        ]
    description = table.description + (f" Caveat: {table.caveat}" if table.caveat else "")
    return [
        {
            "name": table.name,
            "type": "table",
            "path": f"{table.name}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": csv_bytes,
            "hash": f"sha256:{csv_hash}",
            "title": f"{table.name} ({table.kind}, {table.stage})",
            "description": description + " " + CSV_NOTE,
            "dialect": {"header": True, "delimiter": ",", "quoteChar": '"'},
            "schema": schema,
            "livelihood_analytics": {"kind": table.kind, "stage": table.stage, "rows": rows, "caveat": table.caveat},
        },
        {
            "name": f"{table.name}-parquet",
            "type": "file",
            "path": f"{table.name}.parquet",
            "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
            "bytes": pq_bytes,
            "hash": f"sha256:{pq_hash}",
            "description": f"{table.name} as Parquet (types kept; the same rows as {table.name}.csv).",
        },
    ]


@dataclass
class ReleaseResult:
    version: str
    folder: Path
    written: bool  # false: the release existed and was verified, nothing was written
    rows: dict[str, int] = field(default_factory=dict)
    differs: list[str] = field(default_factory=list)  # tables whose rows differ from the database (same version)


def release_folder(reports: Path, version: str) -> Path:
    return reports / RELEASE_DIR / version


def write_release(db_path: Path, reports: Path, root: Path | None = None) -> ReleaseResult:
    """Write the release of the database at `db_path` under `reports`, or verify it when it exists already: its
    files as recorded, and, when another build wrote it, that the database's rows are still the release's."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        info = dict(con.execute("SELECT key, value FROM build_info").fetchall())
        version = release_version(info)
        folder = release_folder(reports, version)
        if (folder / PACKAGE).exists():
            verify(folder)
            # written from this very build: its rows are the database's, no need to write them again to compare
            same_build = load_package(folder)["livelihood_analytics"].get("build_id") == info.get("build_id")
            differs = [] if same_build else _differs(con, folder)
            return ReleaseResult(version, folder, False, _recorded_rows(folder), differs)
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = folder.with_name(f".{version}.{os.getpid()}.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        try:
            rows = _write_files(con, tmp, info, db_path, root)
            os.replace(tmp, folder)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return ReleaseResult(version, folder, True, rows)


def _write_files(con, folder: Path, info: dict[str, str], db_path: Path, root: Path | None) -> dict[str, int]:
    tables = published(con)
    rows = {}
    resources = []
    for table in tables:
        rows[table.name] = write_csv(con, table, folder / f"{table.name}.csv")
        write_parquet(con, table, folder / f"{table.name}.parquet")
        resources += _resource(table, folder, rows[table.name])
    shutil.copyfile(db_path, folder / DATABASE_FILE)
    db_bytes, db_hash = file_facts(folder / DATABASE_FILE)
    resources.append(
        {
            "name": "database",
            "type": "file",
            "path": DATABASE_FILE,
            "format": "duckdb",
            "mediatype": "application/vnd.duckdb",
            "bytes": db_bytes,
            "hash": f"sha256:{db_hash}",
            "description": f"The whole database (every table and view, with their descriptions as comments), "
            f"DuckDB {duckdb.__version__}: duckdb.connect('{DATABASE_FILE}', read_only=True).",
        }
    )
    cff = read_citation(root)
    package = {
        "$schema": PROFILE,
        **citation_facts(info, cff),
        "description": "Chongqing's key livelihood project lists (重点民生实事) and the district lists that take "
        "them up, read into cited tables: every figure keeps the document, item and character span it came from "
        "(span_start/span_end index documents.text). " + CSV_NOTE,
        "keywords": list(cff.get("keywords", [])),
        "contributors": [
            {
                "title": a.get("name") or " ".join(filter(None, (a.get("given-names"), a.get("family-names")))),
                "roles": ["creator"],
            }
            for a in cff.get("authors", [{"name": "livelihood-analytics contributors"}])
        ],
        "sources": sources(con),
        "resources": resources,
    }
    package["livelihood_analytics"].update(
        build_id=info.get("build_id"), built_at=info.get("built_at"), documents_licence=DOCUMENTS_LICENCE
    )
    (folder / PACKAGE).write_text(json.dumps(package, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if cff:
        release_cff = {**cff, "version": package["version"], "date-released": str(info.get("built_at", ""))[:10]}
        (folder / CITATION_FILE).write_text(
            yaml.safe_dump(release_cff, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return rows


def load_package(folder: Path) -> dict:
    return json.loads((folder / PACKAGE).read_text(encoding="utf-8"))


def _recorded_rows(folder: Path) -> dict[str, int]:
    return {
        r["name"]: r["livelihood_analytics"]["rows"] for r in load_package(folder)["resources"] if r["type"] == "table"
    }


def verify(folder: Path) -> None:
    """Every file the package lists is there with its recorded size and sha256; raises ReleaseError."""
    problems = []
    for resource in load_package(folder)["resources"]:
        path = folder / resource["path"]
        if not path.exists():
            problems.append(f"{resource['path']} is missing")
            continue
        size, digest = file_facts(path)
        if size != resource["bytes"] or f"sha256:{digest}" != resource["hash"]:
            problems.append(f"{resource['path']} changed since the release was written")
    if problems:
        raise ReleaseError(f"release {folder.name}: " + "; ".join(problems))


def _differs(con: duckdb.DuckDBPyConnection, folder: Path) -> list[str]:
    """The tables whose CSV the database would write differently from the release's."""
    recorded = {r["name"]: r["hash"] for r in load_package(folder)["resources"] if r["type"] == "table"}
    out = []
    for table in published(con):
        if table.name in BUILD_SPECIFIC:
            continue
        digest = hashlib.sha256()
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([c.name for c in table.columns])
        for row in _rows(con, table):
            writer.writerow([csv_cell(v) for v in row])
            if buffer.tell() > 2**20:
                digest.update(buffer.getvalue().encode("utf-8"))
                buffer.seek(0)
                buffer.truncate()
        digest.update(buffer.getvalue().encode("utf-8"))
        if recorded.get(table.name) != f"sha256:{digest.hexdigest()}":
            out.append(table.name)
    return out


def releases(reports: Path) -> list[dict]:
    """Every release on disk, newest first: version, date, folder name and its table row counts."""
    base = reports / RELEASE_DIR
    out = []
    for package in base.glob(f"*/{PACKAGE}") if base.exists() else []:
        try:
            data = json.loads(package.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        out.append({"version": data.get("version"), "created": data.get("created"), "folder": package.parent.name})
    return sorted(out, key=lambda r: (r["created"] or "", r["folder"]), reverse=True)
