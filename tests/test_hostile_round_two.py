"""Hostile, concurrent and repeated use, round two (issue 25): nothing lost or silently wrong.

Each test here failed on the code before it was written.
"""

from __future__ import annotations

from pathlib import Path

import district_fixture as fixture
import duckdb
from district_fixture import cli, list_for

from analytics.database.build import build
from analytics.database.freshness import is_current
from analytics.documents.intake import NewDocument, add_document, remove_document
from analytics.documents.manifest import load_manifest


def _doc_ids(project) -> set[str]:
    with duckdb.connect(str(project.database), read_only=True) as con:
        return {row[0] for row in con.execute("SELECT doc_id FROM documents").fetchall()}


# 1. add / remove while a build reads: the next build rebuilds


def test_a_list_removed_while_the_build_reads_is_gone_after_the_next_build(project):
    def during(doc_id: str) -> None:  # the last document is being read: an earlier one is removed meanwhile
        if doc_id == "500237-2021-2025-public-services-plan":
            remove_document(project, "500114-2026-livelihood")

    build(project, progress=during)
    assert "500114-2026-livelihood" in _doc_ids(project)  # read before it was removed
    assert not is_current(project)
    again = cli(project, "build")
    assert again.exit_code == 0, again.output
    assert "up to date" not in again.output
    assert "500114-2026-livelihood" not in _doc_ids(project)
    assert is_current(project)


def test_a_list_added_while_the_build_reads_is_in_after_the_next_build(project, tmp_path):
    source = list_for("500101", tmp_path)

    def during(doc_id: str) -> None:
        if doc_id == "500237-2021-2025-public-services-plan":
            add_document(project, NewDocument(source, "500101", 2026))

    build(project, progress=during)
    assert not is_current(project)
    again = cli(project, "build")
    assert again.exit_code == 0 and "up to date" not in again.output, again.output
    assert "500101-2026-livelihood" in _doc_ids(project)


# 2. CSV formula injection: text cells that a spreadsheet would run are neutralised, numbers stay numbers

FORMULAS = ["@SUM(1+1)*cmd|' /C calc'!A0", '=HYPERLINK("http://x")', "+1+1", "-1+1", "\t=1", "\r=1"]


def test_chart_csvs_neutralise_formulas_and_keep_negative_numbers(tmp_path, monkeypatch):
    import csv
    import io

    import pandas as pd
    import plotly.graph_objects as go

    from analytics.report.blocks import REPORT_MODE_ENV
    from analytics.report.charts import Plot
    from analytics.report.frame import Chart

    rows = pd.DataFrame(
        {
            "metric": ["m"] * len(FORMULAS),
            "district_value": [-2.0, 3.0, -0.5, 1.0, 2.0, 4.0],
            "caveat": FORMULAS,
            "district_source_text": ["完成老旧小区改造12个。"] * len(FORMULAS),
        }
    )
    chart = Chart(Plot(go.Figure(), rows), "t", "s", "src", "share-chart", list(rows.columns), report="district-x")
    monkeypatch.setenv("ANALYTICS_ROOT", str(tmp_path))
    for mode in ("html", "notebook"):
        monkeypatch.setenv(REPORT_MODE_ENV, mode)
        link = chart.csv_link()
        if mode == "html":
            with (tmp_path / "reports" / link).open(encoding="utf-8-sig", newline="") as handle:
                text = handle.read()
        else:
            import base64

            text = base64.b64decode(link.split("base64,", 1)[1]).decode("utf-8").lstrip("\ufeff")
        read = list(csv.DictReader(io.StringIO(text)))
        assert [r["caveat"] for r in read] == ["'" + f for f in FORMULAS]
        assert all(not r["caveat"].startswith(("=", "+", "-", "@", "\t", "\r")) for r in read)
        assert [float(r["district_value"]) for r in read] == [-2.0, 3.0, -0.5, 1.0, 2.0, 4.0]
        assert read[0]["district_source_text"] == "完成老旧小区改造12个。"


# 3. emoji codes and terminal escapes in untrusted text are printed as written, control characters visible

ESCAPES = "\x1b[2J\x1b]0;pwned\x07"


def test_emoji_codes_and_terminal_escapes_are_printed_as_text(project, tmp_path):
    source = list_for("500101", tmp_path)
    text = source.read_text(encoding="utf-8").replace("城市居住品质提升", f"城市{ESCAPES}居住:100:提升")
    named = tmp_path / "list:100:.txt"
    named.write_text(text, encoding="utf-8")
    refused = cli(project, "add", str(named), "--jurisdiction", "500101", "--year", "2026", "--name-zh", "万州:fire:")
    assert refused.exit_code == 1
    assert "万州:fire:" in refused.output and "🔥" not in refused.output
    empty = tmp_path / "empty:100:.txt"
    empty.write_text("", encoding="utf-8")
    refused = cli(project, "add", str(empty), "--jurisdiction", "500101", "--year", "2026")
    assert refused.exit_code == 1 and "empty:100:.txt" in refused.output and "💯" not in refused.output
    added = cli(project, "add", str(named), "--jurisdiction", "500101", "--year", "2026", "--title", f"t{ESCAPES}")
    assert added.exit_code == 0, added.output
    assert "\x1b" not in added.output and "\x07" not in added.output
    assert "\\x1b[2J" in added.output and "居住:100:" in added.output and "💯" not in added.output
    assert "list:100:.txt" in added.output


# 4. markup in a hand-edited manifest id does not crash the build's progress bar


def test_markup_and_emoji_codes_in_a_manifest_id_build(project):
    text = project.manifest.read_text(encoding="utf-8")
    project.manifest.write_text(
        text.replace('"500114-2026-livelihood"', '"x[/]y:100:"').replace('"500240-2026-livelihood"', '"[bold red]z"'),
        encoding="utf-8",
    )
    result = cli(project, "build")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "x[/]y:100:" in result.output and "[bold red]z" in result.output
    assert "💯" not in result.output


# 5. a list cannot pass itself off as the level above, and one list per jurisdiction, year and kind


def test_a_district_list_cannot_be_added_as_a_municipal_one(project, tmp_path):
    source = list_for("500103", tmp_path)
    refused = cli(project, "add", str(source), "--jurisdiction", "500103", "--year", "2026", "--level", "municipality")
    assert refused.exit_code == 1 and "contradicts the code" in refused.output and "Traceback" not in refused.output
    assert "500103" not in project.manifest.read_text(encoding="utf-8")
    added = cli(project, "add", str(source), "--jurisdiction", "500103", "--year", "2026")
    assert added.exit_code == 0, added.output
    [entry] = [e for e in load_manifest(project.manifest).documents if e.jurisdiction_code == "500103"]
    assert entry.level == "district"
    second = tmp_path / "second.txt"
    second.write_text(source.read_text(encoding="utf-8") + "\n附件\n", encoding="utf-8")
    refused = cli(project, "add", str(second), "--jurisdiction", "500103", "--year", "2026")
    assert refused.exit_code == 1 and "already listed" in refused.output
    municipal = tmp_path / "municipal.txt"
    municipal.write_text(source.read_text(encoding="utf-8") + "\n附件二\n", encoding="utf-8")
    refused = cli(project, "add", str(municipal), "--jurisdiction", "500000", "--year", "2026")
    assert refused.exit_code == 1 and "already listed" in refused.output


# 6. a removed list's report leaves reports/ on the next `analytics reports`, even when the state lost it


def test_a_removed_lists_report_files_go_even_when_the_state_does_not_know_them(project):
    from analytics.report.render import STATE_FILE, render_all

    build(project)
    reports = project.reports
    (reports / "notebooks").mkdir(parents=True)
    (reports / "data").mkdir()
    name = "district-500114-2026"  # rendered, then its render failed (or ran while its list was removed)
    files = [reports / f"{name}.html", reports / "notebooks" / f"{name}.ipynb", reports / "data" / f"{name}--c.csv"]
    kept = [reports / "district-500237-2026.html", reports / "my-notes.html", reports / "data" / "mine.csv"]
    for path in files + kept:
        path.write_text("x", encoding="utf-8")
    (reports / STATE_FILE).write_text("{}", encoding="utf-8")  # the state does not know it
    remove_document(project, "500114-2026-livelihood")
    build(project)
    render_all(project, [])  # nothing to render: only the bookkeeping runs
    assert not [p for p in files if p.exists()]
    assert all(p.exists() for p in kept)


# 7. drafting a catalogue again keeps what was reviewed, and the old file


def test_catalogue_draft_force_keeps_reviewed_metrics_and_a_backup(project, tmp_path):
    import yaml
    from test_catalogue_draft import YEAR, generate, municipal_text

    items, _ = generate(1)
    municipal = tmp_path / "cq.txt"
    municipal.write_text(municipal_text(items), encoding="utf-8")
    assert cli(project, "add", str(municipal), "--jurisdiction", "500000", "--year", str(YEAR)).exit_code == 0
    assert cli(project, "catalogue", "draft", str(YEAR)).exit_code == 0
    target = project.reference / f"metric_catalogue_500000_{YEAR}.yaml"
    drafted = yaml.safe_load(target.read_text(encoding="utf-8"))
    first = drafted["metrics"][0]
    reviewed = {**first, "metric": "renamed_by_reviewer", "metric_en": "Reviewed label", "reviewed": True}
    reviewed["patterns"] = [*first["patterns"], "更宽〈Q〉"]
    drafted["metrics"][0] = reviewed
    drafted["default_scope"] = {"scope": "minimum", "reason": "set by the reviewer"}
    before = "# reviewer's notes\n" + yaml.safe_dump(drafted, allow_unicode=True, sort_keys=False)
    target.write_text(before, encoding="utf-8")

    again = cli(project, "catalogue", "draft", str(YEAR), "--force")
    assert again.exit_code == 0, again.output
    after = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert after["metrics"][0] == reviewed  # kept as the reviewer left it
    assert after["default_scope"] == drafted["default_scope"]
    assert [m["metric"] for m in after["metrics"]] == [m["metric"] for m in drafted["metrics"]]  # nothing doubled
    backups = list(project.reference.glob(f"metric_catalogue_500000_{YEAR}.yaml.*.bak"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == before
    assert "kept 1 reviewed metric" in again.output
    assert build(project).data_version  # the backup is not read as a second catalogue of the year


# 8. absurd figures: a share beyond the bound, a negative figure, a municipal 0 — caveats and warnings, no share


def test_absurd_figures_are_caveats_and_warnings_never_shares(project):
    from test_bad_input import edit

    district, municipal = "500114-2026-livelihood.txt", "500000-2026-livelihood.txt"
    edit(project, district, "完成老旧小区改造5个", "完成老旧小区改造1000000000000000个", count=-1)
    edit(project, district, "新增山城步道2.5公里", "新增山城步道-2公里", count=-1)
    edit(project, municipal, "城市公园 200 个", "城市公园 0 个")
    result = build(project)
    with duckdb.connect(str(project.database), read_only=True) as con:
        rows = {
            metric: rest
            for metric, *rest in con.execute(
                """SELECT metric, district_value, share, ratio_not_a_share, comparable, caveat FROM quota_shares
                   WHERE doc_id = '500114-2026-livelihood'
                     AND metric IN ('old_neighbourhoods_renovated', 'mountain_walkways_km', 'pocket_parks')"""
            ).fetchall()
        }
        warned = [m for (m,) in con.execute("SELECT message FROM build_warnings").fetchall()]
    huge, negative, zero = rows["old_neighbourhoods_renovated"], rows["mountain_walkways_km"], rows["pocket_parks"]
    assert huge[0] == 1e15 and huge[1] is None and huge[2] > 1e9 and huge[3] is False and "plausible" in huge[4]
    assert negative[0] == -2 and negative[1] is None and negative[2] < 0 and negative[3] is False
    assert "negative" in negative[4]
    assert zero[1] is None and zero[2] is None and zero[3] is False and "municipal figure is 0" in zero[4]
    for metric in rows:
        assert any(metric in m and "500114-2026-livelihood" in m for m in warned), metric
    assert len(result.warnings) == len(warned)


def test_a_minus_sign_is_kept():
    from analytics.targets.quantities import QuantityParser

    parser = QuantityParser.load(Path(__file__).resolve().parents[1] / "data/reference")
    assert [(q.value, q.expression) for q in parser.parse("新建学校-2所，改造3-5所，A-3栋。")] == [
        (-2.0, "-2所"),
        (3.0, "3-5所"),
        (3.0, "3栋"),
    ]


# 9. a list cut short: add prints every warning of the read (a stated total, a section's count)


def test_add_prints_a_stated_total_the_items_do_not_reach(project, tmp_path):
    source = list_for("500101", tmp_path)
    text = source.read_text(encoding="utf-8")
    preamble_end = text.index("\t序号")
    text = text[:preamble_end] + "各街道要将30件重点民生实事任务落实到具体项目。\n\n" + text[preamble_end:]
    source.write_text(text.replace("（3件）", "（4件）"), encoding="utf-8")
    added = cli(project, "add", str(source), "--jurisdiction", "500101", "--year", "2026")
    assert added.exit_code == 0, added.output
    printed = " ".join(added.output.split())  # a warning naming a long temporary path wraps at 160 columns
    assert "30件重点民生实事 (30 items) but 28 were read" in printed
    assert "states 4 items but 3 were read" in printed
    result = build(project)
    assert any("30件重点民生实事" in w.message for w in result.warnings)
    assert not any("22件" in w.message for w in result.warnings)  # Shizhu states 22 and lists 22


# 10. a full disk: a named error, nothing left half-done


def _disk_full(path) -> None:
    import errno

    raise OSError(errno.ENOSPC, "No space left on device", str(path))


def test_a_full_disk_during_add_is_named_and_leaves_nothing(project, tmp_path, monkeypatch):
    from analytics.documents import intake

    source = list_for("500101", tmp_path)
    manifest = project.manifest.read_bytes()
    before = sorted(p.name for p in project.raw.iterdir() if p.name != ".manifest.lock")
    real = intake._atomic_write
    for failing in (1, 2):  # the copy of the document; the manifest (and then putting it back would fail too)
        calls = []

        def write(path, data, failing=failing, calls=calls):
            calls.append(path)
            if len(calls) >= failing:
                _disk_full(path)
            real(path, data)

        monkeypatch.setattr(intake, "_atomic_write", write)
        result = cli(project, "add", str(source), "--jurisdiction", "500101", "--year", "2026")
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        assert "No space left on device" in result.output and "Nothing was added" in result.output
        assert project.manifest.read_bytes() == manifest
        assert sorted(p.name for p in project.raw.iterdir() if p.name != ".manifest.lock") == before
    monkeypatch.setattr(intake, "_atomic_write", lambda path, data: _disk_full(path))
    result = cli(project, "remove", "500114-2026-livelihood")
    assert result.exit_code == 1 and "No space left on device" in result.output and "Traceback" not in result.output
    assert project.manifest.read_bytes() == manifest


def test_a_full_disk_during_build_is_named_and_leaves_the_database(project, monkeypatch):
    from analytics.database import build as build_module

    build(project)
    database = project.database.read_bytes()
    for name in ("write_database", "write_parquet"):  # the database; the staged Parquet files
        monkeypatch.undo()
        monkeypatch.setattr(build_module, name, lambda *args, **kwargs: _disk_full(project.processed / ".x.tmp"))
        result = cli(project, "build", "--force")
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output and "No space left on device" in result.output
        assert project.database.read_bytes() == database
        leftovers = [p.name for p in project.processed.iterdir() if p.name.startswith(".")]
        assert leftovers == [], leftovers


# 11. a hand-edited manifest: duplicate keys, no documents, an impossible year, a file outside data/raw


def _manifest_line(project, startswith: str) -> int:
    lines = project.manifest.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.strip().startswith(startswith))


def _edit_manifest(project, old: str, new: str) -> None:
    text = project.manifest.read_text(encoding="utf-8")
    assert old in text
    project.manifest.write_text(text.replace(old, new, 1), encoding="utf-8")


def _refused(project, line: int, words: str) -> None:
    from analytics.errors import InputError

    try:
        build(project)
    except InputError as exc:
        assert exc.problem.line == line and words in exc.problem.message, exc
    else:
        raise AssertionError("built")
    result = cli(project, "build")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"manifest.yaml:{line}" in result.output and words in result.output


def test_a_duplicate_key_in_the_manifest_is_named(project):
    _edit_manifest(project, "    year: 2026\n", "    year: 2026\n    year: 2025\n")
    _refused(project, _manifest_line(project, "year: 2025"), "duplicate key 'year'")


def test_an_empty_manifest_is_refused_and_the_reports_stay(project):
    text = project.manifest.read_text(encoding="utf-8")
    project.manifest.write_text(text[: text.index("documents:")] + "documents: []\n", encoding="utf-8")
    _refused(project, _manifest_line(project, "documents:"), "lists no document")


def test_an_impossible_year_in_the_manifest_is_named(project):
    _edit_manifest(project, "    year: 2026\n", "    year: 20260\n")
    _refused(project, _manifest_line(project, "year: 20260"), "must be a year")


def test_a_file_outside_data_raw_is_never_read(project, tmp_path):
    import hashlib
    import shutil

    outside = project.root / "outside.txt"
    shutil.copy(project.raw / "500114-2026-livelihood.txt", outside)
    _edit_manifest(project, "file: 500114-2026-livelihood.txt", "file: ../../outside.txt")
    _refused(project, _manifest_line(project, "file: ../../outside.txt"), "data/raw/")
    # a link inside data/raw/ that leads out of it, with the right hash: not read either
    _edit_manifest(project, "file: ../../outside.txt", "file: link.txt")
    (project.raw / "link.txt").symlink_to(outside)
    (project.raw / "500114-2026-livelihood.txt").unlink()
    assert hashlib.sha256((project.raw / "link.txt").read_bytes()).hexdigest()
    result = cli(project, "build")
    assert result.exit_code == 1 and "leads outside raw/" in result.output and "Traceback" not in result.output


# 12. removing the list others are compared with names them and needs --force


def test_removing_the_municipal_list_names_its_dependants_and_needs_force(project):
    manifest = project.manifest.read_bytes()
    refused = cli(project, "remove", "500000-2026-livelihood")
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    for below in ("500237-2026-livelihood", "500114-2026-livelihood", "500240-2026-livelihood"):
        assert below in refused.output
    assert "500237-2021-2025-public-services-plan" not in refused.output and "--force" in refused.output
    assert project.manifest.read_bytes() == manifest and (project.raw / "500000-2026-livelihood.txt").exists()
    assert cli(project, "remove", "500114-2026-livelihood").exit_code == 0  # nothing depends on a district list
    forced = cli(project, "remove", "500000-2026-livelihood", "--force")
    assert forced.exit_code == 0, forced.output
    assert not (project.raw / "500000-2026-livelihood.txt").exists()


# 14. smaller: --workers below 1, a damaged database, files that are not text, a GB18030 byte-order mark,
# the render progress total, temporaries of killed builds while builds are up to date


def test_workers_below_one_is_a_usage_error(project):
    result = cli(project, "reports", "--workers", "-3")
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "--workers" in result.output


def test_a_damaged_database_is_named_by_info_qa_and_reports(project):
    project.database.write_bytes(b"this is not a database\n" * 100)
    for command in ("info", "qa", "reports"):
        result = cli(project, command)
        assert result.exit_code == 1, (command, result.output)
        assert isinstance(result.exception, SystemExit), (command, result.exception)
        assert "cannot be read as the project's database" in result.output and "build --force" in result.output


def test_files_that_are_not_text_are_named_for_what_they_are(tmp_path):
    import sys

    import pytest
    from test_hostile import VOCAB

    from analytics.documents.formats.document import read_document
    from analytics.errors import InputError

    text = fixture.cell_per_line_text()
    cases = {
        "elf.txt": (Path(sys.executable).resolve().read_bytes()[:200_000], "executable (ELF)"),
        "utf32.txt": (text.encode("utf-32"), "UTF-32"),
        "utf32le.txt": (text.encode("utf-32-le"), "UTF-32"),
        "nul.txt": (text.replace("社区食堂建设", "社区食堂\x00建设").encode("utf-8"), "NUL byte"),
        "random.txt": (bytes(range(256)) * 64, "binary file"),
    }
    nul_line = text[: text.index("社区食堂建设")].count("\n") + 1
    for name, (data, named) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(InputError) as caught:
            read_document(path, VOCAB)
        assert named in str(caught.value) and "UTF-16" not in str(caught.value), (name, str(caught.value))
        if name == "nul.txt":
            assert caught.value.problem.line == nul_line


def test_a_gb18030_byte_order_mark_is_not_text(tmp_path):
    from test_hostile import VOCAB

    from analytics.documents.formats.document import read_document

    path = tmp_path / "list.txt"
    path.write_bytes(b"\x84\x31\x95\x33" + fixture.cell_per_line_text().encode("gb18030"))
    document = read_document(path, VOCAB)
    assert document.encoding == "gb18030" and document.text == fixture.cell_per_line_text()


def test_the_render_progress_knows_its_total(project, monkeypatch):
    from analytics.report import render

    build(project)
    seen = []
    monkeypatch.setattr(render, "render_parallel", lambda paths, stale, workers, progress: seen.append(stale) or [])
    monkeypatch.setattr(render, "write_index", lambda *args: None)
    result = cli(project, "reports", "--only", "overview")
    assert result.exit_code == 0, result.output
    assert "None" not in result.output and "0/1" in result.output


def test_temporaries_of_killed_builds_go_while_builds_are_up_to_date(project):
    build(project)
    dead = 2**22 + 12345  # above the kernel's pid limit: no process has it
    folder = project.processed / f".parquet.{dead}.tmp"
    folder.mkdir()
    (folder / "documents.parquet").write_bytes(b"x")
    file = project.processed / f".livelihood.duckdb.{dead}.tmp"
    file.write_bytes(b"x")
    result = cli(project, "build")
    assert result.exit_code == 0 and "up to date" in result.output, result.output
    assert not folder.exists() and not file.exists()


# 13. a very long list's report stays bounded: long tables show their first rows and link the whole as CSV


def test_a_long_table_shows_its_first_rows_and_links_the_whole_as_csv(tmp_path, monkeypatch):
    import csv
    import io

    import pandas as pd

    from analytics.report.blocks import MAX_TABLE_ROWS, REPORT_MODE_ENV, table

    rows = pd.DataFrame(
        {"item_no": [str(n) for n in range(1, 5001)], "title": ["=1+1"] + [f"项目{n}" for n in range(2, 5001)]}
    )
    monkeypatch.setenv("ANALYTICS_ROOT", str(tmp_path))
    monkeypatch.setenv(REPORT_MODE_ENV, "notebook")
    columns = [("item_no", "No."), ("title", "Title")]
    shown = table(rows, columns).data
    assert shown.count("<tr>") == MAX_TABLE_ROWS + 1 and "4,800 more rows" in shown  # +1: the header row
    monkeypatch.setenv(REPORT_MODE_ENV, "html")
    page = table(rows, columns, full=("district-500101-2026", "table-items-local")).data
    assert page.count("<tr>") == MAX_TABLE_ROWS + 1 and len(page) < 40_000
    assert 'href="data/district-500101-2026--table-items-local.csv"' in page
    written = tmp_path / "reports" / "data" / "district-500101-2026--table-items-local.csv"
    with written.open(encoding="utf-8-sig", newline="") as handle:
        read = list(csv.DictReader(io.StringIO(handle.read())))
    assert len(read) == 5000 and read[0]["title"] == "'=1+1" and read[-1]["title"] == "项目5000"


def test_district_tables_link_their_whole_csv(built, monkeypatch):
    from analytics.report import blocks, district
    from analytics.report.data import ReportContext

    paths, _ = built
    monkeypatch.setattr(blocks, "MAX_TABLE_ROWS", 3)
    monkeypatch.setenv(blocks.REPORT_MODE_ENV, "html")
    monkeypatch.setenv("ANALYTICS_ROOT", str(paths.root))
    with duckdb.connect(str(paths.database), read_only=True) as con:
        ctx = ReportContext(con, "district_profile", {"jurisdiction_code": "500237", "year": "2026"})
        page = district.items_table(ctx, "500237").data
    assert 'href="data/district-500237-2026--table-items-local.csv"' in page and "more rows not shown" in page
    for path in (paths.reports / "data").glob("district-500237-2026--table-*.csv"):
        path.unlink()
