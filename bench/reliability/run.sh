#!/usr/bin/env bash
# The figures of docs/reliability.md: the hostile-input and fault suite (tests/Stockade.Tests/Hostile),
# counted per area, then the webhook held under load with its audit lines counted.
#   bench/reliability/run.sh [--duration 10]
# Bounded: the suite takes about a minute on 2 cores, the load run about 4 × (DURATION + 2) s.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=10
if [[ "${1:-}" == "--duration" ]]; then DURATION="$2"; fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== hostile-input and fault suite"
timeout 900 dotnet build Stockade.sln -c Release -nologo -v q >/dev/null
set +e
timeout 900 dotnet test tests/Stockade.Tests -c Release --no-build --filter "FullyQualifiedName~Stockade.Tests.Hostile" \
    --logger "trx;LogFileName=hostile.trx" --results-directory "$OUT" >"$OUT/test.log" 2>&1
status=$?
set -e
# One line per test class: passed and failed cases (a theory counts each row).
python3 - "$OUT/hostile.trx" <<'PY'
import sys, re, collections
import xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
root = ET.parse(sys.argv[1]).getroot()
areas = collections.OrderedDict()
for r in root.iterfind(".//t:UnitTestResult", ns):
    name = r.get("testName")
    cls = re.sub(r"^Stockade\.Tests\.Hostile\.", "", name).split(".")[0]
    a = areas.setdefault(cls, [0, 0])
    a[0 if r.get("outcome") == "Passed" else 1] += 1
total = [0, 0]
for cls, (p, f) in areas.items():
    print(f"  {cls:32} {p:4} passed {f:3} failed")
    total[0] += p; total[1] += f
print(f"  {'all hostile cases':32} {total[0]:4} passed {total[1]:3} failed")
PY
echo "== webhook under load (audit log on; every answered review must have its audit line)"
bash bench/webhook-load/run.sh --duration "$DURATION" || status=1
exit "$status"
