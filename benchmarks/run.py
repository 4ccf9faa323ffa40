"""Benchmark: database build (real and generated corpus) and report rendering, ours versus the naive loop.

    make bench            # or: .venv/bin/python benchmarks/run.py [--reports N]

The naive loop is what one would write first: per report, the `papermill` CLI, then the
`jupyter nbconvert --to html` CLI, one after another. Ours is `analytics reports` (warm kernels on parallel
workers, in-process HTML export). Both render the same notebooks with the same parameters. Each step runs as
a subprocess; wall time is measured around it and peak memory is the largest resident set of its whole
process tree (kernels included), sampled every 20 ms.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(HERE))

from corpus import generate  # noqa: E402

from analytics.report.render import jobs  # noqa: E402


class TreeMemory:
    """Samples the resident memory of a process and all its descendants until stopped; keeps the peak."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._done.is_set():
            try:
                tree = [root, *root.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.02)

    def stop(self) -> int:
        self._done.set()
        self._thread.join()
        return self.peak


def measure(commands: list[list[str]], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """(seconds, peak MiB) for running the commands one after another."""
    peak = 0
    start = time.perf_counter()
    for command in commands:
        proc = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        memory = TreeMemory(proc.pid)
        _, err = proc.communicate()
        peak = max(peak, memory.stop())
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{err.decode(errors='replace')[-2000:]}")
    return time.perf_counter() - start, peak / 2**20


def project_copy(target: Path) -> Path:
    for sub in ("data/raw", "data/reference", "notebooks"):
        shutil.copytree(REPO / sub, target / sub)
    (target / "data" / "processed").mkdir(parents=True)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=0, help="render only the first N reports (0: all)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="analytics-bench-"))
    rows = []
    try:
        real = project_copy(work / "real")
        env = {**os.environ, "ANALYTICS_ROOT": str(real)}
        analytics = str(BIN / "analytics")
        seconds, mib = measure([[analytics, "build"]], env, real)
        rows.append(("database build, real corpus (5 documents)", seconds, mib))

        generated = work / "generated"
        count = generate(generated)
        genv = {**os.environ, "ANALYTICS_ROOT": str(generated)}
        seconds, mib = measure([[analytics, "build"]], genv, generated)
        rows.append((f"database build, generated corpus ({count} documents)", seconds, mib))

        todo = jobs(real / "data" / "processed" / "livelihood.duckdb")
        if args.reports:
            todo = todo[: args.reports]
        names = [j.name for j in todo]
        only = [arg for name in names for arg in ("--only", name)]
        ours, ours_mib = measure([[analytics, "reports", *only]], env, real)

        naive_dir = work / "naive"
        naive_dir.mkdir()
        naive_env = {**env, "ANALYTICS_REPORT_MODE": "html"}
        commands = []
        for job in todo:
            out = naive_dir / f"{job.name}.ipynb"
            params = [arg for k, v in job.parameters.items() for arg in ("-p", k, v)]
            commands.append(
                [
                    str(BIN / "papermill"),
                    str(real / "notebooks" / f"{job.notebook}.ipynb"),
                    str(out),
                    "-k",
                    "python3",
                    "--no-progress-bar",
                    "--cwd",
                    str(real / "notebooks"),
                    *params,
                ]
            )
            commands.append(
                [
                    str(BIN / "jupyter"),
                    "nbconvert",
                    "--to",
                    "html",
                    "--no-input",
                    str(out),
                    "--output-dir",
                    str(naive_dir),
                ]
            )
        naive, naive_mib = measure(commands, naive_env, real)
        rows.append((f"reports, naive loop (papermill CLI + nbconvert CLI, {len(todo)} reports)", naive, naive_mib))
        rows.append((f"reports, analytics reports ({len(todo)} reports)", ours, ours_mib))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    width = max(len(r[0]) for r in rows)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"{'step'.ljust(width)}  {'seconds':>8}  {'peak MiB':>9}")
    for name, seconds, mib in rows:
        print(f"{name.ljust(width)}  {seconds:8.2f}  {mib:9.0f}")
    print(f"per report: naive {naive / len(todo):.2f} s, ours {ours / len(todo):.2f} s")
    print(f"speedup: {naive / ours:.1f}x")


if __name__ == "__main__":
    main()
