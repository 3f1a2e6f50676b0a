#!/usr/bin/env bash
# Regenerate the papermill-executed notebooks that src/model/papermill/papermill.spec.ts
# reads, by running the source notebooks under
# src/model/__fixtures__/papermill/source/ through papermill:
#
#   bash scripts/make-papermill-fixtures.sh
#
# Needs the project venv (papermill, ipykernel and this package installed, so
# `from jupyterlab_runlog import log` works in the kernel). Paths are given
# relative to the fixtures folder so the recorded input/output paths carry no
# machine-specific prefix. Times and injected cell ids change on every run;
# the tests read values from the files rather than hard-coding them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${RUNLOG_VENV:-$ROOT/.venv}"
FIXTURES="$ROOT/src/model/__fixtures__/papermill"
PAPERMILL="$VENV/bin/papermill"

[[ -x "$PAPERMILL" ]] || {
  echo "make-papermill-fixtures.sh: error: $PAPERMILL not found" >&2
  exit 1
}
# The python3 kernelspec starts `python` from PATH: use the venv's.
export PATH="$VENV/bin:$PATH"
"$VENV/bin/python" -c 'import jupyterlab_runlog' || {
  echo "make-papermill-fixtures.sh: error: jupyterlab_runlog is not importable in $VENV" >&2
  exit 1
}

cd "$FIXTURES"

run() {
  "$PAPERMILL" --kernel python3 --no-progress-bar "$@"
}

# Two parameters overridden on the command line.
run source/sweep.ipynb sweep-lr.ipynb -p learning_rate 0.1 -p model large
# No parameters: papermill injects no cell, the defaults are the parameters.
run source/sweep.ipynb sweep-defaults.ipynb
# YAML values: a list, a bool, an int and a float written as a whole number.
run source/sweep.ipynb sweep-yaml.ipynb \
  -y '{layers: [128, 64, 32], use_bias: false, epochs: 5, learning_rate: 1.0}'
# A tracked cell raises: papermill stops and exits non-zero, the output is
# still written with the later cells pending. Its traceback is only shown when
# the failure is not the intended one.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if run source/fails.ipynb fails.ipynb -p threshold 0.9 2>"$log"; then
  echo "make-papermill-fixtures.sh: error: fails.ipynb was expected to fail" >&2
  exit 1
fi
if ! grep -q 'ValueError: threshold 0.9 too high' "$log"; then
  cat "$log" >&2
  echo "make-papermill-fixtures.sh: error: fails.ipynb failed unexpectedly" >&2
  exit 1
fi

echo "Wrote $(ls "$FIXTURES"/*.ipynb | wc -l) executed notebooks to $FIXTURES"
