"""Shared fixtures: a private copy of the project's data, built once per test session.

The session's copy is also what ANALYTICS_ROOT points at, so the notebooks that nbval runs read the database
the tests built, not whatever lies in data/processed/.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import duckdb
import pytest
from hypothesis import settings

from analytics.database.build import build
from analytics.paths import Paths

# The scheduled deep run: ORACLE_SCALE=20 (DEEP=1 means the same) multiplies the generated examples, hierarchies
# and repeated trials by twenty, fresh random ones, and opens every report afresh at every width; a normal run
# keeps them few and the same each run (README, "Testing").
SCALE = int(os.environ.get("ORACLE_SCALE") or (20 if os.environ.get("DEEP") == "1" else 1))
DEEP = SCALE > 1

# No time limit per generated example: these machines are shared and noisy (a fresh-clone run failed one example
# at 393 ms against hypothesis's default 200 ms while the same example takes 12 ms); performance is measured by
# `make bench`, not by tests.
settings.register_profile("project", deadline=None)
settings.register_profile("deep", deadline=None, max_examples=100 * SCALE)
settings.load_profile("deep" if DEEP else "project")

REPO = Path(__file__).resolve().parents[1]
# Reports rendered once per session for the report and browser tests (one of each notebook, two districts).
REPORT_SUBSET = (
    "overview-500000-2026",
    "district-500237-2026",
    "district-500114-2026",
    "item-500000-09-2026",
    "item-500000-02-2026",
)
_SESSION: dict[str, object] = {}


def copy_project(target: Path) -> Paths:
    """A throw-away project root with the repository's raw and reference data and notebooks."""
    for sub in ("data/raw", "data/reference", "notebooks"):
        shutil.copytree(REPO / sub, target / sub)
    (target / "data" / "processed").mkdir(parents=True, exist_ok=True)
    return Paths(target)


def pytest_configure(config: pytest.Config) -> None:
    if getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput"):
        return  # the pytest-xdist controller runs no test: each worker builds its own session copy
    if hasattr(config, "workerinput"):  # an xdist worker is given the terminal's COLUMNS: the CLI's Rich output
        os.environ.pop("COLUMNS", None)  # would wrap at it, unlike in a serial run or a pipe
    root = Path(tempfile.mkdtemp(prefix="analytics-session-"))
    paths = copy_project(root)
    _SESSION["paths"] = paths
    _SESSION["result"] = build(paths)
    os.environ["ANALYTICS_ROOT"] = str(root)


def pytest_unconfigure(config: pytest.Config) -> None:
    paths = _SESSION.get("paths")
    if isinstance(paths, Paths):
        shutil.rmtree(paths.root, ignore_errors=True)


@pytest.fixture(scope="session")
def built():
    return _SESSION["paths"], _SESSION["result"]


@pytest.fixture(scope="session")
def con(built) -> duckdb.DuckDBPyConnection:
    paths, _ = built
    connection = duckdb.connect(str(paths.database), read_only=True)
    yield connection
    connection.close()


@pytest.fixture
def project(tmp_path: Path) -> Paths:
    return copy_project(tmp_path)


@pytest.fixture(scope="session")
def rendered(built):
    from analytics.database.release import write_release
    from analytics.report.data_page import write_data_page
    from analytics.report.render import default_workers, jobs, render_all

    paths, _ = built
    subset = [j for j in jobs(paths.database) if j.name in REPORT_SUBSET]
    result = render_all(paths, subset, workers=max(2, default_workers()))
    write_release(paths.database, paths.reports, paths.root)  # as `analytics reports` does: every page links to it
    write_data_page(paths.database, paths.reports)
    return paths, result


@pytest.fixture(scope="session")
def site(rendered):
    """Every report of the session's database, rendered once per session (the subset is already rendered; the rest
    are added): for the browser tests and for what compares other renders with the session's."""
    from analytics.report.render import default_workers, render_all

    paths, _ = rendered
    result = render_all(paths, workers=max(2, default_workers()))  # warm kernels in parallel (test_reports)
    assert not result.failed, [(o.job.name, o.error) for o in result.failed]
    return paths


def normalised_outputs(path):
    """An executed notebook's cells and outputs with dates, times and plotly's random ids masked."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    volatile = re.compile(
        r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?(\+00:00| UTC)?|\d{4}-\d{2}-\d{2}"
        r"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    )
    cells = []
    for cell in nb.cells:
        outputs = []
        for out in cell.get("outputs", []):
            data = {k: volatile.sub("X", v if isinstance(v, str) else str(v)) for k, v in out.get("data", {}).items()}
            outputs.append((out["output_type"], out.get("text", ""), data, out.get("execution_count")))
        cells.append((cell.cell_type, cell.source, cell.get("execution_count"), outputs))
    return cells


# Debian's chromium for the browser tests (tests/test_browser.py, tests/test_jupyterlab.py), started as the
# project's guide says; those modules skip without it, never in CI.
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium(what: str) -> None:
    """Skip the calling test module without chromium; in CI its absence is an error."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            raise RuntimeError(f"CI must run {what}: install chromium (see .ci/run)")
        pytest.skip("no chromium on this machine (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield b
        b.close()
