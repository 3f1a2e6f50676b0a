# Helpers shared by scripts/setup.sh and scripts/test.sh (sourced, not run).

# Hash of the files that decide what `npm ci` installs in a folder.
npm_inputs_hash() {
  cat "$1/package.json" "$1/package-lock.json" | sha256sum | cut -d' ' -f1
}

# `npm ci` in a folder unless its package.json and lockfile are unchanged since
# the last install there (the hash is kept in node_modules, so deleting
# node_modules or setting RUNLOG_FORCE_INSTALL=1 reinstalls).
npm_ci_if_changed() {
  local dir="$1" stamp="$1/node_modules/.runlog-installed" wanted
  wanted="$(npm_inputs_hash "$dir")"
  if [[ "${RUNLOG_FORCE_INSTALL:-}" != 1 && -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
    echo "    npm packages in $dir are up to date (package-lock.json unchanged)"
    return 0
  fi
  (cd "$dir" && npm ci --no-audit --no-fund) || return 1
  echo "$wanted" >"$stamp"
}

# The first port from $1 (100 tried) that nothing on 127.0.0.1 listens on;
# prints nothing when all are taken. Needs a python on PATH.
free_port() {
  python - "$1" <<'PY'
import socket, sys
start = int(sys.argv[1])
for port in range(start, start + 100):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(port)
        break
PY
}

# pip install -r $1 into the active python unless the file is unchanged since
# the last install (hash kept in the stamp file $2; RUNLOG_FORCE_INSTALL=1
# installs anyway). Returns pip's status.
pip_install_if_changed() {
  local requirements="$1" stamp="$2" wanted
  wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"
  if [[ "${RUNLOG_FORCE_INSTALL:-}" != 1 && -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
    echo "    up to date ($requirements unchanged)"
    return 0
  fi
  python -m pip install --quiet --disable-pip-version-check -r "$requirements" || return 1
  echo "$wanted" >"$stamp"
}
