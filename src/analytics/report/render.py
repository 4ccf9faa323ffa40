"""Batch rendering: every notebook for every parameter value in the database, to offline HTML.

A newly added district gets its report with no code change, because the parameter values come from the
database. A failing notebook does not stop the batch; the summary names it and the exit status says so.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import nbformat
from nbconvert import HTMLExporter

from ..paths import Paths
from .blocks import REPORT_MODE_ENV
from .glossary import municipal_item_en

TEMPLATES = Path(__file__).with_name("templates")
ASSETS = "assets"
PLOTLY_JS = f"{ASSETS}/plotly.min.js"


@dataclass(frozen=True)
class Job:
    notebook: str  # file stem under notebooks/
    parameters: dict[str, str]
    name: str  # output stem under reports/
    title: str
    group: str


@dataclass
class Outcome:
    job: Job
    ok: bool
    error: str | None = None
    seconds: float = 0.0


@dataclass
class RenderResult:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]


def jobs(db_path: Path) -> list[Job]:
    """One job per district list, per municipal item with measures, and the overview."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        districts = con.execute(
            """SELECT DISTINCT jurisdiction_code, jurisdiction_name_zh, jurisdiction_name_en FROM documents
               WHERE kind = 'annual_livelihood_list' AND level <> 'municipality' ORDER BY jurisdiction_code"""
        ).fetchall()
        items = con.execute(
            """SELECT p.item_no, p.title, d.year FROM projects p JOIN documents d ON d.doc_id = p.doc_id
               WHERE d.level = 'municipality' AND d.kind = 'annual_livelihood_list'
                 AND d.year = (SELECT max(list_year) FROM metrics)
                 AND p.item_no IN (SELECT municipal_item_no FROM metrics)
               ORDER BY p.item_order"""
        ).fetchall()
    out = [Job("overview", {}, "overview", "总览 Overview of district shares", "overview")]
    out += [
        Job("district_profile", {"jurisdiction_code": code}, f"district-{code}", f"{zh} {en} ({code})", "district")
        for code, zh, en in districts
    ]
    out += [
        Job(
            "metric_comparison",
            {"municipal_item_no": no},
            f"item-{int(no):02d}" if no.isdigit() else f"item-{no}",
            f"{no}. {title} {municipal_item_en(no, year)}".strip(),
            "item",
        )
        for no, title, year in items
    ]
    return out


def list_year(db_path: Path) -> int:
    """Year of the municipal list the reports compare against (the catalogue's list year)."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute("SELECT max(list_year) FROM metrics").fetchone()[0]


def exporter() -> HTMLExporter:
    return HTMLExporter(
        template_name="offline_report",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        language_code="zh",
    )


def to_html(notebook: nbformat.NotebookNode, title: str) -> str:
    notebook.metadata["title"] = title
    body, _ = exporter().from_notebook_node(notebook, resources={"plotly_js_path": PLOTLY_JS})
    return body


def write_assets(reports: Path) -> None:
    from plotly.offline import get_plotlyjs

    (reports / ASSETS).mkdir(parents=True, exist_ok=True)
    target = reports / PLOTLY_JS
    js = get_plotlyjs()
    if not target.exists() or target.stat().st_size != len(js.encode()):
        target.write_text(js, encoding="utf-8")


def run_job(job: Job, paths: Paths, kernel_name: str = "python3") -> Outcome:
    """Execute one notebook with papermill and write its executed copy and HTML."""
    import time

    import papermill

    start = time.perf_counter()
    executed = paths.reports / "notebooks" / f"{job.name}.ipynb"
    executed.parent.mkdir(parents=True, exist_ok=True)
    try:
        papermill.execute_notebook(
            str(paths.root / "notebooks" / f"{job.notebook}.ipynb"),
            str(executed),
            parameters=job.parameters,
            kernel_name=kernel_name,
            progress_bar=False,
            cwd=str(paths.root / "notebooks"),
        )
        notebook = nbformat.read(executed, as_version=4)
        (paths.reports / f"{job.name}.html").write_text(to_html(notebook, job.title), encoding="utf-8")
        return Outcome(job, True, seconds=time.perf_counter() - start)
    except Exception as exc:  # noqa: BLE001 - one failing report must not stop the batch
        message = str(exc).strip().splitlines()
        return Outcome(
            job, False, error=" ".join(message[-3:]) if message else repr(exc), seconds=time.perf_counter() - start
        )


# -- warm-kernel workers ------------------------------------------------------------------------------------

_WORKER: dict[str, object] = {}


def _worker_start(root: str) -> None:
    from .kernels import WarmKernel

    paths = Paths(Path(root))
    env = {REPORT_MODE_ENV: "html", "ANALYTICS_ROOT": root}
    _WORKER["paths"] = paths
    _WORKER["kernel"] = WarmKernel(paths.root / "notebooks", env=env)
    import atexit

    atexit.register(_WORKER["kernel"].close)


def _worker_run(job: Job) -> Outcome:
    import time

    start = time.perf_counter()
    paths = _WORKER["paths"]
    kernel = _WORKER["kernel"]
    try:
        executed = paths.reports / "notebooks" / f"{job.name}.ipynb"
        executed.parent.mkdir(parents=True, exist_ok=True)
        try:
            notebook = kernel.run(paths.root / "notebooks" / f"{job.notebook}.ipynb", job.parameters)
        except Exception as exc:  # noqa: BLE001 - a failing notebook is reported, the batch goes on
            lines = [ln for ln in str(exc).strip().splitlines() if ln.strip()]
            return Outcome(job, False, error=" ".join(lines[-2:]) or repr(exc), seconds=time.perf_counter() - start)
        nbformat.write(notebook, executed)
        (paths.reports / f"{job.name}.html").write_text(to_html(notebook, job.title), encoding="utf-8")
        return Outcome(job, True, seconds=time.perf_counter() - start)
    except Exception as exc:  # noqa: BLE001
        return Outcome(job, False, error=repr(exc), seconds=time.perf_counter() - start)


def render_parallel(
    paths: Paths,
    todo: list[Job],
    workers: int,
    progress: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Render on `workers` processes, each with one warm kernel; results in the order of `todo`."""
    import multiprocessing

    if not todo:
        return []
    ctx = multiprocessing.get_context("spawn")
    outcomes: dict[str, Outcome] = {}
    with ctx.Pool(min(workers, len(todo)), initializer=_worker_start, initargs=(str(paths.root),)) as pool:
        for outcome in pool.imap_unordered(_worker_run, todo):
            outcomes[outcome.job.name] = outcome
            if progress:
                progress(outcome)
    return [outcomes[j.name] for j in todo]


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def write_index(paths: Paths, result: RenderResult, year: int) -> None:
    groups = {
        "overview": "总览 Overview",
        "district": "区县报告 District profiles",
        "item": "市级项目比较 Municipal items compared",
    }
    sections = []
    for group, heading in groups.items():
        entries = []
        for o in result.outcomes:
            if o.job.group != group:
                continue
            if o.ok:
                entries.append(f'<li><a href="{html.escape(o.job.name)}.html">{html.escape(o.job.title)}</a></li>')
            else:
                entries.append(
                    f"<li>{html.escape(o.job.title)} — <strong>failed</strong>: {html.escape(o.error or '')}</li>"
                )
        if entries:
            sections.append(f"<h2>{html.escape(heading)}</h2><ul>{''.join(entries)}</ul>")
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>重庆市{year}年重点民生实事 · Chongqing {year} key livelihood projects: reports</title>
<style>body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; max-width: 900px; margin: 2rem auto;
padding: 0 1.5rem; line-height: 1.6; color: #222; }} h1 {{ font-size: 1.6rem; }} h2 {{ font-size: 1.2rem;
border-bottom: 2px solid #e5e7eb; }} li {{ margin: 0.2rem 0; }}</style></head>
<body><h1>重庆市{year}年重点民生实事：区县承接份额<br>
<small>Chongqing {year} key livelihood projects: district shares</small></h1>
<p>Each report shows its parameters, data version, sources and how to cite it. Every figure names the
document, item and sentence it comes from.</p>
{"".join(sections)}
</body></html>"""
    (paths.reports / "index.html").write_text(page, encoding="utf-8")


def render_all(
    paths: Paths,
    selected: list[Job] | None = None,
    progress: Callable[[Outcome], None] | None = None,
    workers: int | None = None,
    sequential: bool = False,
) -> RenderResult:
    """Render the jobs. Default: warm kernels on parallel workers; `sequential`: one papermill run each."""
    os.environ[REPORT_MODE_ENV] = "html"  # inherited by the kernels papermill starts
    os.environ["ANALYTICS_ROOT"] = str(paths.root)
    paths.reports.mkdir(parents=True, exist_ok=True)
    write_assets(paths.reports)
    todo = selected if selected is not None else jobs(paths.database)
    result = RenderResult()
    if sequential:
        for job in todo:
            outcome = run_job(job, paths)
            result.outcomes.append(outcome)
            if progress:
                progress(outcome)
    else:
        result.outcomes = render_parallel(paths, todo, workers or default_workers(), progress)
    write_index(paths, result, list_year(paths.database))
    return result
