"""Warm kernels: execute many notebooks in one kernel per worker, instead of a new kernel per report.

Most of a report's cost in the naive loop is starting a kernel and importing pandas, plotly and duckdb. A
worker here starts one kernel, keeps it, clears the user namespace between notebooks (imported modules stay
cached) and numbers execution counts as a fresh kernel would, so the executed notebook is the same as a
sequential papermill run's.
"""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from jupyter_client import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

RESET = "%reset -f"
SOCKET_PATH_LIMIT = 100  # bytes, leaving room for the "-N" port suffix jupyter_client appends
RESET_TIMEOUT = 30  # seconds; a kernel that does not answer a reset is taken for dead and restarted
OUTPUT_POLL_SECONDS = 1.0  # how often a wait for a cell's output looks whether the kernel is still alive


class WarmKernel:
    def __init__(
        self,
        cwd: Path,
        env: dict[str, str] | None = None,
        kernel_name: str = "python3",
        sockets_parent: Path | None = None,
    ) -> None:
        self.cwd = cwd
        self.kernel_name = kernel_name
        self.env = {**os.environ, **(env or {})}
        # IPC sockets and the connection file in a directory of this worker's own: kernels started at the same
        # moment by parallel workers cannot pick the same TCP ports (a race that kills one of them at start-up),
        # and one rmtree removes every file the kernel leaves.
        self._sockets = tempfile.mkdtemp(prefix="w", dir=sockets_parent)
        ipc = os.path.join(self._sockets, "k")
        # a Unix socket path has at most 107 bytes: under a long TMPDIR, TCP on loopback instead
        transport = {"transport": "ipc", "ip": ipc} if len(ipc.encode()) <= SOCKET_PATH_LIMIT else {}
        self.km = KernelManager(
            kernel_name=kernel_name, connection_file=os.path.join(self._sockets, "kernel.json"), **transport
        )
        self.km.start_kernel(cwd=str(cwd), env=self.env, stderr=subprocess.DEVNULL)
        self.kc = None
        self._closed = False

    def wait_ready(self, timeout: int = 120) -> None:
        """Block until the kernel answers, so that start-up is counted as start-up, not as the first report."""
        if self.kc is None:
            self.kc = self.km.client()
            self.kc.start_channels()
        self.kc.wait_for_ready(timeout=timeout)

    def run(self, path: Path, parameters: dict[str, object], timeout: int = 600):
        """Execute a parameterised copy of the notebook; raises nbclient's CellExecutionError on failure.

        A kernel that died (not a notebook error) is restarted and the notebook run once more.
        """
        try:
            return self._run(path, parameters, timeout)
        except DeadKernelError:
            if self.kc is not None:
                self.kc.stop_channels()
            self.kc = None
            self.km.restart_kernel(now=True)
            return self._run(path, parameters, timeout)

    def _run(self, path: Path, parameters: dict[str, object], timeout: int):
        nb = load_notebook_node(str(path))  # as papermill loads it (cell tags, papermill metadata)
        if parameters:
            nb = parameterize_notebook(nb, parameters, kernel_name=self.kernel_name, language="python")
        if self.kc is not None:
            # a kernel killed between two reports would leave this call waiting for its full timeout
            if not self.km.is_alive():
                raise DeadKernelError("the kernel died between two reports")
            try:
                self.kc.execute_interactive(RESET, silent=True, store_history=False, timeout=RESET_TIMEOUT)
            except TimeoutError:
                raise DeadKernelError("the kernel did not answer a reset") from None
        if self.kc is None:  # after a restart: a client of our own, so that its output channel is watched too
            self.kc = self.km.client()
            self.kc.start_channels()
            self.kc.wait_for_ready(timeout=120)
        self._watch_output(self.kc)
        client = NotebookClient(
            nb,
            km=self.km,
            kernel_name=self.kernel_name,
            timeout=timeout,
            resources={"metadata": {"path": str(self.cwd)}},
        )
        client.kc = self.kc
        try:
            client.execute()
        finally:
            self.kc = client.kc
            count = 0
            for cell in nb.cells:  # as a fresh kernel would number them
                if cell.cell_type == "code" and cell.get("execution_count") is not None:
                    count += 1
                    cell.execution_count = count
                    for output in cell.get("outputs", []):
                        if "execution_count" in output:
                            output["execution_count"] = count
        return nb

    def _watch_output(self, kc) -> None:
        """nbclient waits on its client's channels for a cell's reply (up to the cell timeout) and output (without
        limit), and with this blocking client each wait holds its event loop, so its own check that the kernel
        is alive cannot run: a kernel killed meanwhile was noticed only at the timeout, or never. Every wait is
        cut into one-second slices, each followed by a look at the kernel."""
        for channel in (kc.shell_channel, kc.iopub_channel):
            if not getattr(channel, "_analytics_watched", False):
                channel.get_msg = self._sliced(channel.get_msg)
                channel._analytics_watched = True

    def _sliced(self, wait):
        def get_msg(timeout: float | None = None, **kwargs):
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                left = OUTPUT_POLL_SECONDS
                if deadline is not None:
                    left = min(left, deadline - time.monotonic())
                try:
                    return wait(timeout=max(left, 0), **kwargs)
                except queue.Empty:
                    if not self.km.is_alive():
                        raise DeadKernelError("the kernel died during a report") from None
                    if deadline is not None and time.monotonic() >= deadline:
                        raise

        return get_msg

    def close(self) -> None:
        """Stop the kernel and remove its sockets and connection file; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        try:
            if self.kc is not None:
                self.kc.stop_channels()
            self.km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001 - a dead kernel still has files to clean up
            self.km.cleanup_resources()
        finally:
            shutil.rmtree(self._sockets, ignore_errors=True)
