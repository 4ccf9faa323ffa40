"""A warm kernel killed while a cell runs silently is noticed within seconds and the report run again."""

from __future__ import annotations

import threading
import time

import nbformat
import psutil

from analytics.report.kernels import WarmKernel


def test_a_kernel_killed_during_a_silent_cell_is_noticed_and_the_notebook_run_again(tmp_path):
    nb = nbformat.v4.new_notebook()
    # the first run sleeps without output (nothing arrives on the output channel while it waits); the rerun does not
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import pathlib, time\nm = pathlib.Path('marker')\nfirst = not m.exists()\nm.touch()\n"
            "time.sleep(60 if first else 0)\n'done'"
        )
    ]
    path = tmp_path / "sleepy.ipynb"
    nbformat.write(nb, path)
    kernel = WarmKernel(tmp_path, sockets_parent=tmp_path)
    try:
        kernel.wait_ready()
        victim = kernel.km.provisioner.process.pid

        def kill_when_sleeping() -> None:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not (tmp_path / "marker").exists():
                time.sleep(0.1)
            time.sleep(1)
            psutil.Process(victim).kill()

        threading.Thread(target=kill_when_sleeping, daemon=True).start()
        done: list = []
        # in a thread: without the watch, the wait never ends (it did, by hand: killed after 15 minutes)
        runner = threading.Thread(target=lambda: done.append(kernel.run(path, {}, timeout=120)), daemon=True)
        runner.start()
        runner.join(timeout=45)
        assert done, "the dead kernel was not noticed within 45 s"
        result = done[0]
        assert kernel.km.provisioner.process.pid != victim  # a fresh kernel ran it again
        assert "done" in str(result.cells[-1].outputs)
    finally:
        kernel.close()
