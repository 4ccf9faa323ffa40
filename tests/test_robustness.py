"""Mutated documents never crash the build: they are read, or refused with the file and line named.

Also: two builds at once never corrupt the database, and readers keep a consistent view while it is replaced.
"""

from __future__ import annotations

import multiprocessing
import random
from pathlib import Path

import duckdb
from conftest import SCALE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.database.build import build
from analytics.documents.manifest import load_manifest, sha256_of
from analytics.documents.vocabulary import Vocabulary
from analytics.errors import InputError, Warnings
from analytics.items.read import parse_document
from analytics.paths import Paths
from analytics.targets.alignment import iter_targets
from analytics.targets.catalogue import load_catalogue
from analytics.targets.quantities import QuantityParser

REPO = Path(__file__).resolve().parents[1]
MANIFEST = load_manifest(REPO / "data/raw/manifest.yaml")
VOCAB = Vocabulary.load(REPO / "data/reference/layout_vocabulary.yaml")
PARSER = QuantityParser.load(REPO / "data/reference")
CATALOGUE = load_catalogue(REPO / "data/reference")
STRAY = ["\t", "\n", "\n\n", "序号", "１", "〈", "“", "（", "万", "\u3000", "\ufeff", "一、市级", "\r"]


def mutate(text: str, ops: list[tuple[str, int, int]]) -> str:
    lines = text.split("\n")
    for op, a, b in ops:
        if not lines:
            break
        i, j = a % len(lines), b % len(lines)
        if op == "drop_line":
            del lines[i]
        elif op == "swap_lines":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "drop_tab":
            lines[i] = lines[i].replace("\t", "", 1)
        elif op == "stray":
            pos = b % (len(lines[i]) + 1)
            lines[i] = lines[i][:pos] + STRAY[a % len(STRAY)] + lines[i][pos:]
        elif op == "truncate":
            lines = lines[: max(1, i)]
        elif op == "duplicate_line":
            lines.insert(i, lines[j])
    return "\n".join(lines)


OPS = st.lists(
    st.tuples(
        st.sampled_from(["drop_line", "swap_lines", "drop_tab", "stray", "truncate", "duplicate_line"]),
        st.integers(0, 10_000),
        st.integers(0, 10_000),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=60 * SCALE, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=st.sampled_from(MANIFEST.documents), ops=OPS)
def test_mutated_documents_are_read_or_refused_clearly(tmp_path_factory, doc, ops):
    root = tmp_path_factory.mktemp("fuzz")
    paths = Paths(root)
    paths.raw.mkdir(parents=True)
    original = (REPO / "data/raw" / doc.file).read_text(encoding="utf-8")
    path = paths.raw / doc.file
    path.write_text(mutate(original, ops), encoding="utf-8")
    entry = doc.model_copy(update={"sha256": sha256_of(path)})
    try:
        parsed = parse_document(entry, paths, VOCAB, Warnings())
        list(iter_targets(entry.id, entry.jurisdiction_code, parsed.projects, False, PARSER, CATALOGUE))
    except InputError as exc:
        assert doc.file in str(exc)
        assert exc.problem.line is None or 1 <= exc.problem.line <= path.read_text(encoding="utf-8").count("\n") + 1


def _build(root: str) -> int:
    build(Paths(Path(root)))
    return 0


def test_two_builds_at_once_leave_a_sound_database(project):
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        assert pool.map(_build, [str(project.root)] * 2) == [0, 0]
    with duckdb.connect(str(project.database), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM projects").fetchone()[0] == 83
    leftovers = [p.name for p in project.processed.iterdir() if p.name.endswith(".tmp") or ".tmp" in p.name]
    assert leftovers == []


def test_readers_keep_their_view_while_the_database_is_replaced(project):
    build(project)
    reader = duckdb.connect(str(project.database), read_only=True)
    before = reader.execute("SELECT value FROM build_info WHERE key = 'built_at'").fetchone()
    build(project)
    assert reader.execute("SELECT count(*) FROM projects").fetchone()[0] == 83  # old file still readable
    assert reader.execute("SELECT value FROM build_info WHERE key = 'built_at'").fetchone() == before
    reader.close()


def test_notebook_connections_are_read_only(built):
    import pytest

    from analytics import connect

    paths, _ = built
    con = connect(paths.database)
    with pytest.raises(duckdb.Error):
        con.execute("CREATE TABLE x (a INT)")
    con.close()


def test_random_bytes_are_refused_with_the_file_named(project):
    path = project.raw / "500240-2026-livelihood.txt"
    path.write_bytes(bytes(random.Random(7).randrange(256) for _ in range(4000)))
    entry = next(d for d in load_manifest(project.manifest).documents if d.file == path.name)
    entry = entry.model_copy(update={"sha256": sha256_of(path)})
    try:
        parse_document(entry, project, VOCAB, Warnings())
    except InputError as exc:
        assert path.name in str(exc)


def test_report_parameters_are_bound_not_interpolated(built):
    import pytest

    from analytics.report.data import ReportContext, UnknownParameter

    paths, _ = built
    ctx = ReportContext(duckdb.connect(str(paths.database), read_only=True))
    for hostile in ("500237' OR '1'='1", "1; DROP TABLE projects; --"):
        with pytest.raises(UnknownParameter) as caught:
            ctx.jurisdiction(hostile)
        assert hostile in str(caught.value)
        with pytest.raises(UnknownParameter):
            ctx.municipal_item(hostile)
    assert ctx.one("SELECT count(*) FROM projects")[0] == 83


def test_document_text_is_escaped_in_chart_hover():
    import pandas as pd

    from analytics.report.charts import share_vs_population

    row = {
        "status": "aligned",
        "comparable": True,
        "share": 0.1,
        "metric_zh": "<script>alert(1)</script>",
        "metric_en": "x",
        "district_value": 1.0,
        "municipal_value": 10.0,
        "unit": "个",
        "proportionality": 2.0,
        "district_source_text": "<img src=x onerror=alert(1)>",
    }
    fig = share_vs_population(pd.DataFrame([row]), 0.05, "<b>t</b>").figure
    text = fig.to_json()
    assert "<script>" not in text and "<img" not in text and "&lt;script&gt;" in text
