#!/usr/bin/env bash
# Speed benchmark for `stockade scan`: bare YamlDotNet parser vs the real scanner (in process) on a
# generated corpus, memory, then the CLI end to end as users run it beside the engine (a YAML
# directory on one core and two, a JSON List, --format json, 20 ValidatingAdmissionPolicies, audit --from a 100,000-object dump,
# start-up: JIT, ReadyToRun, the self-contained composite tool, NativeAOT). Takes several minutes on 2 cores; every step is bounded by `timeout`.
# The CLI rows run the linux-x64 tool's build (self-contained, one composite ReadyToRun image: what
# `dotnet tool install` puts on a user's PATH); the JIT build appears only in the start-up rows.
# Usage: [ROUNDS=N] bench/run.sh [--objects N] [--cli-only]   (results are printed; docs/benchmarks.md explains them)
#   --cli-only   only the CLI rows (YAML directory, JSON List, --format json, policies, audit), ROUNDS rounds (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."

OBJECTS=100000
CLI_ONLY=false
while [ $# -gt 0 ]; do
    case "$1" in
        --objects) OBJECTS="$2"; shift 2 ;;
        --cli-only) CLI_ONLY=true; shift ;;
        *) echo "usage: [ROUNDS=N] bench/run.sh [--objects N] [--cli-only]" >&2; exit 2 ;;
    esac
done
OUT=bench/out
BENCH=bench/Stockade.Bench/bin/Release/net10.0/stockade-bench
CLI_DLL=src/Stockade.Cli/bin/Release/net10.0/stockade.dll
SMALL_RUNS=20
mkdir -p "$OUT"

# Pulls one key=value figure out of a bench result line.
field() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100 * a / b }'; }

echo "== machine"
echo "nproc: $(nproc)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "memory: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "dotnet: $(dotnet --version)"
# The cores may be shared: wall figures suffer from other load, CPU-time figures much less.
echo "load average before start: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== build (Release)"
timeout 300 dotnet build bench/Stockade.Bench -c Release -nologo -v q 2>&1 | grep -E "error|Elapsed" || true
timeout 300 dotnet build src/Stockade.Cli -c Release -nologo -v q 2>&1 | grep -E "error|Elapsed" || true
# The linux-x64 tool package's build: the project's defaults for the RID (self-contained, trimmed,
# one composite ReadyToRun image with the runtime), the same files `dotnet tool install` unpacks.
TOOL=$OUT/tool
timeout 400 dotnet publish src/Stockade.Cli -c Release -r linux-x64 -o "$TOOL" -nologo >"$OUT/tool-publish.log" 2>&1 ||
    { echo "tool: publish failed; last lines of $OUT/tool-publish.log:"; tail -15 "$OUT/tool-publish.log"; exit 1; }

echo "== corpus"
CORPUS=$(timeout 120 "$BENCH" corpus "$OUT" --objects "$OBJECTS" --files 1000); echo "$CORPUS"
timeout 60 "$BENCH" corpus "$OUT/quarter" --objects $((OBJECTS / 4)) --files 250 >/dev/null

# The CLI as users run it, beside the engine: each command is a process of its own, started
# ROUNDS times in turn (A B A B …) so that load from other jobs falls on every side alike; the
# medians of wall time, CPU time (user + sys) and peak RSS are printed, with the load average. A
# round that exits non-zero (every command here exits 0 when it ran) marks its row as not a figure.
ROUNDS=${ROUNDS:-3}
median() { sort -n | awk '{ a[NR] = $1 } END { printf "%.2f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
interleave() {
    local labels=() cmds=() logs=()
    while [ $# -gt 0 ]; do labels+=("$1"); cmds+=("$2"); logs+=("$(mktemp)"); shift 2; done
    echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    for _ in $(seq "$ROUNDS"); do
        for i in "${!cmds[@]}"; do
            /usr/bin/time -f "%e %U %S %M %x" -a -o "${logs[$i]}" bash -c "exec ${cmds[$i]}" >/dev/null 2>&1 || true
        done
    done
    for i in "${!cmds[@]}"; do
        # GNU time adds a "Command exited with non-zero status N" line before the figures of such a round.
        grep -v '^Command ' "${logs[$i]}" >"${logs[$i]}.figures" || true
        local failed
        failed=$(awk '$5 != 0' "${logs[$i]}.figures" | wc -l)
        printf '%-44s wall %7s s  cpu %7s s  peak %5s MB%s\n' "${labels[$i]}" \
            "$(awk '{print $1}' "${logs[$i]}.figures" | median)" \
            "$(awk '{print $2 + $3}' "${logs[$i]}.figures" | median)" \
            "$(awk '{print $4 / 1024}' "${logs[$i]}.figures" | median)" \
            "$([ "$failed" -eq 0 ] || echo "  FAILED in $failed of $ROUNDS rounds (not a figure): ${cmds[$i]}")"
        rm -f "${logs[$i]}" "${logs[$i]}.figures"
    done
    echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
}

SCAN="$TOOL/stockade scan --no-config --fail-on none"

cli_rows() {
    echo "== CLI end to end, YAML directory ($OUT/quarter/many): one core and two, against a bare-parser process"
    interleave "stockade-bench parse --jobs 1 (process)" "$BENCH parse $OUT/quarter/many --jobs 1 --cold 1" \
        "stockade scan --jobs 1" "$SCAN --jobs 1 $OUT/quarter/many" \
        "stockade-bench parse --jobs 2 (process)" "$BENCH parse $OUT/quarter/many --jobs 2 --cold 1" \
        "stockade scan (default: one job per core)" "$SCAN $OUT/quarter/many"

    echo "== CLI end to end, JSON List against the same objects as YAML ($OUT/json)"
    # What `kubectl get -A -o json` prints: one List, keys sorted, indent 4 (12,000 objects, ~30 MB).
    if [ ! -f "$OUT/json/list.json" ]; then
        timeout 60 "$BENCH" corpus "$OUT/json" --objects 12000 --files 10 >/dev/null
        # The Python stays at column 0: it is indentation-sensitive.
        timeout 300 python3 -c '
import json, sys, yaml
docs = [d for d in yaml.load_all(open(sys.argv[1]), Loader=yaml.CSafeLoader) if d]
json.dump({"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": docs},
          open(sys.argv[2], "w"), indent=4, sort_keys=True)' "$OUT/json/big.yaml" "$OUT/json/list.json" \
            || echo "no python3 with PyYAML (CSafeLoader): the JSON List rows are skipped"
    fi
    if [ -f "$OUT/json/list.json" ]; then
        echo "list.json: $(wc -c <"$OUT/json/list.json") bytes; big.yaml: $(wc -c <"$OUT/json/big.yaml") bytes"
        interleave "scan the JSON List (text)" "$SCAN $OUT/json/list.json" \
            "scan the same objects as YAML (text)" "$SCAN $OUT/json/big.yaml" \
            "scan the same YAML, --format json" "$SCAN --format json $OUT/json/big.yaml"
    fi

    echo "== ValidatingAdmissionPolicies: 20 loaded ($OUT/quarter/many; target: the scan with them >= 80% of the scan without)"
    # bench/cel/policies20.yaml: 20 policies of three validations on Deployments, StatefulSets, DaemonSets.
    interleave "stockade scan --jobs 1" "$SCAN --jobs 1 $OUT/quarter/many" \
        "stockade scan --jobs 1, 20 policies" "$SCAN --jobs 1 --policy bench/cel/policies20.yaml $OUT/quarter/many"

    echo "== audit --from a 100,000-object dump ($OUT/big.yaml; target: peak under 500 MB)"
    ROUNDS=1 interleave "stockade audit --from big.yaml" "$TOOL/stockade audit --fail-on none --from $OUT/big.yaml"
}

if $CLI_ONLY; then cli_rows; exit 0; fi

echo "== single thread, one big file ($OUT/big.yaml)"
PARSE1=$(timeout 300 "$BENCH" parse "$OUT/big.yaml" --jobs 1 2>/dev/null); echo "$PARSE1"
SCAN1=$(timeout 300 "$BENCH" scan "$OUT/big.yaml" --jobs 1 2>/dev/null); echo "$SCAN1"

echo "== two threads, 1000 files ($OUT/many)"
PARSE2=$(timeout 300 "$BENCH" parse "$OUT/many" --jobs 2 2>/dev/null); echo "$PARSE2"
SCAN2=$(timeout 300 "$BENCH" scan "$OUT/many" --jobs 2 2>/dev/null); echo "$SCAN2"

echo "== memory: the same scan over a quarter of the corpus ($OUT/quarter/many)"
SCANQ=$(timeout 300 "$BENCH" scan "$OUT/quarter/many" --jobs 2 2>/dev/null); echo "$SCANQ"

echo "== where single-threaded scan time goes (quarter corpus, one file: the stages are per document)"
timeout 300 "$BENCH" breakdown "$OUT/quarter/big.yaml"

# Median wall time in milliseconds of SMALL_RUNS runs of a command (its exit code is ignored:
# scan exits 1 when it has failing findings).
median_ms() {
    local times=()
    for _ in $(seq "$SMALL_RUNS"); do
        local start end
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1 || true
        end=$(date +%s%N)
        times+=($(( (end - start) / 1000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END { printf "%.1f", (t[int((NR + 1) / 2)] + t[int(NR / 2) + 1]) / 2000 }'
}

echo "== one small file end to end ($OUT/small.yaml, $(wc -c <"$OUT/small.yaml") bytes), median of $SMALL_RUNS"
JIT_MS=$(median_ms dotnet "$CLI_DLL" scan "$OUT/small.yaml")
echo "jit: dotnet $CLI_DLL scan: ${JIT_MS} ms"

AOT_MS="n/a"
echo "publishing NativeAOT (log: $OUT/aot-publish.log)"
if timeout 400 dotnet publish src/Stockade.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$OUT/aot" -nologo >"$OUT/aot-publish.log" 2>&1; then
    echo "aot linker: $(command -v clang >/dev/null && echo clang || echo 'gcc (no clang on PATH: the SDK falls back to gcc)')"
    echo "aot zlib: $(grep -q '<UseSystemZlib' "$OUT/aot-publish.log" 2>/dev/null; dpkg -s zlib1g-dev >/dev/null 2>&1 && echo 'zlib1g-dev installed (the SDK links the system -lz when its package ships no libz.a)' || echo 'zlib1g-dev not installed')"
    echo "aot binary: $(du -h "$OUT/aot/stockade" | cut -f1), trim/AOT warnings: $(grep -c 'warning IL' "$OUT/aot-publish.log" || true)"
    AOT_MS=$(median_ms "$OUT/aot/stockade" scan "$OUT/small.yaml")
    echo "aot: $OUT/aot/stockade scan: ${AOT_MS} ms"
else
    echo "aot: publish failed; last lines of the log:"
    tail -15 "$OUT/aot-publish.log"
fi

cli_rows
echo "-- the policies in process, per matched object (target: one typical policy under 20 us)"
timeout 300 "$BENCH" vap "$OUT/quarter/many" --policy bench/cel/policies20.yaml --rounds 3

echo "== start-up: one small Deployment ($OUT/deployment.yaml) and \`stockade version\`, median of $SMALL_RUNS"
awk '/^---/ { d++; next } d == 2' examples/hardened/deployment.yaml >"$OUT/deployment.yaml"
APPHOST="${CLI_DLL%.dll}"
ROUNDS=$SMALL_RUNS interleave "jit: dotnet stockade.dll scan" "dotnet $CLI_DLL scan --no-config $OUT/deployment.yaml" \
    "jit: apphost scan" "$APPHOST scan --no-config $OUT/deployment.yaml" \
    "jit: apphost version" "$APPHOST version"
R2R=$OUT/r2r
# r2r is the framework-dependent ReadyToRun build (the tool package's until 2026-12-06).
if timeout 400 dotnet publish src/Stockade.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$R2R" -nologo >"$OUT/r2r-publish.log" 2>&1; then
    ROUNDS=$SMALL_RUNS interleave "jit: apphost scan" "$APPHOST scan --no-config $OUT/deployment.yaml" \
        "r2r: apphost scan" "$R2R/stockade scan --no-config $OUT/deployment.yaml" \
        "r2r: apphost version" "$R2R/stockade version" \
        "tool (self-contained composite): scan" "$TOOL/stockade scan --no-config $OUT/deployment.yaml" \
        "tool (self-contained composite): version" "$TOOL/stockade version" \
        "aot: scan" "$([ -x "$OUT/aot/stockade" ] && echo "$OUT/aot/stockade" || echo false) scan --no-config $OUT/deployment.yaml" \
        "aot: version" "$([ -x "$OUT/aot/stockade" ] && echo "$OUT/aot/stockade" || echo false) version"
else
    echo "r2r: publish failed; last lines of $OUT/r2r-publish.log:"
    tail -15 "$OUT/r2r-publish.log"
fi

echo "== summary"
printf '%-52s %s\n' \
    "corpus" "$(field "$SCAN1" objects) objects, $(field "$SCAN1" mb) MB" \
    "bare YamlDotNet parser, 1 thread (MB/s)" "$(field "$PARSE1" mb_per_s)" \
    "scan, 1 thread (MB/s, objects/s)" "$(field "$SCAN1" mb_per_s), $(field "$SCAN1" objects_per_s)" \
    "scan / parser, 1 thread (target >= 75%)" "$(ratio "$(field "$SCAN1" mb_per_s)" "$(field "$PARSE1" mb_per_s)")" \
    "per CPU second: parser / scan, 1 thread (MB)" "$(field "$PARSE1" mb_per_cpu_s) / $(field "$SCAN1" mb_per_cpu_s)" \
    "scan / parser by CPU time, 1 thread" "$(ratio "$(field "$SCAN1" mb_per_cpu_s)" "$(field "$PARSE1" mb_per_cpu_s)")" \
    "bare parser, 2 threads, 1000 files (MB/s)" "$(field "$PARSE2" mb_per_s)" \
    "scan, 2 threads, 1000 files (MB/s, objects/s)" "$(field "$SCAN2" mb_per_s), $(field "$SCAN2" objects_per_s)" \
    "scan / parser, 2 threads" "$(ratio "$(field "$SCAN2" mb_per_s)" "$(field "$PARSE2" mb_per_s)")" \
    "scan / parser by CPU time, 2 threads" "$(ratio "$(field "$SCAN2" mb_per_cpu_s)" "$(field "$PARSE2" mb_per_cpu_s)")" \
    "findings" "$(field "$SCAN1" findings)" \
    "largest document (bytes)" "$(field "$CORPUS" largest_document_bytes)" \
    "peak working set: parse 1T / scan 1T (MB)" "$(field "$PARSE1" peak_working_set_mb) / $(field "$SCAN1" peak_working_set_mb)" \
    "peak working set: scan 2T, full / quarter corpus (MB)" "$(field "$SCAN2" peak_working_set_mb) / $(field "$SCANQ" peak_working_set_mb)" \
    "allocated per scan, 1 thread (MB)" "$(field "$SCAN1" allocated_mb)" \
    "small file end to end: JIT / AOT (ms)" "$JIT_MS / $AOT_MS" \
    "load average at the end" "$(cut -d' ' -f1-3 /proc/loadavg)"
