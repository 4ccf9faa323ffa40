"""Batch rendering: every notebook for every parameter value in the database, to offline HTML.

A newly added district gets its report with no code change, because the parameter values come from the
database. Only reports whose inputs changed are rendered (report.inputs; `force` renders all), the record of
what each was made from kept in reports/.render-state.json and in the executed notebook's metadata. A
failing notebook does not stop the batch; the summary names it and the exit status says so.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb

from ..paths import Paths
from .frame import DATA_DIR
from .glossary import municipal_item_en
from .inputs import (
    Scopes,
    code_version,
    fingerprint,
    lists_above,
    reference_version,
    report_inputs,
    report_name,
)

STATE_FILE = ".render-state.json"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")  # colour codes of IPython tracebacks: not for an error message

TEMPLATES = Path(__file__).with_name("templates")
ASSETS = "assets"
PLOTLY_JS = f"{ASSETS}/plotly.min.js"
STYLESHEET = f"{ASSETS}/report.css"


@dataclass(frozen=True)
class Job:
    notebook: str  # file stem under notebooks/
    parameters: dict[str, str]
    name: str  # output stem under reports/: kind, key and list year (district-500237-2026, item-500000-09-2026)
    title: str
    group: str  # overview (a list above compared with its lists below), district, item
    year: int | None = None  # the list year the report is about
    inputs: dict | None = field(default=None, compare=False, hash=False)  # report.inputs.report_inputs
    jurisdiction_code: str | None = None  # the district's (profiles) or the list above's (comparison pages)
    parent_code: str | None = None  # the jurisdiction whose list this one is compared with (profiles)


@dataclass
class Outcome:
    job: Job
    ok: bool
    error: str | None = None
    seconds: float = 0.0
    skipped: bool = False  # inputs unchanged since the report on disk was rendered
    timings: dict[str, float] = field(default_factory=dict)  # where the time went (kernel start, cells, export)


@dataclass
class RenderResult:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def rendered(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.ok and not o.skipped]

    @property
    def skipped(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.skipped]


def _canonical(name: str) -> str:
    """`item-500000-9` → `item-500000-09`; other names as given (a trailing `.html` dropped)."""
    name = name.removesuffix(".html")
    m = re.fullmatch(r"item-((?:\d{6}-)?)0*(\d+)((?:-\d{4})?)", name)
    return f"item-{m[1]}{int(m[2]):02d}{m[3]}" if m else name


def _short_names(job: Job) -> set[str]:
    """The names a job answers to: in full, without its year (the latest year's), and for a comparison page
    without the code of the list above (when only one list above has such a page)."""
    full = job.name
    names = {full, full.removesuffix(f"-{job.year}")}
    if job.group != "district" and job.jurisdiction_code:
        names |= {n.replace(f"-{job.jurisdiction_code}", "", 1) for n in set(names)}
    return names


def select_jobs(all_jobs: list[Job], names: list[str]) -> list[Job]:
    """The jobs named (`district-500237-2026`, `item-500000-09-2026`, `overview-500000-2026`). Without its year a
    name means that report of the latest year that has it (`district-500237`, `item-500000-9`); a comparison page
    may be named without the code of its list above (`item-9-2026`, `overview`) when one list above has it;
    `item-9` and `item-09` are the same; a trailing `.html` is allowed. Unknown or ambiguous names are an error
    that lists the valid ones."""
    by_short: dict[str, dict[str, Job]] = {}  # short name → code of the list above → latest job
    for job in sorted(all_jobs, key=lambda j: j.year or 0):
        for short in _short_names(job):
            by_short.setdefault(short, {})[job.jurisdiction_code or ""] = job
    chosen, unknown, ambiguous = [], [], []
    for raw in names:
        found = by_short.get(_canonical(raw), {})
        exact = [j for j in found.values() if j.name == _canonical(raw)]
        if exact or len(found) == 1:
            chosen.append((exact or list(found.values()))[0])
        elif found:
            ambiguous.append(f"{raw} (one of {', '.join(sorted(j.name for j in found.values()))})")
        else:
            unknown.append(raw)
    if unknown or ambiguous:
        problems = [f"no report named {', '.join(unknown)}"] if unknown else []
        problems += [f"ambiguous: {a}" for a in ambiguous]
        raise ValueError(f"{'; '.join(problems)}; valid names: {', '.join(j.name for j in all_jobs)}")
    return [j for j in all_jobs if j in chosen]


def jobs(db_path: Path) -> list[Job]:
    """Per list year, latest first: for every list others take up (or a metric catalogue describes), its
    comparison page and one page per item with measures; one profile per district list. Adding a year or a
    list adds reports; it never renames or changes another's."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        districts = con.execute(
            """SELECT DISTINCT d.year, d.jurisdiction_code, d.jurisdiction_name_zh, d.jurisdiction_name_en,
                      p.jurisdiction_code
               FROM documents d LEFT JOIN documents p ON p.doc_id = d.parent_doc_id
               WHERE d.kind = 'annual_livelihood_list' AND d.level <> 'municipality'"""
        ).fetchall()
        names = {
            c: (zh, en)
            for c, zh, en in con.sql("SELECT jurisdiction_code, name_zh, name_en FROM jurisdictions").fetchall()
        }
        # the lists comparison pages are made for, by the rule the pages themselves resolve their list with
        above = sorted(((year, code, *names[code]) for code, year, _ in lists_above(con)), key=lambda r: r[1])
        items = con.execute(
            """SELECT d.year, d.jurisdiction_code, p.item_no, p.title FROM projects p
               JOIN documents d ON d.doc_id = p.doc_id
               WHERE d.kind = 'annual_livelihood_list'
                 AND (p.item_no, d.year, d.jurisdiction_code)
                     IN (SELECT (municipal_item_no, list_year, jurisdiction_code) FROM metrics)
               ORDER BY d.jurisdiction_code, p.item_order"""
        ).fetchall()
    out = []
    for year in sorted({y for y, *_ in districts} | {y for y, *_ in above}, reverse=True):
        out += [
            Job(
                "overview",
                {"parent_code": code, "year": str(year)},
                report_name("overview", {"parent_code": code}, year),
                f"{zh} {year} 下级清单比较 Lists below {en} compared: shares, per-resident investment, coverage",
                "overview",
                year,
                jurisdiction_code=code,
            )
            for y, code, zh, en in above
            if y == year
        ]
        out += [
            Job(
                "district_profile",
                {"jurisdiction_code": code, "year": str(year)},
                report_name("district_profile", {"jurisdiction_code": code}, year),
                f"{zh} {en} ({code}), {year}",
                "district",
                year,
                jurisdiction_code=code,
                parent_code=parent,
            )
            for y, code, zh, en, parent in sorted(districts, key=lambda r: r[1])
            if y == year
        ]
        out += [
            Job(
                "metric_comparison",
                {"parent_code": code, "municipal_item_no": no, "year": str(year)},
                report_name("metric_comparison", {"parent_code": code, "municipal_item_no": no}, year),
                f"{no}. {title} {municipal_item_en(no, year, code)}".strip(),
                "item",
                year,
                jurisdiction_code=code,
            )
            for y, code, no, title in items
            if y == year
        ]
    return out


@functools.cache
def exporter():
    """One exporter per process: building it (templates, Jinja environment) costs more than an export."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="offline_report",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        language_code="zh",
    )


def to_html(notebook, title: str) -> str:
    notebook.metadata["title"] = title
    body, _ = exporter().from_notebook_node(
        notebook, resources={"plotly_js_path": PLOTLY_JS, "stylesheet_path": STYLESHEET}
    )
    return body


def stylesheet() -> str:
    """The site's one stylesheet: the lab template's notebook and light-theme styles, then the reports' own."""
    from jupyter_core.paths import jupyter_path

    static = next(
        Path(d) for d in jupyter_path("nbconvert", "templates", "lab", "static") if Path(d, "index.css").exists()
    )
    parts = [(static / name).read_text(encoding="utf-8") for name in ("index.css", "theme-light.css")]
    parts.append((TEMPLATES / "offline_report" / "static" / "report.css").read_text(encoding="utf-8"))
    return "\n".join(parts)


def _write_if_changed(target: Path, text: str) -> None:
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)


def write_assets(reports: Path) -> None:
    """plotly.js and the stylesheet, once for every page of the site."""
    from plotly.offline import get_plotlyjs

    (reports / ASSETS).mkdir(parents=True, exist_ok=True)
    _write_if_changed(reports / PLOTLY_JS, get_plotlyjs())
    _write_if_changed(reports / STYLESHEET, stylesheet())


def _record_inputs(notebook, job: Job) -> None:
    """The executed notebook carries the record of what it was made from."""
    if job.inputs is not None:
        notebook.metadata["analytics"] = {"inputs": job.inputs, "fingerprint": fingerprint(job.inputs)}


def _write_outputs(notebook, job: Job, paths: Paths, timings: dict[str, float]) -> None:
    import time

    import nbformat

    _record_inputs(notebook, job)
    notebook.metadata["release_rows"] = release_rows(paths, job)
    executed = paths.reports / "notebooks" / f"{job.name}.ipynb"
    executed.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, executed)
    start = time.perf_counter()
    page = to_html(notebook, job.title)
    (paths.reports / f"{job.name}.html").write_text(page, encoding="utf-8")
    timings["html export"] = time.perf_counter() - start
    for stale in chart_data_files(paths, job.name):  # charts this report no longer draws
        if f'href="{DATA_DIR}/{stale.name}"' not in page:
            stale.unlink(missing_ok=True)


def release_rows(paths: Paths, job: Job) -> str:
    """HTML linking a report to its rows in the data release (report.data_page): the district's or the item's
    rows of each table, as a DuckDB query beside the table's CSV and Parquet."""
    from ..database.release import release_version
    from .data_page import rows_links

    year = int(job.parameters.get("year") or job.year or 0)
    with duckdb.connect(str(paths.database), read_only=True) as con:
        version = release_version(dict(con.execute("SELECT key, value FROM build_info").fetchall()))
        if job.notebook == "district_profile":
            code = job.parameters["jurisdiction_code"]
            docs = [d for (d,) in con.execute(
                "SELECT doc_id FROM documents WHERE jurisdiction_code = ? AND year = ? ORDER BY doc_id", [code, year]
            ).fetchall()]  # fmt: skip
            label = f"The rows of {code}'s {year} documents."
            where = _in("doc_id", docs)
            tables = ["projects", "targets", "quota_shares", "item_takeup", "budgets", "deadlines", "milestones"]
            filters = [(t, where, []) for t in tables]
        else:
            docs = [d for (d,) in con.execute(
                "SELECT doc_id FROM documents WHERE year = ? AND kind = 'annual_livelihood_list' ORDER BY doc_id",
                [year],
            ).fetchall()]  # fmt: skip
            where = _in("doc_id", docs)
            if job.notebook == "metric_comparison":
                item = job.parameters["municipal_item_no"]
                label = f"The rows of municipal item {item} in the {year} lists."
                filters = [
                    (t, f"municipal_item_no = ? AND {where}", [item])
                    for t in ("quota_shares", "item_takeup", "projects")
                ]
            else:
                label = f"The rows of the {year} lists."
                filters = [(t, where, []) for t in ("quota_shares", "item_takeup", "budget_summary")]
    return rows_links(version, filters, label)


def _in(column: str, values: list[str]) -> str:
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return f"{column} IN ({quoted})" if values else "false"


def chart_data_files(paths: Paths, name: str) -> list[Path]:
    """The CSV files of a report's charts (reports/data/<report>--<chart>.csv, written by report.frame)."""
    return sorted((paths.reports / DATA_DIR).glob(f"{name}--*.csv"))


def cell_timings(notebook) -> dict[str, float]:
    """Seconds spent in chart cells (tagged nbval-ignore-output) and in the other cells (queries and tables),
    from the execution timestamps nbclient records in each cell's metadata."""
    import datetime as dt

    out = {"cells: charts": 0.0, "cells: queries and tables": 0.0}
    for cell in notebook.cells:
        timing = cell.get("metadata", {}).get("execution", {})
        if "iopub.execute_input" not in timing or "shell.execute_reply" not in timing:
            continue
        began = dt.datetime.fromisoformat(timing["iopub.execute_input"].replace("Z", "+00:00"))
        ended = dt.datetime.fromisoformat(timing["shell.execute_reply"].replace("Z", "+00:00"))
        key = "cells: charts" if "nbval-ignore-output" in cell.metadata.get("tags", []) else "cells: queries and tables"
        out[key] += (ended - began).total_seconds()
    return out


def run_job(job: Job, paths: Paths, kernel_name: str = "python3") -> Outcome:
    """Execute one notebook with papermill and write its executed copy and HTML."""
    import time

    import nbformat
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
        timings = cell_timings(notebook)
        _write_outputs(notebook, job, paths, timings)
        return Outcome(job, True, seconds=time.perf_counter() - start, timings=timings)
    except Exception as exc:  # noqa: BLE001 - one failing report must not stop the batch
        message = ANSI.sub("", str(exc)).strip().splitlines()
        return Outcome(
            job, False, error=" ".join(message[-3:]) if message else repr(exc), seconds=time.perf_counter() - start
        )


# -- warm-kernel workers ------------------------------------------------------------------------------------

_WORKER: dict[str, object] = {}


def _worker_start(root: str, sockets: str) -> None:
    import multiprocessing.util
    import time

    from .blocks import REPORT_MODE_ENV
    from .kernels import WarmKernel

    start = time.perf_counter()
    paths = Paths(Path(root))
    env = {REPORT_MODE_ENV: "html", "ANALYTICS_ROOT": root}
    _WORKER["paths"] = paths
    _WORKER["kernel"] = WarmKernel(paths.root / "notebooks", env=env, sockets_parent=Path(sockets))
    # A normal exit closes the kernel (multiprocessing's finalizers; atexit does not run in pool workers). A
    # terminated worker cannot: its kernel exits on its own when its parent dies (ipykernel's parent poller)
    # and the main process removes the folder of sockets and connection files (render_parallel).
    multiprocessing.util.Finalize(_WORKER["kernel"], _WORKER["kernel"].close, exitpriority=10)
    try:
        _WORKER["kernel"].wait_ready()
    except Exception:  # noqa: BLE001 - an initializer that raises makes the pool respawn workers forever;
        pass  # a kernel that never answers fails (and is restarted by) the first report instead
    _WORKER["start_seconds"] = time.perf_counter() - start


def _worker_run(job: Job) -> Outcome:
    import time

    start = time.perf_counter()
    paths = _WORKER["paths"]
    kernel = _WORKER["kernel"]
    # the worker's start-up (kernel start, imports) is counted once, on its first report
    timings = {"worker and kernel start": _WORKER.pop("start_seconds", 0.0)}
    try:
        try:
            notebook = kernel.run(paths.root / "notebooks" / f"{job.notebook}.ipynb", job.parameters)
        except Exception as exc:  # noqa: BLE001 - a failing notebook is reported, the batch goes on
            lines = [ln for ln in ANSI.sub("", str(exc)).strip().splitlines() if ln.strip()]
            return Outcome(job, False, error=" ".join(lines[-2:]) or repr(exc), seconds=time.perf_counter() - start)
        executed = time.perf_counter() - start
        cells = cell_timings(notebook)
        timings.update(cells)
        timings["kernel start-up, messaging and reset"] = max(0.0, executed - sum(cells.values()))
        _write_outputs(notebook, job, paths, timings)
        seconds = time.perf_counter() - start
        timings["writing the notebook"] = max(0.0, seconds - executed - timings["html export"])
        return Outcome(job, True, seconds=seconds, timings=timings)
    except Exception as exc:  # noqa: BLE001
        return Outcome(job, False, error=repr(exc), seconds=time.perf_counter() - start)


STOP_GRACE_SECONDS = 15


def _kill_children() -> None:
    import multiprocessing

    for process in multiprocessing.active_children():
        process.kill()


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
    pool = None
    sockets = tempfile.mkdtemp(prefix="analytics-kernels-")  # every worker's kernel files, removed here at the end
    try:
        pool = ctx.Pool(min(workers, len(todo)), initializer=_worker_start, initargs=(str(paths.root), sockets))
        for outcome in pool.imap_unordered(_worker_run, todo):
            outcomes[outcome.job.name] = outcome
            if progress:
                progress(outcome)
        pool.close()  # workers exit normally and close their kernels
    except BaseException:  # interrupted (SIGTERM, Ctrl-C) or failed: stop every worker now
        # terminate() first: it drains the task queue, then sends SIGTERM to each worker (its kernel exits with it,
        # ipykernel's parent poller). Killing workers before it could kill an idle one while it holds the queue's
        # lock, and terminate() then waits for that lock for ever (seen under load: SIGTERM not obeyed in 60 s).
        # A worker that outlives the SIGTERM is killed after a grace period.
        watchdog = threading.Timer(STOP_GRACE_SECONDS, _kill_children)
        watchdog.daemon = True
        watchdog.start()
        try:
            if pool is not None:
                pool.terminate()
            _kill_children()  # a worker of a pool interrupted while it started
        finally:
            watchdog.cancel()
        raise
    finally:
        if pool is not None:
            pool.join()
        shutil.rmtree(sockets, ignore_errors=True)
    return [outcomes[j.name] for j in todo]


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


# -- what was rendered from what ----------------------------------------------------------------------------


def load_state(paths: Paths) -> dict[str, dict]:
    try:
        return json.loads((paths.reports / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


# The file stems this tool renders (report.inputs.report_name), with or without the list year of older versions.
RENDERED_NAME = re.compile(r"(?:district-\d{6}|item-(?:\d{6}-)?[0-9A-Za-z]+|overview(?:-\d{6})?)(?:-\d{4})?")


def rendered_on_disk(paths: Paths) -> set[str]:
    """The names of the reports on disk that this tool rendered, whether or not the state file knows them: a
    report whose render failed, or that was rendered while its list was removed, is no longer in the state."""
    found = {p.stem for p in paths.reports.glob("*.html")}
    found |= {p.stem for p in (paths.reports / "notebooks").glob("*.ipynb")}
    found |= {p.name.split("--", 1)[0] for p in (paths.reports / DATA_DIR).glob("*--*.csv")}
    return {name for name in found if RENDERED_NAME.fullmatch(name)}


def remove_orphans(paths: Paths, state: dict[str, dict], all_jobs: list[Job]) -> None:
    """Remove the reports this tool rendered (in the state file, or on disk under a name it gives) that no longer
    stand for anything in the database: a removed document's, or one under an older name. Other files are left."""
    current = {j.name for j in all_jobs}
    for name in sorted((set(state) | rendered_on_disk(paths)) - current):
        (paths.reports / f"{name}.html").unlink(missing_ok=True)
        (paths.reports / "notebooks" / f"{name}.ipynb").unlink(missing_ok=True)
        for data in chart_data_files(paths, name):
            data.unlink(missing_ok=True)
        state.pop(name, None)


def save_state(paths: Paths, state: dict[str, dict]) -> None:
    target = paths.reports / STATE_FILE
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, target)


def with_inputs(paths: Paths, todo: list[Job]) -> list[Job]:
    """The jobs with the record of their inputs attached (one database connection, one code hash)."""
    code, reference, notebooks = code_version(), reference_version(paths.reference), paths.root / "notebooks"
    with duckdb.connect(str(paths.database), read_only=True) as con:
        scopes = Scopes(con) if len(todo) > 1 else None
        return [
            replace(
                j,
                inputs=report_inputs(
                    con, notebooks / f"{j.notebook}.ipynb", j.parameters, code=code, reference=reference, scopes=scopes
                ),
            )
            for j in todo
        ]


def is_current(job: Job, state: dict[str, dict], paths: Paths) -> bool:
    entry = state.get(job.name)
    return (
        entry is not None
        and job.inputs is not None
        and entry.get("fingerprint") == fingerprint(job.inputs)
        and (paths.reports / f"{job.name}.html").exists()
    )


def write_index(paths: Paths, all_jobs: list[Job], result: RenderResult) -> None:
    """The landing page (report.landing): per list year, latest first, the year's answer and every list grouped by
    province and by the list it takes up, linking to every report on disk (rendered now or before); this run's
    failures are named."""
    from .landing import landing_page

    failed = {o.job.name: o.error or "" for o in result.failed}
    existing = {j.name for j in all_jobs if (paths.reports / f"{j.name}.html").exists() and j.name not in failed}
    with duckdb.connect(str(paths.database), read_only=True) as con, _report_environment(paths):
        page = landing_page(con, all_jobs, existing, failed)
    (paths.reports / "index.html").write_text(page, encoding="utf-8")


@contextlib.contextmanager
def _report_environment(paths: Paths):
    """HTML mode and the project root for kernels started meanwhile; the caller's environment is left as it was
    (a notebook run later in the same process, e.g. by nbval, must not inherit report mode)."""
    from .blocks import REPORT_MODE_ENV

    saved = {k: os.environ.get(k) for k in (REPORT_MODE_ENV, "ANALYTICS_ROOT")}
    os.environ.update({REPORT_MODE_ENV: "html", "ANALYTICS_ROOT": str(paths.root)})
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def render_all(
    paths: Paths,
    selected: list[Job] | None = None,
    progress: Callable[[Outcome], None] | None = None,
    workers: int | None = None,
    sequential: bool = False,
    force: bool = False,
    planned: Callable[[int], None] | None = None,
) -> RenderResult:
    """Render the jobs whose inputs changed (all with `force`). Default: warm kernels on parallel workers;
    `sequential`: one papermill run each. The index lists every report on disk, not only this run's."""
    paths.reports.mkdir(parents=True, exist_ok=True)
    all_jobs = jobs(paths.database)
    todo = with_inputs(paths, selected if selected is not None else all_jobs)
    state = load_state(paths)
    result = RenderResult()
    stale = []
    for job in todo:
        if not force and is_current(job, state, paths):
            result.outcomes.append(Outcome(job, True, skipped=True))
        else:
            stale.append(job)
    if planned:
        planned(len(stale))
    if stale or not all((paths.reports / a).exists() for a in (PLOTLY_JS, STYLESHEET)):
        write_assets(paths.reports)
    if sequential:
        with _report_environment(paths):  # inherited by the kernels papermill starts, then restored
            for job in stale:
                outcome = run_job(job, paths)
                result.outcomes.append(outcome)
                if progress:
                    progress(outcome)
    else:
        result.outcomes += render_parallel(paths, stale, workers or default_workers(), progress)
    for outcome in result.outcomes:
        if outcome.ok and not outcome.skipped:
            state[outcome.job.name] = {
                "fingerprint": fingerprint(outcome.job.inputs),
                "inputs": outcome.job.inputs,
                "seconds": round(outcome.seconds, 3),
                "timings": {k: round(v, 3) for k, v in outcome.timings.items()},
            }
        elif not outcome.ok:
            state.pop(outcome.job.name, None)
    remove_orphans(paths, state, all_jobs)
    save_state(paths, state)
    order = {j.name: i for i, j in enumerate(todo)}
    result.outcomes.sort(key=lambda o: order[o.job.name])
    known = {j.name for j in all_jobs}
    listed = all_jobs + [o.job for o in result.outcomes if o.job.name not in known]
    write_index(paths, listed, result)
    return result
