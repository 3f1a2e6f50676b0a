#!/usr/bin/env bash
# Try MLflow sync on this machine: a local MLflow tracking server beside JupyterLab.
#
#   bash scripts/try-mlflow.sh [extra `jupyter lab` arguments]
#
# Sets up as scripts/setup.sh does, installs MLflow (requirements-mlflow.txt)
# into .venv, starts `mlflow server` with its data in .mlflow/ (SQLite and an
# artifact folder, kept between tries), then opens JupyterLab with sync turned
# on and pointed at that server. Ctrl+C stops both.
#
# JupyterLab reads its user settings from .mlflow/lab-settings here, so trying
# sync changes nothing in your own JupyterLab settings.
#
# Environment:
#   RUNLOG_MLFLOW_PORT=5000   the MLflow server's port (default: first free from 5000)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
DATA="$ROOT/.mlflow"

fail() {
  echo "try-mlflow.sh: error: $*" >&2
  exit 1
}

# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

RUNLOG_NO_LAUNCH=1 bash "$ROOT/scripts/setup.sh"
export PATH="$VENV/bin:$PATH"

echo "==> MLflow (requirements-mlflow.txt)"
# The same stamp as scripts/test.sh, so neither installs MLflow twice.
pip_install_if_changed requirements-mlflow.txt "$VENV/.runlog-requirements-mlflow" ||
  fail "could not install MLflow."
echo "    MLflow $(python -c 'from importlib.metadata import version; print(version("mlflow"))')"

port="${RUNLOG_MLFLOW_PORT:-$(free_port 5000)}"
[[ -n "$port" ]] || fail "no free port between 5000 and 5099; set RUNLOG_MLFLOW_PORT."

mkdir -p "$DATA/artifacts" "$DATA/lab-settings/jupyterlab-runlog"
echo "==> Starting the MLflow server on http://127.0.0.1:$port (data in $DATA)"
# Its own process group, so stopping it stops its workers too.
setsid mlflow server \
  --backend-store-uri "sqlite:///$DATA/mlflow.db" \
  --artifacts-destination "$DATA/artifacts" \
  --host 127.0.0.1 --port "$port" >"$DATA/server.log" 2>&1 &
mlflow_pid=$!
stop_mlflow() {
  kill -- "-$mlflow_pid" 2>/dev/null || true
}
# Also when this script is interrupted or stopped, not only when JupyterLab exits.
trap stop_mlflow EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
    break
  fi
  kill -0 "$mlflow_pid" 2>/dev/null || fail "the MLflow server stopped; see $DATA/server.log"
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 ||
  fail "the MLflow server did not answer within 60 s; see $DATA/server.log"
echo "    MLflow UI: http://127.0.0.1:$port"

# Sync on, unless an earlier try left a choice there.
sync_settings="$DATA/lab-settings/jupyterlab-runlog/sync.jupyterlab-settings"
[[ -f "$sync_settings" ]] || echo '{ "enabled": true }' >"$sync_settings"
export JUPYTERLAB_SETTINGS_DIR="$DATA/lab-settings"
export MLFLOW_TRACKING_URI="http://127.0.0.1:$port"

args=()
if [[ $EUID -eq 0 && " $* " != *" --allow-root "* ]]; then
  args+=(--allow-root) # JupyterLab refuses to run as root otherwise
fi
echo "==> Starting JupyterLab with MLFLOW_TRACKING_URI=$MLFLOW_TRACKING_URI (Ctrl+C stops both)"
jupyter lab "${args[@]}" examples/quickstart.ipynb "$@"
