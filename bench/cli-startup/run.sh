#!/usr/bin/env bash
# Start-up cost of the CLI as users run it: the median wall time and the median CPU time (user + sys,
# which a loaded machine disturbs less than wall time) of `stockade version` and of a one-file scan,
# RUNS interleaved rounds (every build once per round, so load drifts hit all of them alike).
#
# Builds compared:
#   jit   the Release build's apphost (src/Stockade.Cli/bin/Release/net10.0, built if missing)
#   tool  the dotnet tool as a user installs it: `dotnet pack` into a folder, then
#         `dotnet tool install --tool-path` from that folder alone, which picks the RID-specific
#         package (linux-x64: self-contained, one composite ReadyToRun image with its trimmed
#         runtime) on this machine
#   NAME=DIR  any further build folder holding a `stockade` binary, e.g. aot=out (a NativeAOT
#         publish, which takes minutes: dotnet publish src/Stockade.Cli -c Release -r linux-x64
#         -p:PublishAot=true -o out) or before=DIR (a build of another commit)
#
# Usage: [STOCKADE_PACKAGES=DIR] bench/cli-startup/run.sh [RUNS] [NAME=DIR …]      (RUNS default 20)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-20}
[ $# -gt 0 ] && shift
file=$here/examples/hardened/deployment.yaml
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

jit=$here/src/Stockade.Cli/bin/Release/net10.0
[ -x "$jit/stockade" ] || dotnet build "$here/src/Stockade.Cli" -c Release -nologo -v q >/dev/null

# STOCKADE_PACKAGES=DIR: install from packages already packed there (build/release.sh's OUTDIR) instead.
packages=${STOCKADE_PACKAGES:-$work/packages}
[ -n "${STOCKADE_PACKAGES:-}" ] || dotnet pack "$here/src/Stockade.Cli" -c Release -o "$packages" -nologo -v q >/dev/null
version=$(cd "$packages" && ls Stockade.*.nupkg | sed -n 's/^Stockade\.\([0-9][^/]*\)\.nupkg$/\1/p')
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear /><add key="packed" value="$packages" /></packageSources></configuration>
XML
dotnet tool install --tool-path "$work/tool" --configfile "$work/nuget.config" stockade --version "$version" >/dev/null
echo "tool: $(readlink "$work/tool/stockade" | sed 's|.*/\.store/||')"

names=(jit tool); dirs=("$jit" "$work/tool")
for extra in "$@"; do names+=("${extra%%=*}"); dirs+=("${extra#*=}"); done

median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.0f", m}'; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $runs rounds"
for _ in $(seq "$runs"); do
  for i in "${!names[@]}"; do
    bin=${dirs[$i]}/stockade
    /usr/bin/time -f "%e %U %S" -a -o "$work/${names[$i]}.version" "$bin" version >/dev/null 2>&1 || true
    /usr/bin/time -f "%e %U %S" -a -o "$work/${names[$i]}.scan" "$bin" scan --no-config "$file" >/dev/null 2>&1 </dev/null || true
  done
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-11s %-28s %s\n' build "scan one file (wall / CPU)" "version (wall / CPU)"
for name in "${names[@]}"; do
  figures() { echo "$(awk '{print $1 * 1000}' "$1" | median) / $(awk '{print ($2 + $3) * 1000}' "$1" | median) ms"; }
  printf '%-11s %-28s %s\n' "$name" "$(figures "$work/$name.scan")" "$(figures "$work/$name.version")"
done
