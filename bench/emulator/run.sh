#!/usr/bin/env bash
# Emulator throughput: starts the standalone emulator (Release, quotas on, latency 0) on loopback
# and drives non-streaming Converse with wrk for a bounded time. Prints wrk's report and a one-line
# summary; writes the raw output to bench/emulator/last-run.txt.
# Usage: bench/emulator/run.sh [duration=15s] [connections=64] [threads=2]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${1:-15s}"
CONNECTIONS="${2:-64}"
THREADS="${3:-2}"
PORT="${EMULATOR_BENCH_PORT:-4610}"
OUT=bench/emulator/last-run.txt

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get update && apt-get install -y wrk)" >&2; exit 2; }

dotnet build -c Release src/LoadTest -v quiet -nologo >/dev/null
dotnet src/LoadTest/bin/Release/net10.0/loadtest.dll emulator --config bench/emulator/bench.yaml \
  --port "$PORT" --http2-port "$((PORT + 1))" > bench/emulator/emulator.log 2>&1 &
EMU=$!
trap 'kill "$EMU" 2>/dev/null || true; wait "$EMU" 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
  grep -q "(http1)" bench/emulator/emulator.log 2>/dev/null && break
  sleep 0.1
done
grep -q "(http1)" bench/emulator/emulator.log || { echo "emulator did not start:" >&2; cat bench/emulator/emulator.log >&2; exit 1; }

URL="http://127.0.0.1:$PORT"
# Warm up (JIT, connection pools) before measuring.
wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -s bench/emulator/converse.lua "$URL" > /dev/null
{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) cores; wrk -t$THREADS -c$CONNECTIONS -d$DURATION converse.lua (quotas on, latencyScale 0)"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/emulator/converse.lua "$URL"
} | tee "$OUT"

RPS=$(awk '/Requests\/sec/ {print $2}' "$OUT")
if grep -q "Non-2xx" "$OUT"; then
  echo "WARNING: some responses were not 200 (see $OUT)" >&2
fi
echo "emulator throughput: ${RPS} req/s (non-streaming Converse, quotas on, latency 0)"
