#!/usr/bin/env bash
# One command that installs what the tests need and runs them all:
#
#   bash scripts/test.sh
#
# Installs Chromium and git (apt) when they are missing, runs
# scripts/setup.sh without launching JupyterLab, installs MLflow for the sync
# tests (requirements-mlflow.txt), then runs every suite even
# when an earlier one fails: pytest, jest, and the Galata ui-tests (Playwright
# starts its own JupyterLab). Ends with one line per suite; exits non-zero if
# any suite failed.
#
# Environment:
#   RUNLOG_CHROMIUM=/path   use another Chromium binary for the ui-tests
#   RUNLOG_UI_PORT=8888     port for the ui-tests' JupyterLab (default: first free from 8888)
#   RUNLOG_MLFLOW_PORT=5000 port for the ui-tests' MLflow server (default: first free from 5000)
#   CI=true                 no snapshot writing, one retry for ui-tests, a fresh server
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

fail() {
  echo "test.sh: error: $*" >&2
  exit 1
}

echo "==> Chromium and git for the tests"
# Chromium drives the ui-tests; git is what the run-context tests put the
# notebook's folder under (tests of the git commit a run records).
chromium="${RUNLOG_CHROMIUM:-/usr/bin/chromium}"
packages=()
if [[ ! -x "$chromium" ]]; then
  [[ -z "${RUNLOG_CHROMIUM:-}" ]] || fail "RUNLOG_CHROMIUM=$chromium is not an executable file."
  # With its recommended packages (fonts-liberation among them), as on the
  # machines the screenshots were taken on.
  packages+=(chromium)
fi
command -v git >/dev/null || packages+=(git)
if ((${#packages[@]})); then
  command -v apt-get >/dev/null ||
    fail "${packages[*]} missing and apt-get is not available; install them (or set RUNLOG_CHROMIUM)."
  sudo=()
  if [[ $EUID -ne 0 ]]; then
    command -v sudo >/dev/null || fail "installing ${packages[*]} needs root; run: apt-get install -y ${packages[*]}"
    sudo=(sudo)
  fi
  echo "    installing Debian's ${packages[*]}"
  "${sudo[@]}" apt-get update -q &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${packages[@]}" ||
    fail "apt-get could not install ${packages[*]}."
fi
export RUNLOG_CHROMIUM="$chromium"
echo "    $("$chromium" --version 2>/dev/null || echo "$chromium")"
echo "    $(git --version)"

echo "==> Setting up (scripts/setup.sh)"
RUNLOG_NO_LAUNCH=1 bash "$ROOT/scripts/setup.sh" || fail "setup failed; no tests were run."
export PATH="$ROOT/.venv/bin:$PATH"

echo "==> MLflow for the sync tests (requirements-mlflow.txt)"
# Only the tests need the MLflow server (large), so setup.sh leaves it out;
# skipped when requirements-mlflow.txt is unchanged since the last install.
pip_install_if_changed requirements-mlflow.txt "$ROOT/.venv/.runlog-requirements-mlflow" ||
  fail "could not install requirements-mlflow.txt; no tests were run."
echo "    MLflow $(python -c 'from importlib.metadata import version; print(version("mlflow"))')"

# A port nobody listens on, so Playwright starts a JupyterLab configured for
# the tests instead of reusing whatever already runs on 8888.
if [[ -z "${RUNLOG_UI_PORT:-}" ]]; then
  RUNLOG_UI_PORT="$(free_port 8888)"
fi
export RUNLOG_UI_PORT

# The MLflow server the ui-tests start (ui-tests/tests/mlflowServer.ts) and
# the ui-tests' JupyterLab names as its tracking URI; pytest finds its own.
if [[ -z "${RUNLOG_MLFLOW_PORT:-}" ]]; then
  RUNLOG_MLFLOW_PORT="$(free_port 5000)"
fi
export RUNLOG_MLFLOW_PORT

results=()
run_suite() {
  local name="$1" suite_started=$SECONDS status
  shift
  echo
  echo "==> $name"
  "$@"
  status=$?
  if ((status == 0)); then
    results+=("PASS  $name ($((SECONDS - suite_started)) s)")
  elif ((status == 124 || status == 137)); then
    results+=("FAIL  $name (stopped after a timeout, $((SECONDS - suite_started)) s)")
  else
    results+=("FAIL  $name (exit $status, $((SECONDS - suite_started)) s)")
  fi
}

ui_tests() {
  npm_ci_if_changed "$ROOT/ui-tests" || return 1
  (cd "$ROOT/ui-tests" && timeout --kill-after=30s 25m npx playwright test)
}

# --forceExit: a timer or connection left open by a test must not hang the
# run after every test has finished (jest then names the leak in its output).
jest_args=(--forceExit)
[[ -n "${CI:-}" ]] && jest_args+=(--ci)

# Each suite is stopped if it runs far longer than it should, so one hang
# cannot block the others or CI.
run_suite pytest timeout --kill-after=30s 10m python -m pytest
run_suite jest timeout --kill-after=30s 15m npx jest "${jest_args[@]}"
run_suite ui-tests ui_tests

echo
echo "==> Summary ($SECONDS s in all; ui-test report: ui-tests/playwright-report/index.html)"
passed=0
failed=0
for line in "${results[@]}"; do
  echo "    $line"
  if [[ "$line" == FAIL* ]]; then
    failed=$((failed + 1))
  else
    passed=$((passed + 1))
  fi
done
# One plain closing line, counting suites (each suite printed its own tests above).
echo "suites: $passed passed, $failed failed"
((failed == 0))
