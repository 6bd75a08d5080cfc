#!/usr/bin/env bash
# Loopback load test of `stockade serve` vs a bare Kestrel endpoint, plus the per-Pod evaluation
# micro-benchmark. Bounded: about 4 × (DURATION + 2) seconds of load plus ~15 s of micro-benchmark.
#   bench/webhook-load/run.sh [--duration 10] [--concurrency 16] [--iterations 200000]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dotnet build "$here/Stockade.WebhookLoad.csproj" -c Release -v quiet -nologo >/dev/null
exec timeout 600 dotnet "$here/bin/Release/net10.0/stockade-webhook-load.dll" "$@"
