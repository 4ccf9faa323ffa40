"""What keeps a long document's build within memory: tables written a batch at a time, the parsed objects let
go before DuckDB loads the tables, and no per-character bookkeeping. The figures themselves (peak memory per
MB of input, up to a 50 MB list) are measured by `benchmarks/run.py --large-only`, not here."""

from __future__ import annotations

import datetime as dt
import gc
import itertools

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from analytics.database import build as build_module
from analytics.database import storage
from analytics.database.schema import TABLES
from analytics.database.storage import write_parquet
from analytics.items.projects import Project
from analytics.targets.alignment import Target
from analytics.targets.quantities import Quantity

SAMPLE = {
    pa.string(): "完成老旧小区改造600个，惠及居民1.2万户。",
    pa.int32(): 123456,
    pa.float64(): 600.0,
    pa.bool_(): True,
    pa.date32(): dt.date(2026, 1, 1),
    pa.list_(pa.string()): ["县住房城乡建委", "各乡镇（街道）"],
    pa.list_(pa.float64()): [25.0, 50.0],
}


def test_a_table_is_written_a_batch_at_a_time(tmp_path, monkeypatch):
    spec = TABLES["targets"]
    drawn = itertools.count(1)
    made = 0
    ahead: list[int] = []  # rows made but not yet written, each time a batch is written

    def rows():
        nonlocal made
        for i in range(40_000):
            made = next(drawn)
            yield {c.name: SAMPLE[c.type] if c.name != "target_id" else f"doc@{i}" for c in spec.columns}

    class Watched(pq.ParquetWriter):
        written = 0

        def write_batch(self, batch, *args, **kwargs):
            ahead.append(made - Watched.written)
            Watched.written += batch.num_rows
            return super().write_batch(batch, *args, **kwargs)

    monkeypatch.setattr(storage.pq, "ParquetWriter", Watched)
    written = write_parquet(spec, rows(), tmp_path / "targets.parquet")
    table = pq.read_table(tmp_path / "targets.parquet")
    assert written == table.num_rows == made == 40_000
    assert table.column("target_id")[39_999].as_py() == "doc@39999"
    assert len(ahead) >= 4 and max(ahead) <= 10_000, ahead  # never the whole table in memory


def test_parsed_items_and_targets_are_let_go_before_the_database_is_written(project, monkeypatch):
    alive: dict[str, int] = {}
    write_database = build_module.write_database

    def counting(*args, **kwargs):
        gc.collect()
        for kind in (Project, Target, Quantity):
            alive[kind.__name__] = sum(isinstance(o, kind) for o in gc.get_objects())
        return write_database(*args, **kwargs)

    monkeypatch.setattr(build_module, "write_database", counting)
    result = build_module.build(project)
    assert result.tables["targets"] > 100 and result.tables["projects"] > 50
    assert alive == {"Project": 0, "Target": 0, "Quantity": 0}


def test_each_district_list_is_let_go_before_the_next_document_is_read(project, monkeypatch):
    """Only the municipal list stays while the other documents are read one by one: a district's items and
    figures are written and dropped before the next is parsed (the quota grid keeps folded sums, not figures)."""
    alive_at_parse: list[tuple[str, int, int]] = []
    parse_document = build_module.parse_document

    def counting(entry, *args, **kwargs):
        gc.collect()
        projects = sum(isinstance(o, Project) for o in gc.get_objects())
        targets = sum(isinstance(o, Target) for o in gc.get_objects())
        alive_at_parse.append((entry.id, projects, targets))
        return parse_document(entry, *args, **kwargs)

    monkeypatch.setattr(build_module, "parse_document", counting)
    result = build_module.build(project)
    municipal = next(d for d in result.documents if d.jurisdiction.endswith("500000"))
    districts = [d for d in result.documents if d is not municipal and d.items]
    assert len(districts) >= 3 and alive_at_parse[0] == (municipal.id, 0, 0)  # the municipal list is read first
    with duckdb.connect(str(project.database), read_only=True) as con:
        (municipal_targets,) = con.execute("SELECT count(*) FROM targets WHERE doc_id = ?", [municipal.id]).fetchone()
    assert municipal_targets > 0
    later = alive_at_parse[1:]
    assert len(later) == len(result.documents) - 1
    assert all(projects == municipal.items and targets == municipal_targets for _, projects, targets in later), (
        later,
        municipal.items,
        municipal_targets,
    )


def test_inputs_are_hashed_a_block_at_a_time(tmp_path, monkeypatch):
    """The freshness hash and a document's sha256 read files in blocks: read whole, a 50 MB document (joined to
    its name) cost 100 MB at the build's peak. The hashes are the same as of the whole bytes."""
    import hashlib
    import pathlib
    import random

    from analytics.database import freshness
    from analytics.documents.manifest import sha256_of

    rng = random.Random(5)
    contents = {f"doc-{i}.txt": rng.randbytes(int(freshness.HASH_BLOCK * 2.5) + i) for i in range(3)}
    for name, data in contents.items():
        (tmp_path / name).write_bytes(data)
    whole = hashlib.sha256(b"".join(name.encode() + b"\0" + data + b"\0" for name, data in sorted(contents.items())))

    def refuse(self):
        raise AssertionError(f"{self} read whole")

    monkeypatch.setattr(pathlib.Path, "read_bytes", refuse)
    assert freshness.hash_files(sorted(tmp_path.iterdir()), tmp_path) == whole.hexdigest()[:16]
    assert sha256_of(tmp_path / "doc-1.txt") == hashlib.sha256(contents["doc-1.txt"]).hexdigest()


def test_analytics_build_parses_with_no_other_thread_running(project, monkeypatch):
    """`analytics build` redraws its progress bar itself: a refresh thread's allocations, interleaved with the
    parse's, kept ~70 MB of a 50 MB list's freed cells resident."""
    import threading

    from typer.testing import CliRunner

    from analytics.cli import app

    started: list[list[str]] = []  # threads the command started, each time a document is parsed
    before = set(threading.enumerate())  # other tests' threads may still run
    parse_document = build_module.parse_document

    def recording(*args, **kwargs):
        started.append([t.name for t in threading.enumerate() if t not in before])
        return parse_document(*args, **kwargs)

    monkeypatch.setattr(build_module, "parse_document", recording)
    result = CliRunner().invoke(app, ["build", "--force"], env={"ANALYTICS_ROOT": str(project.root)})
    assert result.exit_code == 0, result.output
    assert len(started) >= 5 and all(names == [] for names in started), started
