"""Cost per user cell of the run probe's pre/post_run_cell hooks.

Every Python kernel the extension meets carries jupyterlab_runlog/_run_probe.py
(it measures each cell for the run's context), whether capture is on or not,
so its hooks must cost next to nothing. This times a trivial cell in an
IPython shell without and then with the probe loaded.

    .venv/bin/python benchmarks/probe_hooks.py [cells]
"""

import statistics
import sys
import time
from pathlib import Path

from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config

PROBE = Path(__file__).resolve().parents[1] / "jupyterlab_runlog" / "_run_probe.py"


def per_cell_microseconds(shell, cells):
    start = time.perf_counter()
    for _ in range(cells):
        shell.run_cell("x = 1", store_history=True)
    return (time.perf_counter() - start) / cells * 1e6


def main():
    cells = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    config = Config()
    config.HistoryManager.hist_file = ":memory:"
    shell = InteractiveShell.instance(config=config)
    per_cell_microseconds(shell, cells // 4)  # warm-up
    off = [per_cell_microseconds(shell, cells) for _ in range(5)]
    namespace = {"__name__": "__runlog_run_probe__", "SOURCE_DIGEST": "bench"}
    exec(compile(PROBE.read_text(), str(PROBE), "exec"), namespace)
    on = [per_cell_microseconds(shell, cells) for _ in range(5)]
    off_median, on_median = statistics.median(off), statistics.median(on)
    print(f"Run probe hooks, {cells} cells x 5 rounds (medians)")
    print(f"  trivial cell without the probe   {off_median:8.0f} us")
    print(f"  trivial cell with the probe      {on_median:8.0f} us")
    print(f"  hooks per cell                   {on_median - off_median:8.0f} us")


if __name__ == "__main__":
    main()
