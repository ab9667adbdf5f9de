#!/usr/bin/env bash
# Stream pacing of the emulator, measured without the LoadTest harness: the Release emulator pinned
# to core 0 (taskset -c 0), a bare socket client (PacingBench) pinned to core 1, N concurrent
# ConverseStream streams of 200 one-token deltas at 100 tokens/s after a 500 ms TTFT
# (bench/emulator/pacing.yaml), each connection starting its next stream when one ends, for a
# bounded time. Reports per N: what the client saw (TTFT, gaps between deltas), what the emulator
# says it sent (its timing log: gaps, lateness = written - due), and the emulator core's CPU.
# Usage: bench/emulator/pacing.sh [seconds=8] [N...=50 250 1000 2000]
#   LOADTEST_DLL=/path/to/loadtest.dll   measure that build instead of this tree's;
#   COMPARE_DLL=/path/to/loadtest.dll    also measure that build (e.g. the commit before a change),
#                                        right before this one for every N: side-by-side rows.
#   Builds without --timing-log are measured from the client side only.
# Each run is bounded: 30 s start-up, a 4 s warm-up, SECONDS of streams, 300 s hard limit, 15 s stop.
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
TCK=$(getconf CLK_TCK)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
get() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { print $2 }'; }

# run LABEL DLL N: one emulator, one warm-up, one measured client run; prints one table row.
run() {
  local label=$1 dll=$2 n=$3
  local log="$OUT/timing-$label-$n.jsonl" emulog="$OUT/emulator-$label-$n.log"
  rm -f "$log"
  local args=(emulator --config bench/emulator/pacing.yaml --port "$PORT" --http2-port "$((PORT + 1))")
  local timing=0
  dotnet "$dll" emulator --help 2>/dev/null | grep -q -- "--timing-log" && timing=1
  [ "$timing" = 1 ] && args+=(--timing-log "$log")
  taskset -c 0 dotnet "$dll" "${args[@]}" > "$emulog" 2>&1 &
  EMU=$!
  trap 'kill -TERM "$EMU" 2>/dev/null || true' EXIT
  for _ in $(seq 1 300); do
    grep -q "(http1)" "$emulog" 2>/dev/null && break
    sleep 0.1
  done
  grep -q "(http1)" "$emulog" || { echo "emulator did not start:" >&2; cat "$emulog" >&2; exit 1; }

  # Warm-up, excluded from the figures by the start timestamp below: long enough for tiered
  # compilation to replace the quick-JIT code of the per-frame path (a 2 s warm-up left it
  # unoptimized in the profile), then a pause for the background tier-1 compiles to land.
  taskset -c 1 timeout 120 dotnet "$CLIENT" client "$PORT" 200 4 1 100 > /dev/null
  sleep 1
  local before after t0 t1 result
  before=$(cpu_ticks "$EMU"); t0=$(date +%s.%N)
  result=$(taskset -c 1 timeout 300 dotnet "$CLIENT" client "$PORT" "$n" "$SECONDS_PER_RUN" 1 200)
  after=$(cpu_ticks "$EMU"); t1=$(date +%s.%N)
  # SIGTERM, not SIGINT: a background job of a script ignores SIGINT.
  kill -TERM "$EMU"
  for _ in $(seq 1 150); do kill -0 "$EMU" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$EMU" 2>/dev/null || true
  wait "$EMU" 2>/dev/null || true
  trap - EXIT

  # CPU per delta the client received: the emulator's cost per frame, which a busy machine
  # disturbs far less than lateness (other processes on core 0 delay the emulator however cheap it is).
  local perdelta cpu analysis="" a
  perdelta=$(awk -v a="$before" -v b="$after" -v tck="$TCK" -v d="$(get "$result" deltas)" 'BEGIN { printf "%.1f", (d > 0 ? (b - a) / tck / d * 1e6 : 0) }')
  cpu=$(awk -v a="$before" -v b="$after" -v t0="$t0" -v t1="$t1" -v tck="$TCK" 'BEGIN { printf "%.0f%%", (b - a) / tck / (t1 - t0) * 100 }')
  if [ "$timing" = 1 ] && [ -s "$log" ]; then
    analysis=$(timeout 120 dotnet "$CLIENT" analyze "$log" "$(get "$result" startUs)")
  fi
  a="$result $analysis"
  echo "$a" > "$OUT/result-$label-$n.txt"
  echo "| $label | $n | $(get "$a" streams) | $(get "$a" clientTtftP50) / $(get "$a" clientTtftP99) | $(get "$a" clientGapP50) / $(get "$a" clientGapP99) / $(get "$a" clientGapMax) | $(get "$a" emuGapP50) / $(get "$a" emuGapP99) | $(get "$a" emuLateP50) / $(get "$a" emuLateP99) / $(get "$a" emuLateMax) | $(get "$a" emuFirstLateP50) / $(get "$a" emuFirstLateP99) | $cpu | $perdelta | $(get "$a" clientCpu) | $(cut -d' ' -f1 /proc/loadavg) |"
}

echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) nproc=$(nproc) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# emulator on core 0 (this: $LOADTEST_DLL${COMPARE_DLL:+; compare: $COMPARE_DLL}), client on core 1; ${SECONDS_PER_RUN}s per N, 1 s ramp, 200 tokens/stream, modelled gap 10 ms, TTFT 500 ms"
echo "| build | N | streams done | client TTFT p50/p99 ms | client gap p50/p99/max ms | emu gap p50/p99 ms | emu lateness p50/p99/max ms | emu first-delta lateness p50/p99 ms | emu CPU | emu CPU µs/delta | client CPU | load 1m |"
echo "|---|---:|---:|---|---|---|---|---|---:|---:|---:|---:|"
for N in "${COUNTS[@]}"; do
  if [ -n "${COMPARE_DLL:-}" ]; then
    run compare "$COMPARE_DLL" "$N"
  fi
  run this "$LOADTEST_DLL" "$N"
done
echo "# done $(date -u +%Y-%m-%dT%H:%M:%SZ) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
