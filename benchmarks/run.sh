#!/usr/bin/env bash
# Runs the benchmarks (see benchmarks/README.md): starts and stops its own
# JupyterLab on port 8897 and drives headless Chromium. Arguments are passed
# to run.mjs, e.g. `bash benchmarks/run.sh --only store --write-docs`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ -x "$ROOT/.venv/bin/jupyter" ]] || {
  echo "run.sh: $ROOT/.venv is missing; run scripts/setup.sh first." >&2
  exit 1
}
[[ -d "$ROOT/ui-tests/node_modules/@playwright/test" ]] || {
  echo "run.sh: ui-tests/node_modules is missing; run scripts/setup.sh first." >&2
  exit 1
}
exec node "$ROOT/benchmarks/run.mjs" "$@"
