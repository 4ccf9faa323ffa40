"""Writing the database so that a failed or concurrent build never leaves a broken one behind.

The new database is written to a temporary file beside the old one and moved into place in one rename;
an exclusive lock serialises builds started at the same time. The database and its Parquet copies are one
unit: both carry the same build id (table build_info, file parquet/BUILD_ID), so a build killed between the two
swaps is seen (`parquet_matches`) and the next build replaces both. Temporary files of builds that died are
removed by the next build.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from .freshness import BUILD_ID_FILE
from .schema import TABLES


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


def write_database(tables: dict[str, pa.Table], db_path: Path, views: list[str] | None = None) -> None:
    """Write all tables (and views) to a temporary file, then move it over `db_path`."""
    tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tmp))
        try:
            for name, data in tables.items():
                con.register("_incoming", data)
                con.execute(f"CREATE TABLE {name} AS SELECT * FROM _incoming")
                con.unregister("_incoming")
                spec = TABLES.get(name)
                if spec:
                    comment = spec.description + (f" Usage warning: {spec.usage_warning}" if spec.usage_warning else "")
                    con.execute(f"COMMENT ON TABLE {name} IS {_sql_string(comment)}")
                    for column in spec.columns:
                        con.execute(f"COMMENT ON COLUMN {name}.{column.name} IS {_sql_string(column.description)}")
            for statement in views or []:
                con.execute(statement)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, db_path)
    finally:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)


_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.(tmp|old)(\.wal)?$")


def write_parquet(tables: dict[str, pa.Table], folder: Path, build_id: str) -> None:
    """One Parquet file per table, swapped in as a whole folder, with the build id of its database."""
    tmp = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name, data in tables.items():
        pq.write_table(data, tmp / f"{name}.parquet")
    (tmp / BUILD_ID_FILE).write_text(build_id + "\n", encoding="utf-8")
    old = folder.with_name(f".{folder.name}.{os.getpid()}.old")
    if folder.exists():
        os.replace(folder, old)
    os.replace(tmp, folder)
    shutil.rmtree(old, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Temporary files and folders left by builds whose process is gone (killed mid-write)."""
    removed = []
    if not folder.exists():
        return removed
    for path in folder.iterdir():
        m = _TEMP.match(path.name)
        if m is None or _alive(int(m["pid"])):
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed
