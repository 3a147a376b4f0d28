#!/usr/bin/env bash
# Type-checks every Grafana dashboard against @grafana/schema with tsc.
#
#   grafana/typecheck/check.sh BUILD_DIR [DASHBOARD.json ...]
#
# Works in BUILD_DIR/grafana-typecheck: copies package.json, package-lock.json, tsconfig.json
# and dashboard-types.ts there, runs `npm ci` when the lock file changed (node_modules never
# lands in the source tree), wraps each dashboard (default: grafana/dashboards/*.json) as
#   export const dashboard: EgovkpiDashboard = <json>;
# and runs `tsc --noEmit`. Exit status: 0 when every dashboard type-checks, 1 otherwise.
# Needs node and npm (deploy/install-deps.sh) and the npm registry for the first `npm ci`.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 BUILD_DIR [DASHBOARD.json ...]" >&2
  exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mkdir -p "$1" && cd "$1" && pwd)/grafana-typecheck"
shift
if [[ $# -gt 0 ]]; then
  dashboards=("$@")
else
  dashboards=("$here"/../dashboards/*.json)
fi

for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "$0: $tool not found (deploy/install-deps.sh installs it)" >&2; exit 1; }
done

mkdir -p "$work"
cp "$here/package.json" "$here/package-lock.json" "$here/tsconfig.json" \
  "$here/dashboard-types.ts" "$work/"

# npm ci wipes node_modules first: only when the lock file differs from the installed one.
if ! cmp -s "$work/package-lock.json" "$work/node_modules/.egovkpi-installed-lock.json"; then
  (cd "$work" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
  cp "$work/package-lock.json" "$work/node_modules/.egovkpi-installed-lock.json"
fi

rm -rf "$work/generated"
mkdir -p "$work/generated"
for json in "${dashboards[@]}"; do
  [[ -f "$json" ]] || { echo "$0: no such dashboard: $json" >&2; exit 1; }
  name="$(basename "$json" .json)"
  # A line directive is not available in TypeScript: tsc reports positions in the generated
  # file, whose line N+1 is line N of the JSON (the first line holds the import).
  {
    printf "import type { EgovkpiDashboard } from '../dashboard-types';\n"
    printf "export const dashboard: EgovkpiDashboard = "
    cat "$json"
    printf ";\n"
  } >"$work/generated/$name.ts"
done

cd "$work"
if node_modules/.bin/tsc --noEmit -p tsconfig.json --pretty false; then
  echo "dashboard typecheck: ${#dashboards[@]} dashboard(s) ok"
else
  echo "dashboard typecheck FAILED; generated files are in $work/generated (line N+1 = JSON line N)" >&2
  exit 1
fi
