#!/usr/bin/env bash
# Stream pacing of the emulator, measured without the LoadTest harness: the Release emulator pinned
# to core 0 (taskset -c 0), a bare socket client (PacingBench) pinned to core 1, N concurrent
# ConverseStream streams of 200 one-token deltas at 100 tokens/s after a 500 ms TTFT
# (bench/emulator/pacing.yaml), each connection starting its next stream when one ends, for a
# bounded time. Reports per N: what the client saw (TTFT, gaps between deltas), what the emulator
# says it sent (its timing log: gaps, lateness = written - due), and the emulator core's CPU.
# Usage: bench/emulator/pacing.sh [seconds=8] [N...=50 250 1000 2000]
#   LOADTEST_DLL=/path/to/loadtest.dll  measure another build (e.g. the commit before a change);
#   builds without --timing-log are measured from the client side only.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN="${1:-8}"
shift || true
COUNTS=("$@")
[ ${#COUNTS[@]} -gt 0 ] || COUNTS=(50 250 1000 2000)
PORT="${EMULATOR_BENCH_PORT:-4620}"
OUT=bench/out/emulator-pacing
mkdir -p "$OUT"

if [ -z "${LOADTEST_DLL:-}" ]; then
  dotnet build -c Release src/LoadTest -v quiet -nologo >/dev/null
  LOADTEST_DLL=src/LoadTest/bin/Release/net10.0/loadtest.dll
fi
dotnet build -c Release bench/emulator/PacingBench -v quiet -nologo >/dev/null
CLIENT=bench/emulator/PacingBench/bin/Release/net10.0/PacingBench.dll
TIMING=0
dotnet "$LOADTEST_DLL" emulator --help 2>/dev/null | grep -q -- "--timing-log" && TIMING=1
TCK=$(getconf CLK_TCK)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) nproc=$(nproc) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# emulator $LOADTEST_DLL on core 0, client on core 1; ${SECONDS_PER_RUN}s per N, 1 s ramp, 200 tokens/stream, modelled gap 10 ms, TTFT 500 ms"
echo "| N | streams | client TTFT p50/p99 ms | client gap p50/p99/max ms | emu gap p50/p99 ms | emu lateness p50/p99/max ms | emu first-delta lateness p50/p99 ms | emu CPU | emu CPU µs/delta | client CPU |"
echo "|---:|---:|---|---|---|---|---|---:|---:|---:|"
for N in "${COUNTS[@]}"; do
  LOG="$OUT/timing-$N.jsonl"
  rm -f "$LOG"
  ARGS=(emulator --config bench/emulator/pacing.yaml --port "$PORT" --http2-port "$((PORT + 1))")
  [ "$TIMING" = 1 ] && ARGS+=(--timing-log "$LOG")
  taskset -c 0 dotnet "$LOADTEST_DLL" "${ARGS[@]}" > "$OUT/emulator-$N.log" 2>&1 &
  EMU=$!
  trap 'kill -TERM "$EMU" 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do
    grep -q "(http1)" "$OUT/emulator-$N.log" 2>/dev/null && break
    sleep 0.1
  done
  grep -q "(http1)" "$OUT/emulator-$N.log" || { echo "emulator did not start:" >&2; cat "$OUT/emulator-$N.log" >&2; exit 1; }

  # Warm-up, excluded from the figures by the start timestamp below: long enough for tiered
  # compilation to replace the quick-JIT code of the per-frame path (a 2 s warm-up left it
  # unoptimized in the profile), then a pause for the background tier-1 compiles to land.
  taskset -c 1 dotnet "$CLIENT" client "$PORT" 200 4 1 100 > /dev/null
  sleep 1
  BEFORE=$(cpu_ticks "$EMU"); T0=$(date +%s.%N)
  RESULT=$(taskset -c 1 timeout 300 dotnet "$CLIENT" client "$PORT" "$N" "$SECONDS_PER_RUN" 1 200)
  AFTER=$(cpu_ticks "$EMU"); T1=$(date +%s.%N)
  kill -TERM "$EMU"
  for _ in $(seq 1 150); do kill -0 "$EMU" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$EMU" 2>/dev/null || true
  wait "$EMU" 2>/dev/null || true
  trap - EXIT
  get() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { print $2 }'; }
  # CPU per delta the client received: the emulator's cost per frame, robust to a busy machine
  # (lateness is not: other processes on core 0 delay the emulator however cheap it is).
  PERDELTA=$(awk -v a="$BEFORE" -v b="$AFTER" -v tck="$TCK" -v d="$(get "$RESULT" deltas)" 'BEGIN { printf "%.1f", (d > 0 ? (b - a) / tck / d * 1e6 : 0) }')
  EMUCPU=$(awk -v a="$BEFORE" -v b="$AFTER" -v t0="$T0" -v t1="$T1" -v tck="$TCK" 'BEGIN { printf "%.0f%%", (b - a) / tck / (t1 - t0) * 100 }')
  ANALYSIS=""
  if [ "$TIMING" = 1 ] && [ -s "$LOG" ]; then
    ANALYSIS=$(dotnet "$CLIENT" analyze "$LOG" "$(get "$RESULT" startUs)")
  fi
  A="$RESULT $ANALYSIS"
  echo "$A" > "$OUT/result-$N.txt"
  echo "| $N | $(get "$A" streams) (short $(get "$A" short), failed $(get "$A" failed)) | $(get "$A" clientTtftP50) / $(get "$A" clientTtftP99) | $(get "$A" clientGapP50) / $(get "$A" clientGapP99) / $(get "$A" clientGapMax) | $(get "$A" emuGapP50) / $(get "$A" emuGapP99) | $(get "$A" emuLateP50) / $(get "$A" emuLateP99) / $(get "$A" emuLateMax) | $(get "$A" emuFirstLateP50) / $(get "$A" emuFirstLateP99) | $EMUCPU | $PERDELTA | $(get "$A" clientCpu) |"
  grep -i "lateness" "$OUT/emulator-$N.log" >&2 || true
done
echo "# done $(date -u +%Y-%m-%dT%H:%M:%SZ) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
