#!/usr/bin/env bash
# Loopback load test of `stockade serve` vs a bare Kestrel endpoint, plus the per-Pod evaluation
# micro-benchmark. Bounded: about (ROUNDS + 1) × 4 × (DURATION + 2) seconds of load plus ~15 s of
# micro-benchmark. A warm-up round (printed, not counted), then each round runs every row once
# (bare Kestrel, audited Pod, Pod without the audit log, audited Deployment), so the machine's load
# falls on all rows alike; with more than one round the medians are printed too.
#   bench/webhook-load/run.sh [--duration 10] [--concurrency 16] [--iterations 200000] [--rounds 1]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dotnet build "$here/Stockade.WebhookLoad.csproj" -c Release -v quiet -nologo >/dev/null
exec timeout 3000 dotnet "$here/bin/Release/net10.0/stockade-webhook-load.dll" "$@"
