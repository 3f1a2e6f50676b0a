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
