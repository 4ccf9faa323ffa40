"""Writing the database so that a failed or concurrent build never leaves a broken one behind.

Tables are written to Parquet a batch at a time into a staging folder, then loaded from there into a new
database, which is written to a temporary file beside the old one and moved into place in one rename;
an exclusive lock serialises builds started at the same time. The database and its Parquet copies are one
unit: both carry the same build id (table build_info, file parquet/BUILD_ID), so a build killed between the two
swaps is seen (`parquet_matches`) and the next build replaces both. Temporary files of builds that died are
removed by the next build (freshness.remove_stale_temporaries).
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import gc
import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from .freshness import BUILD_ID_FILE
from .schema import TABLES, TableSpec

# DuckDB's memory while it loads the Parquet files (it spills beyond it; its default is 80 % of the machine): this
# much, plus room for the longest document text, which it must hold whole (UTF-8, up to 3 bytes a character,
# and a copy while it writes).
DUCKDB_BASE_MEMORY = 64 * 2**20


@contextlib.contextmanager
def build_lock(db_path: Path) -> Iterator[None]:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with open(db_path.with_name(db_path.name + ".lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class StagedTable:
    """One table's Parquet file, written a batch at a time as rows arrive, from as many calls as there are
    documents: a document with hundreds of thousands of figures never has its rows, or the table, in memory
    whole. Columns of whole documents get neither a dictionary nor min/max statistics: for a 50 MB text, each
    of them cost a copy."""

    BATCH_ROWS = 4_096

    def __init__(self, spec: TableSpec, path: Path) -> None:
        self.spec = spec
        self.rows = 0
        self._pending: list[dict] = []
        plain = [c.name for c in spec.columns if not c.whole_documents]
        self._writer = pq.ParquetWriter(path, spec.schema, use_dictionary=plain, write_statistics=plain)

    def add(self, rows: Iterable[dict]) -> None:
        for row in rows:
            self._pending.append(row)
            if len(self._pending) >= self.BATCH_ROWS:
                self._flush()

    def _flush(self) -> None:
        if self._pending:
            batch = self.spec.batch(self._pending)
            self._pending = []
            self._writer.write_batch(batch)
            self.rows += batch.num_rows

    def close(self) -> int:
        """Write what is left and close the file; the number of rows written."""
        self._flush()
        self._writer.close()
        return self.rows

    def abandon(self) -> None:
        """Close the file without writing what is pending (the build failed; its staging folder goes)."""
        self._pending = []
        self._writer.close()


class StagedTables:
    """The staged tables of one build, each file opened when its first rows come and closed together."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._open: dict[str, StagedTable] = {}

    def add(self, name: str, rows: Iterable[dict]) -> None:
        if name not in self._open:
            self._open[name] = StagedTable(TABLES[name], self.folder / f"{name}.parquet")
        self._open[name].add(rows)

    def close(self, names: list[str]) -> dict[str, int]:
        """Close every file, `names` first in their order (one that got no rows is written empty); rows written
        per table."""
        for name in names:
            self.add(name, ())
        order = [*names, *(n for n in self._open if n not in names)]
        return {name: self._open[name].close() for name in order}

    def abandon(self) -> None:
        for table in self._open.values():
            table.abandon()


def write_parquet(spec: TableSpec, rows: Iterable[dict], path: Path) -> int:
    """A whole table written at once; returns the number of rows."""
    table = StagedTable(spec, path)
    try:
        table.add(rows)
    except BaseException:
        table.abandon()
        raise
    return table.close()


def release_freed_memory() -> None:
    """Give the heap the build freed back to the operating system between stages (glibc's malloc_trim, as Dask
    workers do); elsewhere nothing. Without it the parse's garbage stays resident under the next stage's peak."""
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


@contextlib.contextmanager
def parquet_staging(folder: Path) -> Iterator[Path]:
    """A temporary folder beside `folder` for this build's Parquet files; removed if the build fails."""
    tmp = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def publish_parquet(staging: Path, folder: Path, build_id: str) -> None:
    """Swap the staged Parquet files in as a whole folder, with the build id of their database."""
    (staging / BUILD_ID_FILE).write_text(build_id + "\n", encoding="utf-8")
    old = folder.with_name(f".{folder.name}.{os.getpid()}.old")
    if folder.exists():
        os.replace(folder, old)
    os.replace(staging, folder)
    shutil.rmtree(old, ignore_errors=True)


def write_database(
    parquet: Path, names: Iterable[str], db_path: Path, views: list[str] | None = None, longest_text: int = 0
) -> None:
    """Load each table from its Parquet file into a temporary database, then move it over `db_path`.

    DuckDB reads the files itself (no Arrow copy of the data in this process) within a memory limit, spilling
    to a temporary folder beyond it: a very long document must not take gigabytes to store."""
    limit = DUCKDB_BASE_MEMORY + 2 * 3 * longest_text
    tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    spill = db_path.with_name(f".{db_path.name}.{os.getpid()}.spill")
    tmp.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tmp), config={"memory_limit": f"{limit // 2**20}MiB", "temp_directory": str(spill)})
        try:
            for name in names:
                source = _sql_string(str(parquet / f"{name}.parquet"))
                con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_parquet({source})")
                spec = TABLES.get(name)
                if spec:
                    comment = spec.description + (f" Usage warning: {spec.usage_warning}" if spec.usage_warning else "")
                    con.execute(f"COMMENT ON TABLE {name} IS {_sql_string(comment)}")
                    for column in spec.columns:
                        con.execute(f"COMMENT ON COLUMN {name}.{column.name} IS {_sql_string(column.description)}")
            for statement in views or []:
                con.execute(statement)
            if views:
                _comment_view_columns(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, db_path)
    finally:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
        shutil.rmtree(spill, ignore_errors=True)


def _comment_view_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Each view column's description (compare/views.py: its own, or its source table's) as a DuckDB comment."""
    from ..compare.views import VIEWS, column_description

    described = {name: {c.name: c.description for c in spec.columns} for name, spec in TABLES.items()}
    for view in VIEWS:
        columns = [r[0] for r in con.execute(f"DESCRIBE {view}").fetchall()]
        described[view] = {}
        for column in columns:
            text = column_description(view, column, described)
            if text is not None:
                described[view][column] = text
                con.execute(f"COMMENT ON COLUMN {view}.{column} IS {_sql_string(text)}")

