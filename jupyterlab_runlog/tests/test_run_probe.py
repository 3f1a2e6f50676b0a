"""The run probe (jupyterlab_runlog/_run_probe.py) driven through a real
IPython shell with the exact expressions the frontend sends."""

import hashlib
import json
import os
import subprocess
import sys
import types
from importlib import metadata

import pytest

from .frontend_bridge import FrontendProbe, frontend_available
from .test_probe import evaluate, run_silently

RUN_PROBE = "__runlog_run_probe__"
PARAM_PROBE = "__runlog_probe__"

pytestmark = pytest.mark.skipif(
    not frontend_available(), reason="needs node and the npm dependencies (npm install)"
)

MIB = 1024 * 1024


@pytest.fixture(scope="module")
def frontend():
    bridge = FrontendProbe()
    yield bridge
    bridge.close()


@pytest.fixture
def kernel(shell, frontend):
    """The shell as the frontend leaves it on first contact: both probes loaded."""
    _unload()
    evaluate(shell, frontend("probeContextExpression"))
    yield shell
    _unload()


def _unload():
    for name in (RUN_PROBE, PARAM_PROBE):
        module = sys.modules.pop(name, None)
        if module is not None:
            module._dispose()


def run_cell(shell, source):
    """A user cell as JupyterLab sends it; returns its execution count."""
    result = shell.run_cell(source, store_history=True)
    result.raise_error()
    return result.execution_count


def run_context(shell, frontend, counts=(), modules=(), paths=None):
    request = {"execution_counts": list(counts), "modules": list(modules), "paths": paths or {}}
    return json.loads(evaluate(shell, frontend("probeRunContextExpression", request)))


def test_measures_the_cpu_time_and_peak_memory_of_the_runs_cells(kernel, frontend):
    work = run_cell(kernel, "total = sum(i * i for i in range(2_000_000))")
    alloc = run_cell(kernel, "block = bytearray(80 * 1024 * 1024); del block")
    other = run_cell(kernel, "small = 1")

    resources = run_context(kernel, frontend, [work, alloc])["resources"]

    assert resources["cells_measured"] == 2
    assert resources["cpu_seconds"] > 0.05
    assert resources["wall_seconds"] >= resources["cpu_seconds"] * 0.5
    assert resources["peak_rss_bytes"] >= 80 * MIB
    assert resources["gpu"] == []
    if sys.platform.startswith("linux"):
        assert resources["peak_rss_scope"] == "run"
        # The peak is per cell: a later light cell does not carry the 80 MiB.
        light = run_context(kernel, frontend, [other])["resources"]
        assert light["peak_rss_bytes"] < resources["peak_rss_bytes"] - 60 * MIB


def test_each_execution_keeps_its_own_measurement(kernel, frontend):
    # Run All queues the next run's cells before the last run's context is
    # read: the same cell executed again must not overwrite what it used.
    heavy = run_cell(kernel, "x = sum(range(3_000_000))")
    light = run_cell(kernel, "x = 1")

    first = run_context(kernel, frontend, [heavy])["resources"]
    second = run_context(kernel, frontend, [light])["resources"]

    assert first["cells_measured"] == second["cells_measured"] == 1
    assert second["cpu_seconds"] < first["cpu_seconds"]


def test_silent_requests_and_unknown_executions_are_not_measured(kernel, frontend):
    run_silently(kernel, "y = sum(range(1000))")
    context = run_context(kernel, frontend, [10_000])

    assert context["resources"] is None
    # And the frontend's own requests left no measurement behind.
    assert sys.modules[RUN_PROBE]._meter.executions == {}


def test_pytorch_gpu_peaks_are_read_and_reset_per_cell(kernel, frontend, monkeypatch):
    resets = []
    peaks = iter([300 * MIB, 120 * MIB])
    cuda = types.SimpleNamespace(
        is_initialized=lambda: True,
        device_count=lambda: 1,
        get_device_name=lambda device: "Test GPU",
        reset_peak_memory_stats=resets.append,
        max_memory_allocated=lambda device: next(peaks),
    )
    monkeypatch.setitem(sys.modules, "torch", types.SimpleNamespace(cuda=cuda))
    first = run_cell(kernel, "a = 1")
    second = run_cell(kernel, "b = 2")

    resources = run_context(kernel, frontend, [first, second])["resources"]

    assert resets == [0, 0]
    assert resources["gpu"] == [{"device": 0, "name": "Test GPU", "peak_bytes": 300 * MIB}]


def test_package_versions_of_the_imported_modules(kernel, frontend):
    run_cell(kernel, "import pytest, traitlets, json")
    packages = run_context(
        kernel, frontend, modules=["pytest", "traitlets", "json", "IPython", "not_a_module_xyz"]
    )["packages"]

    # By distribution name; the standard library and modules not loaded are left out.
    assert packages == {
        "ipython": metadata.version("ipython"),
        "pytest": metadata.version("pytest"),
        "traitlets": metadata.version("traitlets"),
    }


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repository(tmp_path, monkeypatch):
    git("init", "-q", "-b", "main", cwd=tmp_path)
    git("config", "user.email", "t@example.com", cwd=tmp_path)
    git("config", "user.name", "Test", cwd=tmp_path)
    (tmp_path / "train.py").write_text("lr = 0.1\n")
    git("add", "train.py", cwd=tmp_path)
    git("commit", "-q", "-m", "first", cwd=tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_git_commit_branch_and_dirty_state_of_the_working_folder(kernel, frontend, repository):
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=repository, capture_output=True, text=True
    ).stdout.strip()

    clean = run_context(kernel, frontend)["git"]
    (repository / "notes.txt").write_text("untracked")
    untracked = run_context(kernel, frontend)["git"]
    (repository / "train.py").write_text("lr = 0.2\n")
    edited = run_context(kernel, frontend)["git"]

    assert clean == {"commit": head, "branch": "main", "dirty": False}
    assert untracked["dirty"] is False
    assert edited == {"commit": head, "branch": "main", "dirty": True}


def test_no_git_state_outside_a_repository(kernel, frontend, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert run_context(kernel, frontend)["git"] is None


def test_fingerprints_of_files_named_by_parameters(kernel, frontend, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data" / "train.csv"
    data.parent.mkdir()
    data.write_bytes(b"a,b\n1,2\n")
    files = run_context(
        kernel,
        frontend,
        paths={"train": "data/train.csv", "folder": "data", "missing": "nope.csv"},
    )["files"]

    assert set(files) == {"train", "folder"}
    assert files["train"]["path"] == str(data)
    assert files["train"]["kind"] == "file"
    assert files["train"]["size"] == 8
    assert files["train"]["sha256"] == hashlib.sha256(b"a,b\n1,2\n").hexdigest()
    assert files["train"]["mtime"].endswith("Z")
    assert files["folder"]["kind"] == "directory"
    assert files["folder"]["sha256"] is None

    # Same size, new content and mtime: a new digest (the cache is keyed by mtime too).
    data.write_bytes(b"a,b\n3,4\n")
    os.utime(data, ns=(1, 1))
    changed = run_context(kernel, frontend, paths={"train": str(data)})["files"]["train"]
    assert changed["sha256"] == hashlib.sha256(b"a,b\n3,4\n").hexdigest()
    assert changed["mtime"] == "1970-01-01T00:00:00Z"


def test_files_over_the_hashing_limit_get_no_digest(kernel, frontend, tmp_path):
    big = tmp_path / "big.bin"
    with open(big, "wb") as file:
        file.truncate(64 * MIB + 1)
    entry = run_context(kernel, frontend, paths={"weights": str(big)})["files"]["weights"]

    assert entry["size"] == 64 * MIB + 1
    assert entry["sha256"] is None


def test_a_malformed_request_still_gets_a_reply(kernel, frontend):
    text = evaluate(
        kernel,
        f"__import__('sys').modules['{RUN_PROBE}'].run_context('not json')",
    )
    reply = json.loads(text)
    assert reply["resources"] is None
    assert reply["packages"] == {}
    assert reply["files"] == {}


def test_loading_again_keeps_one_pair_of_hooks(kernel, frontend):
    evaluate(kernel, frontend("probeContextExpression"))
    evaluate(kernel, frontend("probeRunContextExpression", {"execution_counts": [], "modules": [], "paths": {}}))
    once = run_cell(kernel, "z = 1")

    starting = [
        callback
        for callback in kernel.events.callbacks["pre_run_cell"]
        if getattr(callback, "__name__", "") == "_on_cell_starting"
    ]
    assert len(starting) == 1
    assert run_context(kernel, frontend, [once])["resources"]["cells_measured"] == 1
