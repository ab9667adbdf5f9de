#!/usr/bin/env bash
# Streaming latency benchmark (issue 9): N concurrent streams at 100 tokens/s in one-token deltas,
# TTFT 500 ms, with the emulator pinned to core 0 and the harness to core 1 (taskset), so each
# has a core of its own. For every (api, N) it prints what the harness measured against the
# modelled values (end to end), and, from the two timing logs joined on the request id, how much
# of that the harness added (harness TTFT minus the emulator's first-delta time; each delta's
# arrival in the harness minus its write in the emulator) and how late the emulator itself was.
#
# Usage: bench/streaming/run.sh [N ...]            (default: 250 500 1000 2000)
# Environment:
#   APIS="converse-stream invoke-stream"   which streaming APIs (default both)
#   LOADTEST_DLL=path/to/loadtest.dll       harness build to measure (default: this tree's Release)
#   EMULATOR_DLL=path/to/loadtest.dll       emulator build (default: LOADTEST_DLL)
#   LABEL=after                             a label for the output folder and the table rows
#   NO_BUILD=1                              skip the Release build
#   PORT=4640                               emulator port (PORT+1 for h2c)
#   HARNESS_PORT=4641                       send the harness to another port (e.g. the h2c one)
#   HARNESS_ENV="K=V ..."                   extra environment for the harness process only
#   DURATION_NOTE                           free text recorded in the header (e.g. what changed)
# Results under bench/out/streaming/LABEL/ (git-ignored); the table also goes to
# bench/streaming/last-run.txt. Every run is bounded: 15 s of load plus drain, killed after 120 s.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PORT="${PORT:-4640}"
LABEL="${LABEL:-current}"
APIS="${APIS:-converse-stream invoke-stream}"
LOADTEST_DLL="${LOADTEST_DLL:-$ROOT/src/LoadTest/bin/Release/net10.0/loadtest.dll}"
EMULATOR_DLL="${EMULATOR_DLL:-$LOADTEST_DLL}"
OUT="$ROOT/bench/out/streaming/$LABEL"
LOG="$ROOT/bench/streaming/last-run.txt"
CONFIG="$ROOT/bench/streaming/streaming.yaml"
COUNTS=("$@")
[ ${#COUNTS[@]} -eq 0 ] && COUNTS=(250 500 1000 2000)
[ "$(nproc)" -ge 2 ] || { echo "needs 2 cores (emulator and harness pinned apart)" >&2; exit 2; }

if [ "${NO_BUILD:-}" != 1 ] && [ "$LOADTEST_DLL" = "$ROOT/src/LoadTest/bin/Release/net10.0/loadtest.dll" ]; then
  dotnet build -c Release src/LoadTest -v quiet -nologo >/dev/null
fi

mkdir -p "$OUT"
ulimit -n 20000 2>/dev/null || ulimit -n 8192
say() { echo "$*" | tee -a "$LOG"; }
say ""
say "=== streaming latency [$LABEL] $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load average $(cut -d' ' -f1-3 /proc/loadavg)"
say "harness: $LOADTEST_DLL ${HARNESS_ENV:-}"
[ -n "${DURATION_NOTE:-}" ] && say "note: $DURATION_NOTE"
say "emulator: $EMULATOR_DLL"

# Optional flags: older builds have no timing logs; the analysis then reports end-to-end only.
supports() { dotnet "$1" "$2" --help 2>/dev/null | grep -q -- "--timing-log"; }
EMU_TIMING=0; supports "$EMULATOR_DLL" emulator && EMU_TIMING=1
RUN_TIMING=0; supports "$LOADTEST_DLL" run && RUN_TIMING=1

EMU=""
stop_emulator() {
  if [ -n "$EMU" ]; then
    # SIGTERM, not SIGINT: a background job of a script ignores SIGINT. The emulator stops
    # gracefully on it (and flushes its timing log); give it 10 s, then kill it.
    kill -TERM "$EMU" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$EMU" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$EMU" 2>/dev/null || true
    wait "$EMU" 2>/dev/null || true
    EMU=""
  fi
}
trap stop_emulator EXIT

# utime + stime of a process in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

for api in $APIS; do
  for n in "${COUNTS[@]}"; do
    name="$api-$n"
    dir="$OUT/$name"
    rm -rf "$dir"; mkdir -p "$dir"
    emu_args=(emulator --config "$CONFIG" --port "$PORT" --http2-port "$((PORT + 1))")
    [ "$EMU_TIMING" = 1 ] && emu_args+=(--timing-log "$dir/emulator-timing.jsonl")
    taskset -c 0 dotnet "$EMULATOR_DLL" "${emu_args[@]}" > "$dir/emulator.log" 2>&1 &
    EMU=$!
    for _ in $(seq 1 100); do grep -q "(http1)" "$dir/emulator.log" 2>/dev/null && break; sleep 0.1; done
    grep -q "(http1)" "$dir/emulator.log" || { cat "$dir/emulator.log" >&2; exit 1; }

    run_args=(run --config "$CONFIG" --scenario "$name" --endpoint "http://127.0.0.1:${HARNESS_PORT:-$PORT}" --out "$dir/results")
    [ "$RUN_TIMING" = 1 ] && run_args+=(--timing-log "$dir/harness-timing.jsonl")
    emu_cpu0=$(cpu_ticks "$EMU")
    start_ns=$(date +%s%N)
    # shellcheck disable=SC2086
    env ${HARNESS_ENV:-} taskset -c 1 dotnet "$LOADTEST_DLL" "${run_args[@]}" > "$dir/run.log" 2>&1 &
    pid=$!
    hwm=0 deadline=$((SECONDS + 120)) harness_cpu=0
    while kill -0 "$pid" 2>/dev/null; do
      if [ "$SECONDS" -ge "$deadline" ]; then say "run $name still going after 120 s: stopping it"; kill "$pid" 2>/dev/null || true; break; fi
      h=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
      [ -n "$h" ] && [ "$h" -gt "$hwm" ] && hwm=$h
      t=$(cpu_ticks "$pid"); [ "$t" -gt "$harness_cpu" ] && harness_cpu=$t
      sleep 0.5
    done
    wait "$pid" || true
    end_ns=$(date +%s%N)
    emu_cpu1=$(cpu_ticks "$EMU")
    stop_emulator
    tick=$(getconf CLK_TCK)
    wall=$(awk -v a="$start_ns" -v b="$end_ns" 'BEGIN {printf "%.2f", (b - a) / 1e9}')
    python3 bench/streaming/analyze.py "$dir" "$LABEL" "$api" "$n" \
      --harness-cpu-s "$(awk -v t="$harness_cpu" -v k="$tick" 'BEGIN {print t / k}')" \
      --emulator-cpu-s "$(awk -v a="$emu_cpu0" -v b="$emu_cpu1" -v k="$tick" 'BEGIN {print (b - a) / k}')" \
      --wall-s "$wall" --harness-hwm-kib "$hwm" | tee -a "$LOG"
  done
done
