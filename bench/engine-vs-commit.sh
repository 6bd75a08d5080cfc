#!/bin/bash
# The engine in process against an older commit's, with the older commit's own hardened rules, so
# the core's speed is compared and not the catalogue's growth (docs/benchmarks.md, "The engine
# against 2026-11-24, the same rules"). Builds both, one corpus, interleaved rounds.
#   bench/engine-vs-commit.sh [COMMIT] [ROUNDS]        (default b41ab3d, 3 rounds)
set -euo pipefail
commit="${1:-b41ab3d}"
rounds="${2:-3}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${TMPDIR:-/tmp}/stockade-engine-vs-$commit"
mkdir -p "$work"

[ -d "$work/old" ] || git -C "$root" worktree add -q --detach "$work/old" "$commit"
dotnet build "$work/old/bench/Stockade.Bench" -c Release -v q -nologo >/dev/null
dotnet build "$work/old/src/Stockade.Cli" -c Release -v q -nologo >/dev/null
dotnet build "$root/bench/Stockade.Bench" -c Release -v q -nologo >/dev/null
old="$work/old/bench/Stockade.Bench/bin/Release/net10.0/stockade-bench.dll"
new="$root/bench/Stockade.Bench/bin/Release/net10.0/stockade-bench.dll"

# The older build's hardened profile: its rules on by default, less the PSS controls and PSP rules
# (which that profile does not run).
dotnet "$work/old/src/Stockade.Cli/bin/Release/net10.0/stockade.dll" rules --format json |
  python3 -c 'import json,sys; print(",".join(r["id"] for r in json.load(sys.stdin) if r["enabledByDefault"] and not r["id"].startswith(("pss-","psp"))))' >"$work/rules.txt"
echo "rules of $commit's hardened profile: $(tr ',' '\n' <"$work/rules.txt" | wc -l)"

[ -f "$work/corpus/big.yaml" ] || dotnet "$new" corpus "$work/corpus" >/dev/null
file="$work/corpus/big.yaml"
for round in $(seq 1 "$rounds"); do
  echo "round $round load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "old-profile $(dotnet "$old" scan "$file" --jobs 1 | grep '^bench=')"
  echo "same-rules  $(dotnet "$new" scan "$file" --jobs 1 --rules "$(cat "$work/rules.txt")" | grep '^bench=')"
  echo "profile     $(dotnet "$new" scan "$file" --jobs 1 | grep '^bench=')"
  echo "parser      $(dotnet "$new" parse "$file" --jobs 1 | grep '^bench=')"
done
echo "end load $(cut -d' ' -f1-3 /proc/loadavg)"
