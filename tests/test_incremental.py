"""Incremental reports: a report is rendered again exactly when what it shows may have changed.

The oracle is the reports' content, not the dependency rules: after a new district's list is added, a forced
render of every report says which ones really changed, and the incremental render must have re-rendered
those and no other.
"""

from __future__ import annotations

import shutil

import district_fixture as fixture
from conftest import copy_project, normalised_outputs

from analytics.database.build import build
from analytics.documents.intake import NewDocument, add_document
from analytics.paths import Paths
from analytics.report.render import jobs, load_state, render_all

SUBSET = (
    "overview-500000-2026",
    "district-500237-2026",
    "district-500240-2026",
    "district-500103-2026",
    "item-500000-01-2026",
    "item-500000-02-2026",
    "item-500000-03-2026",
    "item-500000-09-2026",
    "item-500000-12-2026",
)


def _subset(paths: Paths):
    return [j for j in jobs(paths.database) if j.name in SUBSET]


def _outputs(paths: Paths) -> dict[str, list]:
    return {p.stem: normalised_outputs(p) for p in sorted((paths.reports / "notebooks").glob("*.ipynb"))}


def test_only_what_changed_is_rendered_again(project):
    build(project)
    todo = [j for j in _subset(project) if j.name in ("overview-500000-2026", "item-500000-09-2026")]
    first = render_all(project, todo)
    assert [o.job.name for o in first.rendered] == ["overview-500000-2026", "item-500000-09-2026"]
    stamps = {p.name: p.stat().st_mtime_ns for p in project.reports.glob("*.html") if p.name != "index.html"}

    second = render_all(project, todo)  # nothing changed
    assert second.rendered == [] and [o.job.name for o in second.skipped] == [
        "overview-500000-2026",
        "item-500000-09-2026",
    ]
    assert {p.name: p.stat().st_mtime_ns for p in project.reports.glob("*.html") if p.name != "index.html"} == stamps
    assert load_state(project)["item-500000-09-2026"]["inputs"]["parameters"] == {
        "municipal_item_no": "9",
        "parent_code": "500000",
        "year": "2026",
    }

    (project.reports / "item-500000-09-2026.html").unlink()  # a report missing on disk
    assert [o.job.name for o in render_all(project, todo).rendered] == ["item-500000-09-2026"]

    notebook = project.root / "notebooks" / "overview.ipynb"  # a notebook's cells edited
    notebook.write_text(notebook.read_text(encoding="utf-8").replace("覆盖 Coverage", "覆盖 Coverage."), "utf-8")
    assert [o.job.name for o in render_all(project, todo).rendered] == ["overview-500000-2026"]

    assert [o.job.name for o in render_all(project, todo, force=True).rendered] == [
        "overview-500000-2026",
        "item-500000-09-2026",
    ]


def test_a_new_district_re_renders_exactly_the_reports_it_changes(project, tmp_path):
    build(project)
    render_all(project, _subset(project))
    before = _outputs(project)
    source = fixture.write_txt(tmp_path / "yuzhong.txt")
    add_document(project, NewDocument(source, fixture.CODE, fixture.YEAR))
    build(project)

    # the oracle: every report rendered afresh from the new corpus, compared with what was there before
    fresh = copy_project(tmp_path / "fresh")
    shutil.copytree(project.raw, fresh.raw, dirs_exist_ok=True)
    build(fresh)
    render_all(fresh, _subset(fresh), force=True)
    changed = {name for name, cells in _outputs(fresh).items() if before.get(name) != cells}
    assert "overview-500000-2026" in changed and "district-500237-2026" not in changed
    assert {n for n in changed if n.startswith("item-")} and {n for n in SUBSET if n.startswith("item-")} - changed

    incremental = render_all(project, _subset(project))
    assert {o.job.name for o in incremental.rendered} == changed
    assert _outputs(project) == _outputs(fresh)  # and what it left alone is what a full render gives


def test_the_documents_of_every_report_are_found_alike_one_by_one_and_all_at_once(built):
    """report.inputs.Scopes (every report's documents from four queries, for a batch) gives what documents_read
    gives report by report, for every report of the seeds (district, item and comparison pages)."""
    import duckdb

    from analytics.report.inputs import Scopes, documents_read
    from analytics.report.render import jobs

    paths, _ = built
    all_jobs = jobs(paths.database)
    with duckdb.connect(str(paths.database), read_only=True) as con:
        scopes = Scopes(con)
        for job in all_jobs:
            one = documents_read(con, job.notebook, job.parameters)
            assert one and scopes.documents_read(job.notebook, job.parameters) == one, job.name
    assert {j.group for j in all_jobs} == {"overview", "district", "item"}
