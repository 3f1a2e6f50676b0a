"""jupyterlab-runlog's run probe: what a run used and ran against.

The frontend sends this file's text to Python kernels and runs it with
``exec()`` in a private dict whose ``__name__`` is ``__runlog_run_probe__``;
it then registers itself under that name in ``sys.modules``. Nothing is bound
in the user's namespace. It needs only the standard library.

Once loaded (when the frontend first meets the kernel) it keeps two IPython
hooks, ``pre_run_cell`` and ``post_run_cell``, that measure each user cell
execution by its execution count (the ``In [n]`` the notebook shows, which
stays the same when the cell runs again later, unlike its id): CPU time, wall time, peak resident memory (a per-cell
peak on Linux, where ``/proc/self/clear_refs`` resets it) and, when PyTorch
has initialised CUDA, peak GPU memory. Silent requests are not measured.

When a run ends the frontend evaluates ``run_context(request_json)`` in
``user_expressions``; its repr is JSON: the run's cells' measurements
summed, the versions of the imported packages it names, the git commit of
the kernel's working folder and fingerprints of the files it names.

Keep this file self-contained: scripts/embed-probe.mjs embeds it in the
frontend (src/capture/probeSource.generated.ts).
"""

import datetime
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import time
import types

MODULE_NAME = "__runlog_run_probe__"

# The frontend passes the SHA-256 of this text in the exec dict so a kernel
# that still holds an older probe replaces it; None when executed otherwise.
SOURCE_DIGEST = globals().get("SOURCE_DIGEST")

# How many cell executions' measurements are kept.
MAX_MEASURED_EXECUTIONS = 512
# Files above this size get size and mtime but no SHA-256 (hashing blocks the kernel).
MAX_HASH_BYTES = 64 * 1024 * 1024
MAX_FINGERPRINTS = 20
MAX_PACKAGES = 200
GIT_TIMEOUT_SECONDS = 2


class _JSONText:
    """Shows as JSON text, so IPython's text/plain of it is the JSON itself."""

    def __init__(self, data):
        self._text = json.dumps(data, ensure_ascii=True, allow_nan=False)

    def __repr__(self):
        return self._text


class _Meter:
    """CPU time and peak memory of each user cell execution, by cell id."""

    def __init__(self):
        self.shell = None
        self.started = None  # (cpu, wall, peak_scope) at the start of the cell running
        self.executions = {}  # execution_count -> measurement
        self.hashes = {}  # (path, size, mtime_ns) -> sha256 hex
        self.distributions = None  # import name -> distribution names


_meter = _Meter()


def start():
    """Start measuring user cells (idempotent); evaluates to None."""
    _start_metering()


def run_context(request):
    """What a run used and ran against, for the cells, modules and paths asked.

    ``request`` is JSON: ``{"execution_counts": [...], "modules": [...],
    "paths": {"param": "path"}}``. Each part is measured on its own; one that
    fails is left empty rather than failing the others.
    """
    _start_metering()
    try:
        asked = json.loads(request)
    except (TypeError, ValueError):
        asked = {}
    if not isinstance(asked, dict):
        asked = {}
    counts = [c for c in _list(asked.get("execution_counts")) if isinstance(c, int)]
    modules = [str(m) for m in _list(asked.get("modules"))][:MAX_PACKAGES]
    paths = asked.get("paths") if isinstance(asked.get("paths"), dict) else {}
    return _JSONText(
        {
            "resources": _guarded(_run_resources, None, counts),
            "packages": _guarded(_package_versions, {}, modules),
            "git": _guarded(_git_state, None),
            "files": _guarded(_fingerprints, {}, paths),
        }
    )


def _list(value):
    return value if isinstance(value, list) else []


def _guarded(measure, fallback, *args):
    try:
        return measure(*args)
    except Exception:
        return fallback


def _start_metering():
    shell = _ipython_shell()
    if shell is None or getattr(shell, "events", None) is None:
        return
    if _meter.shell is shell:
        return
    _stop_metering()
    shell.events.register("pre_run_cell", _on_cell_starting)
    shell.events.register("post_run_cell", _on_cell_finished)
    _meter.shell = shell


def _stop_metering():
    shell = _meter.shell
    _meter.shell = None
    if shell is None:
        return
    for event, callback in (
        ("pre_run_cell", _on_cell_starting),
        ("post_run_cell", _on_cell_finished),
    ):
        try:
            shell.events.unregister(event, callback)
        except ValueError:
            pass


def _on_cell_starting(info):
    # Silent requests (the frontend's own) fire no run_cell events.
    try:
        scope = _reset_peaks()
        _meter.started = (time.process_time(), time.perf_counter(), scope)
    except Exception:
        pass


def _on_cell_finished(result):
    try:
        started, _meter.started = _meter.started, None
        # The number the notebook shows for this execution (none without history).
        count = getattr(result, "execution_count", None)
        if started is None or not isinstance(count, int):
            return
        cpu, wall, scope = started
        _meter.executions[count] = {
            "cpu": max(0.0, time.process_time() - cpu),
            "wall": max(0.0, time.perf_counter() - wall),
            "rss": _peak_rss_bytes(),
            "scope": scope,
            "gpu": _gpu_peaks(),
        }
        while len(_meter.executions) > MAX_MEASURED_EXECUTIONS:
            del _meter.executions[next(iter(_meter.executions))]
    except Exception:
        pass


def _reset_peaks():
    """Start a new peak for memory; 'run' when the OS lets us, else 'process'."""
    torch = sys.modules.get("torch")
    if torch is not None:
        try:
            if torch.cuda.is_initialized():
                for device in range(torch.cuda.device_count()):
                    torch.cuda.reset_peak_memory_stats(device)
        except Exception:
            pass
    try:
        # Linux: "5" resets the process's peak resident set size (VmHWM).
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        return "run"
    except OSError:
        return "process"


def _peak_rss_bytes():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # macOS reports bytes, Linux and the BSDs kibibytes.
    return peak if sys.platform == "darwin" else peak * 1024


def _gpu_peaks():
    torch = sys.modules.get("torch")
    if torch is None:
        return []
    try:
        if not torch.cuda.is_initialized():
            return []
        return [
            {
                "device": device,
                "name": str(torch.cuda.get_device_name(device)),
                "peak_bytes": int(torch.cuda.max_memory_allocated(device)),
            }
            for device in range(torch.cuda.device_count())
        ]
    except Exception:
        return []


def _run_resources(counts):
    measured = [_meter.executions[c] for c in dict.fromkeys(counts) if c in _meter.executions]
    if not measured:
        return None
    rss = [m["rss"] for m in measured if m["rss"] is not None]
    gpu = {}
    for m in measured:
        for entry in m["gpu"]:
            known = gpu.get(entry["device"])
            if known is None or entry["peak_bytes"] > known["peak_bytes"]:
                gpu[entry["device"]] = entry
    return {
        "cpu_seconds": round(sum(m["cpu"] for m in measured), 6),
        "wall_seconds": round(sum(m["wall"] for m in measured), 6),
        "peak_rss_bytes": max(rss) if rss else None,
        "peak_rss_scope": "run" if all(m["scope"] == "run" for m in measured) else "process",
        "gpu": [gpu[device] for device in sorted(gpu)],
        "cells_measured": len(measured),
    }


def _package_versions(modules):
    """Versions of the named top-level modules the kernel has imported."""
    stdlib = getattr(sys, "stdlib_module_names", frozenset())
    versions = {}
    for name in modules:
        module = sys.modules.get(name)
        if module is None or name in stdlib or name == MODULE_NAME:
            continue
        found = False
        for distribution in _distributions_of(name):
            version = _distribution_version(distribution)
            if version:
                versions[distribution] = version
                found = True
        if not found:
            version = getattr(module, "__version__", None)
            if isinstance(version, str) and version:
                versions[name] = version
    return dict(sorted(versions.items()))


def _distributions_of(module_name):
    if _meter.distributions is None:
        try:
            from importlib import metadata

            _meter.distributions = metadata.packages_distributions()
        except Exception:
            _meter.distributions = {}
    return list(dict.fromkeys(_meter.distributions.get(module_name, [])))


def _distribution_version(distribution):
    try:
        from importlib import metadata

        return metadata.version(distribution)
    except Exception:
        return None


def _git_state():
    """HEAD commit, branch and dirty state of the kernel's working folder."""
    git = shutil.which("git")
    if git is None:
        return None
    commit = _git(git, "rev-parse", "--verify", "-q", "HEAD")
    if commit is None or not commit:
        return None
    branch = _git(git, "symbolic-ref", "--short", "-q", "HEAD")
    changes = _git(git, "status", "--porcelain", "--untracked-files=no")
    return {
        "commit": commit,
        "branch": branch or None,
        "dirty": bool(changes),
    }


def _git(git, *args):
    # GIT_OPTIONAL_LOCKS=0: status must not take the index lock the user's
    # own git commands may need at the same moment.
    env = dict(os.environ, GIT_OPTIONAL_LOCKS="0", LC_ALL="C")
    try:
        done = subprocess.run(
            [git, *args],
            cwd=os.getcwd(),
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT_SECONDS,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _fingerprints(paths):
    """Size, mtime and SHA-256 of the files (or folders) the parameters name."""
    prints = {}
    for param, given in list(paths.items())[:MAX_FINGERPRINTS]:
        if not isinstance(given, str) or not given or "\0" in given:
            continue
        path = os.path.abspath(os.path.expanduser(given))
        try:
            info = os.stat(path)
        except (OSError, ValueError):
            continue
        if stat.S_ISDIR(info.st_mode):
            kind, size, digest = "directory", 0, None
        elif stat.S_ISREG(info.st_mode):
            kind, size, digest = "file", info.st_size, _sha256_of(path, info)
        else:
            continue
        mtime = datetime.datetime.fromtimestamp(info.st_mtime, datetime.timezone.utc)
        prints[str(param)] = {
            "path": path,
            "kind": kind,
            "size": size,
            "mtime": mtime.isoformat().replace("+00:00", "Z"),
            "sha256": digest,
        }
    return prints


def _sha256_of(path, info):
    if info.st_size > MAX_HASH_BYTES:
        return None
    key = (path, info.st_size, info.st_mtime_ns)
    if key not in _meter.hashes:
        digest = hashlib.sha256()
        try:
            with open(path, "rb") as file:
                for chunk in iter(lambda: file.read(1024 * 1024), b""):
                    digest.update(chunk)
        except OSError:
            return None
        _meter.hashes[key] = digest.hexdigest()
        while len(_meter.hashes) > MAX_MEASURED_EXECUTIONS:
            del _meter.hashes[next(iter(_meter.hashes))]
    return _meter.hashes[key]


def _ipython_shell():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def _dispose():
    """Remove the hooks (used when a newer probe loads)."""
    _stop_metering()


def _install():
    """Register as a module once; keep a running probe of the same source."""
    existing = sys.modules.get(MODULE_NAME)
    if existing is not None and hasattr(existing, "run_context"):
        if getattr(existing, "SOURCE_DIGEST", None) == SOURCE_DIGEST:
            return
        dispose = getattr(existing, "_dispose", None)
        if callable(dispose):
            dispose()
    module = types.ModuleType(MODULE_NAME, __doc__)
    for name in ("SOURCE_DIGEST", "start", "run_context", "_dispose", "_meter"):
        setattr(module, name, globals()[name])
    sys.modules[MODULE_NAME] = module
    _start_metering()


# Importing this file as jupyterlab_runlog._run_probe (tests) registers nothing.
if __name__ == MODULE_NAME:
    _install()
