#!/usr/bin/env bash
# Peak memory of `stockade scan` (default profile and format, the CLI as users run it) against the
# size of one stream on stdin: the generated corpus (110 MB, 100,000 objects) repeated K times.
# Memory must be bounded by the largest document, not the stream: the target is a 2 GB stream
# (K=18) under 1 GiB.
#   bench/memory.sh [K…]     (default: 1 2 4; `bench/memory.sh 1 4 18` for the 2 GB point)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/out
BENCH=bench/Stockade.Bench/bin/Release/net10.0/stockade-bench
CLI_DLL=src/Stockade.Cli/bin/Release/net10.0/stockade.dll
[ $# -gt 0 ] || set -- 1 2 4
timeout 300 dotnet build bench/Stockade.Bench -c Release -nologo -v q >/dev/null
timeout 300 dotnet build src/Stockade.Cli -c Release -nologo -v q >/dev/null
mkdir -p "$OUT"
[ -f "$OUT/big.yaml" ] || timeout 300 "$BENCH" corpus "$OUT" --objects 100000 --files 1000 >/dev/null
SIZE=$(stat -c %s "$OUT/big.yaml")
echo "load average before start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| stream | objects | peak RSS | wall |"
echo "|---:|---:|---:|---:|"
for k in "$@"; do
    # GNU time's %M is the largest resident set of the commands it waited for: the scan, not cat.
    read -r rss wall < <( { /usr/bin/time -f "%M %e" sh -c "for i in \$(seq $k); do cat '$OUT/big.yaml'; done | dotnet '$CLI_DLL' scan --no-config --fail-on none - >/dev/null" ; } 2>&1 | tail -1 )
    awk -v k="$k" -v s="$SIZE" -v r="$rss" -v w="$wall" 'BEGIN { printf "| %.0f MB | %d | %.0f MB | %s s |\n", k * s / 1e6, k * 100000, r / 1024, w }'
done
