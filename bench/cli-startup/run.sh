#!/usr/bin/env bash
# Start-up cost of the CLI (JIT build): the median wall time and the median CPU time (user + sys,
# which a loaded machine disturbs less) of `stockade version` and of a one-file scan, RUNS runs each.
# Usage: bench/cli-startup/run.sh [BIN_DIR] [RUNS]   (BIN_DIR default: the Release build)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$here/src/Stockade.Cli/bin/Release/net10.0}
runs=${2:-20}
file=$here/examples/hardened/deployment.yaml
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.0f", m}'; }
measure() {
  local out
  out=$(mktemp)
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %S" -a -o "$out" "$@" >/dev/null 2>&1 || true
  done
  echo "$(awk '{print $1 * 1000}' "$out" | median) ms wall, $(awk '{print ($2 + $3) * 1000}' "$out" | median) ms CPU"
  rm -f "$out"
}
echo "version:       $(measure "$bin/stockade" version)"
echo "scan one file: $(measure "$bin/stockade" scan --no-config "$file")"
