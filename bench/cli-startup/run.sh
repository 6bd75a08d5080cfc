#!/usr/bin/env bash
# Start-up cost of the CLI: the median wall time of `stockade version` and of a one-file scan,
# RUNS runs each (default 20), JIT build. Usage: bench/cli-startup/run.sh [BIN_DIR] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$here/src/Stockade.Cli/bin/Release/net10.0}
runs=${2:-20}
file=$here/examples/hardened/deployment.yaml
[ -f "$file" ] || file=$(ls "$here"/examples/hardened/*.yaml | head -1)
median() {
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f ms\n", m/1000}'
}
echo "version: $(median dotnet "$bin/stockade.dll" version)"
echo "scan one file: $(median dotnet "$bin/stockade.dll" scan --no-config "$file")"
