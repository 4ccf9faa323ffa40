"""Benchmark: database build, report rendering against the naive loop, the site at scale, incremental runs.

    make bench            # or: .venv/bin/python benchmarks/run.py [--reports N] [--skip-naive]

The naive loop is what one would write first: per report, the `papermill` CLI, then the
`jupyter nbconvert --to html` CLI, one after another. Ours is `analytics reports` (warm kernels on parallel
workers, in-process HTML export). Both render the same notebooks with the same parameters. Each step runs as
a subprocess; wall time is measured around it and peak memory is the largest resident set of its whole
process tree (kernels included), sampled every 20 ms.

Scale: the whole site of the generated corpus (benchmarks/corpus.py), rendered at growing sizes, with where
the time goes (from the per-report timings `analytics reports` records in reports/.render-state.json).
Incremental: `analytics build && analytics reports` again with nothing changed, and after adding one
district's list (only its report, the item pages it takes up and the overview are rendered again).
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

import json  # noqa: E402

from corpus import generate, large_list, national  # noqa: E402

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


def scale_rows(generated: Path, env: dict[str, str]) -> tuple[list[tuple], dict[str, float]]:
    """Render the generated site at growing sizes (each from scratch); the breakdown of the largest run."""
    analytics = str(BIN / "analytics")
    names = [j.name for j in jobs(generated / "data" / "processed" / "livelihood.duckdb")]
    sizes = sorted({min(19, len(names)), len(names) // 2, len(names)})
    rows = []
    for size in sizes:
        only = [arg for name in names[:size] for arg in ("--only", name)]
        seconds, mib = measure([[analytics, "reports", "--force", *only]], env, generated)
        rows.append((size, seconds, mib))
    state = json.loads((generated / "reports" / ".render-state.json").read_text(encoding="utf-8"))
    breakdown: dict[str, float] = {}
    for entry in state.values():
        for key, value in entry.get("timings", {}).items():
            breakdown[key] = breakdown.get(key, 0.0) + value
    return rows, breakdown


def incremental_rows(real: Path, generated: Path, env: dict[str, str]) -> list[tuple[str, float, int]]:
    """Seconds and reports rendered for a second run with nothing changed, and after adding one list."""
    analytics = str(BIN / "analytics")
    out = []

    def run(label: str) -> None:
        start = time.perf_counter()
        subprocess.run([analytics, "build"], env=env, cwd=real, check=True, capture_output=True)
        before = json.loads((real / "reports" / ".render-state.json").read_text(encoding="utf-8"))
        subprocess.run([analytics, "reports"], env=env, cwd=real, check=True, capture_output=True)
        seconds = time.perf_counter() - start
        after = json.loads((real / "reports" / ".render-state.json").read_text(encoding="utf-8"))
        rendered = sum(1 for k, v in after.items() if before.get(k, {}).get("fingerprint") != v["fingerprint"])
        out.append((label, seconds, rendered))

    run("second run, nothing changed (build + reports)")
    new = next(p for p in sorted((generated / "data" / "raw").glob("500103-2026-*")))
    subprocess.run(
        [analytics, "add", str(new), "--jurisdiction", "500103", "--year", "2026"],
        env=env,
        cwd=real,
        check=True,
        capture_output=True,
    )
    run("after adding one district's list (build + reports)")
    return out


LARGE_SIZES = (5_000, 40_000, 120_000)  # items in one list; 40,000 ≈ 17 MB, 120,000 ≈ 51 MB (issue 14.10)


def large_document_rows(work: Path, analytics: str, base_mib: float) -> list[tuple[int, float, float, float]]:
    """(items, input MB, seconds, peak MiB) for building the real corpus plus one very long list; time should
    grow linearly with the input, and memory above the real corpus's build (`base_mib`) stay near 10× it."""
    out = []
    for items in LARGE_SIZES:
        root = project_copy(work / f"large-{items}")
        source = work / f"large-{items}.txt"
        source.write_text(large_list(items), encoding="utf-8")
        env = {**os.environ, "ANALYTICS_ROOT": str(root)}
        add = [analytics, "add", str(source), "--jurisdiction", "500101", "--year", "2026"]
        subprocess.run(add, env=env, cwd=root, check=True, stdout=subprocess.DEVNULL)
        seconds, mib = measure([[analytics, "build"]], env, root)
        out.append((items, source.stat().st_size / 1e6, seconds, mib))
        shutil.rmtree(root, ignore_errors=True)
    return out


def print_large(large: list[tuple[int, float, float, float]], base_mib: float) -> None:
    print(f"\none very long list (Wushan's rows repeated), built with the real corpus (base {base_mib:.0f} MiB)")
    print(f"{'items':>8}  {'input MB':>8}  {'seconds':>8}  {'s / MB':>7}  {'peak MiB':>9}  {'above base / MB':>15}")
    for items, mb, seconds, mib in large:
        above = (mib - base_mib) / mb
        print(f"{items:8d}  {mb:8.1f}  {seconds:8.2f}  {seconds / mb:7.2f}  {mib:9.0f}  {above:14.1f}x")


def national_bench(sample: int) -> None:
    """Issue 24's national corpus: build time and peak memory; a sample of each kind of report (district profiles,
    item pages, comparison pages) rendered, from which the whole site's time follows (the rate per kind, the
    render being linear); the landing page's size; and an unchanged re-run, with what it costs to fingerprint
    every report of the site (the part of a re-run that grows with the site)."""
    import json
    import statistics

    from analytics.paths import Paths
    from analytics.report.render import default_workers, with_inputs

    work = Path(tempfile.mkdtemp(prefix="analytics-national-"))
    try:
        root = work / "national"
        count = national(root)
        env = {**os.environ, "ANALYTICS_ROOT": str(root)}
        analytics = str(BIN / "analytics")
        build_s, build_mib = measure([[analytics, "build"]], env, root)
        all_jobs = jobs(root / "data" / "processed" / "livelihood.duckdb")
        kinds = {"district": sample, "item": max(1, sample // 2), "overview": max(1, sample // 4)}
        chosen = [j for kind, n in kinds.items() for j in [j for j in all_jobs if j.group == kind][:n]]
        only = [arg for job in chosen for arg in ("--only", job.name)]
        render_s, render_mib = measure([[analytics, "reports", *only]], env, root)
        state = json.loads((root / "reports" / ".render-state.json").read_text(encoding="utf-8"))
        per_kind = {
            kind: statistics.mean(state[j.name]["seconds"] for j in chosen if j.group == kind and j.name in state)
            for kind in kinds
        }
        sizes = {
            kind: statistics.mean(
                (root / "reports" / f"{j.name}.html").stat().st_size for j in chosen if j.group == kind
            )
            for kind in kinds
        }
        totals = {kind: sum(1 for j in all_jobs if j.group == kind) for kind in kinds}
        workers = default_workers()
        site_s = sum(totals[k] * per_kind[k] for k in kinds) / workers
        landing = (root / "reports" / "index.html").stat().st_size
        again_s, _ = measure([[analytics, "build"], [analytics, "reports", *only]], env, root)
        start = time.perf_counter()
        with_inputs(Paths(root), all_jobs)
        fingerprints_s = time.perf_counter() - start
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"machine: {os.cpu_count()} cores ({workers} render workers), Python {sys.version.split()[0]}")
    print(f"national corpus: {count} lists, {len(all_jobs)} reports in its site " + ", ".join(
        f"{totals[k]:,} {k}" for k in kinds))
    print(f"database build: {build_s:.1f} s, peak {build_mib:.0f} MiB")
    print(f"sample of {len(chosen)} reports rendered in {render_s:.1f} s wall with the data release written, "
          f"peak {render_mib:.0f} MiB")
    for kind in kinds:
        print(f"  {kind:9s} {per_kind[kind]:.2f} s per report on one worker ({per_kind[kind] / workers:.2f} s wall "
              f"on {workers}), {sizes[kind] / 2**10:.0f} KiB a page")
    print(f"the whole site at those rates: {site_s / 60:.0f} min "
          f"(district profiles alone: {totals['district'] * per_kind['district'] / workers / 60:.0f} min)")
    print(f"landing page (every report of the site listed, grouped by province): {landing / 2**20:.2f} MB")
    print(f"unchanged re-run (build check + reports of the sample, landing page, release check): {again_s:.1f} s")
    print(f"fingerprints of all {len(all_jobs):,} reports (what a re-run of the whole site adds): "
          f"{fingerprints_s:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=0, help="render only the first N reports (0: all)")
    parser.add_argument("--skip-naive", action="store_true", help="leave out the naive loop (the slowest part)")
    parser.add_argument("--large-only", action="store_true", help="only the very long list's build")
    parser.add_argument(
        "--national",
        type=int,
        nargs="?",
        const=60,
        default=None,
        metavar="REPORTS",
        help="only the national corpus (every division of China with a list): its build, and REPORTS of its "
        "reports rendered (default 60) to measure the rate",
    )
    args = parser.parse_args()
    if args.national is not None:
        national_bench(args.national)
        return
    work = Path(tempfile.mkdtemp(prefix="analytics-bench-"))
    rows = []
    naive = None
    try:
        real = project_copy(work / "real")
        env = {**os.environ, "ANALYTICS_ROOT": str(real)}
        analytics = str(BIN / "analytics")
        seconds, mib = measure([[analytics, "build"]], env, real)
        rows.append(("database build, real corpus (5 documents)", seconds, mib))
        base_mib = mib
        large = large_document_rows(work, analytics, base_mib)
        if args.large_only:
            print_large(large, base_mib)
            return

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

        if not args.skip_naive:
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
        scale, breakdown = scale_rows(generated, genv)
        incremental = incremental_rows(real, generated, env) if not args.reports else []
    finally:
        shutil.rmtree(work, ignore_errors=True)

    width = max(len(r[0]) for r in rows)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"{'step'.ljust(width)}  {'seconds':>8}  {'peak MiB':>9}")
    for name, seconds, mib in rows:
        print(f"{name.ljust(width)}  {seconds:8.2f}  {mib:9.0f}")
    if naive is not None:
        print(f"per report: naive {naive / len(todo):.2f} s, ours {ours / len(todo):.2f} s")
        print(f"speedup: {naive / ours:.1f}x")

    print("\nscale: the generated corpus's site, rendered from scratch (analytics reports --force)")
    print(f"{'reports':>8}  {'seconds':>8}  {'s/report':>9}  {'reports/s':>9}  {'peak MiB':>9}")
    for size, seconds, mib in scale:
        print(f"{size:8d}  {seconds:8.2f}  {seconds / size:9.3f}  {size / seconds:9.2f}  {mib:9.0f}")
    total = sum(breakdown.values())
    print(f"\nwhere the time goes in the largest run (summed over workers: {total:.1f} s)")
    for key, value in sorted(breakdown.items(), key=lambda kv: -kv[1]):
        print(f"  {key.ljust(38)} {value:8.2f} s  {value / total:6.1%}")

    print_large(large, base_mib)

    if incremental:
        print("\nincremental (real corpus)")
        for label, seconds, rendered in incremental:
            print(f"  {label.ljust(52)} {seconds:6.2f} s, {rendered} report(s) rendered")


if __name__ == "__main__":
    main()
