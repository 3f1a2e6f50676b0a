#!/usr/bin/env bash
# One command from a fresh clone to JupyterLab with jupyterlab-runlog:
#
#   bash scripts/setup.sh [extra `jupyter lab` arguments]
#
# Creates .venv (if missing), installs the pinned Python and npm dependencies,
# builds the extension, installs it into .venv exactly as `pip install
# jupyterlab_runlog` would, checks JupyterLab sees it, then opens
# examples/quickstart.ipynb. Safe to run again: finished steps are quick.
#
# Environment:
#   RUNLOG_NO_LAUNCH=1      stop after installing (used by scripts/test.sh)
#   RUNLOG_FORCE_INSTALL=1  reinstall Python and npm packages even if their pins are unchanged
#   PYTHON=python3.12       the interpreter used to create .venv (default: python3)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

VENV="$ROOT/.venv"
PYTHON="${PYTHON:-python3}"
STEPS=6
step_number=0
step_started=$SECONDS
setup_started=$SECONDS

step() {
  if ((step_number > 0)); then
    echo "    done in $((SECONDS - step_started)) s"
  fi
  step_number=$((step_number + 1))
  step_started=$SECONDS
  echo "==> [$step_number/$STEPS] $*"
}

fail() {
  echo "setup.sh: error: $*" >&2
  exit 1
}

# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

step "Checking Python and Node.js"
command -v "$PYTHON" >/dev/null || fail "$PYTHON not found; install Python 3.9 or newer."
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 9))' ||
  fail "Python 3.9 or newer is needed; $PYTHON is $("$PYTHON" --version 2>&1)."
command -v node >/dev/null && command -v npm >/dev/null ||
  fail "Node.js and npm not found; install Node.js 20 or newer (https://nodejs.org)."
node_major="$(node -p 'process.versions.node.split(".")[0]')"
((node_major >= 18)) || fail "Node.js 20 or newer is needed; found $(node --version)."
((node_major >= 20)) || echo "    warning: tested with Node.js 20; found $(node --version)"
echo "    $("$PYTHON" --version 2>&1), Node.js $(node --version), npm $(npm --version)"

step "Python environment in .venv"
if [[ ! -x "$VENV/bin/python" ]]; then
  echo "    creating $VENV"
  "$PYTHON" -m venv "$VENV" ||
    fail "could not create a virtual environment (on Debian/Ubuntu: apt-get install python3-venv)."
fi
"$VENV/bin/python" -c 'import sys' 2>/dev/null ||
  fail "$VENV is broken (was Python moved?); delete it and run this script again."
# Tools from the venv (jupyter, jupyter-builder) must win over any others.
export PATH="$VENV/bin:$PATH"
# Skip pip when requirements-dev.txt is unchanged since the last install here.
pip_stamp="$VENV/.runlog-requirements"
pip_wanted="$(sha256sum requirements-dev.txt | cut -d' ' -f1)"
if [[ "${RUNLOG_FORCE_INSTALL:-}" != 1 && -f "$pip_stamp" && "$(cat "$pip_stamp")" == "$pip_wanted" ]]; then
  echo "    Python packages are up to date (requirements-dev.txt unchanged)"
else
  python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
  echo "$pip_wanted" >"$pip_stamp"
fi
echo "    JupyterLab $(python -c 'from importlib.metadata import version; print(version("jupyterlab"))')"

step "npm packages (npm ci)"
npm_ci_if_changed "$ROOT"

step "Building the extension (npm run build:prod)"
npm run --silent build:prod

step "Installing the built extension into .venv"
# A development symlink (`jupyter-builder develop`) would be written
# through by pip; replace it with the real installed copy.
link="$VENV/share/jupyter/labextensions/jupyterlab-runlog"
if [[ -L "$link" ]]; then
  echo "    removing development link $link"
  rm "$link"
fi
python -m pip install --quiet --disable-pip-version-check \
  --no-build-isolation --no-deps --force-reinstall .

step "Checking JupyterLab sees the extension"
# Without the colour codes JupyterLab adds to "enabled" and "OK".
listing="$(jupyter labextension list 2>&1 | sed 's/\x1b\[[0-9;]*m//g')"
if ! grep -Eq 'jupyterlab-runlog v[^ ]+ enabled.*OK' <<<"$listing"; then
  echo "$listing" >&2
  fail "jupyterlab-runlog is not listed as enabled and OK by 'jupyter labextension list'."
fi
grep -E 'jupyterlab-runlog v' <<<"$listing" | sed 's/^ */    /'
echo "    done in $((SECONDS - step_started)) s"
echo "==> Set up in $((SECONDS - setup_started)) s."

if [[ "${RUNLOG_NO_LAUNCH:-}" == 1 ]]; then
  exit 0
fi

args=()
if [[ $EUID -eq 0 && " $* " != *" --allow-root "* ]]; then
  args+=(--allow-root) # JupyterLab refuses to run as root otherwise
fi
notebook="examples/quickstart.ipynb"
if [[ -f "$notebook" ]]; then
  args+=("$notebook")
else
  echo "    note: $notebook not found; opening JupyterLab without it"
fi
echo "==> Starting JupyterLab (stop it with Ctrl+C). Next time, run: $VENV/bin/jupyter lab"
exec jupyter lab "${args[@]}" "$@"
