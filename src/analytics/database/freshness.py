"""Whether the built database is current: a hash of everything the build reads, stored in build_info.

`analytics build` compares it before doing any work, so that a second `make reports` with nothing changed
costs a hash of the inputs, not a build. Kept free of the heavy imports of the build itself for that reason.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import duckdb

from .. import __version__
from ..paths import Paths

PACKAGE = Path(__file__).resolve().parents[1]
NOT_READ_BY_THE_BUILD = ("report", "cli.py")
HASH_BLOCK = 2**20
BUILD_ID_FILE = "BUILD_ID"  # in the Parquet folder: the build id of the database it was written with


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def hash_files(files: list[Path], base: Path, digest=None) -> str:
    """Hash of the files' paths (relative to base) and bytes, in path order; feeds `digest` when one is given.
    Files are read a block at a time: a 50 MB document read whole, and joined to its name, cost 100 MB at the
    build's peak."""
    digest = digest or hashlib.sha256()
    for path in sorted(files):
        digest.update(str(path.relative_to(base)).encode() + b"\0")
        with path.open("rb") as handle:
            while block := handle.read(HASH_BLOCK):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def data_version(documents: list[tuple[str, str]]) -> str:
    """Hash of (document id, sha256) pairs: the build's data version over every document, a report's over the
    documents it reads (report.inputs), by one formula."""
    digest = hashlib.sha256()
    for doc_id, sha in sorted(documents):
        digest.update(f"{doc_id}:{sha}\n".encode())
    return digest.hexdigest()[:12]


def input_version(paths: Paths) -> str:
    """Hash of the raw documents and manifest, the reference data, and the code of the stages the build runs."""
    digest = hashlib.sha256(__version__.encode())
    code = [p for p in _files(PACKAGE) if p.relative_to(PACKAGE).parts[0] not in NOT_READ_BY_THE_BUILD]
    hash_files(_files(paths.raw), paths.raw, digest)
    hash_files(_files(paths.reference), paths.reference, digest)
    return hash_files(code, PACKAGE, digest)


def built_input_version(paths: Paths) -> str | None:
    """The input version the existing database was built from; None when there is none or it cannot be read."""
    if not paths.database.exists() or not paths.parquet.exists():
        return None
    try:
        with duckdb.connect(str(paths.database), read_only=True) as con:
            row = con.execute("SELECT value FROM build_info WHERE key = 'input_version'").fetchone()
    except duckdb.Error:
        return None
    return row[0] if row else None


def is_current(paths: Paths) -> bool:
    """The database was built from the inputs as they are now, and its Parquet copies from the same build."""
    return built_input_version(paths) == input_version(paths) and parquet_matches(paths.database, paths.parquet)


def parquet_build_id(folder: Path) -> str | None:
    try:
        return (folder / BUILD_ID_FILE).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def database_build_id(db_path: Path) -> str | None:
    try:
        with duckdb.connect(str(db_path), read_only=True) as con:
            rows = con.execute("SELECT value FROM build_info WHERE key = 'build_id'").fetchall()
    except (duckdb.Error, OSError):
        return None
    return rows[0][0] if rows else None


def parquet_matches(db_path: Path, folder: Path) -> bool:
    """Whether the Parquet copies come from the same build as the database."""
    db_id = database_build_id(db_path)
    return db_id is not None and db_id == parquet_build_id(folder)


_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.(tmp|old|spill)(\.wal)?$")


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
