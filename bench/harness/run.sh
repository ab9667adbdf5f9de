#!/usr/bin/env bash
# Harness performance targets (docs/BENCHMARKS.md), each against a standalone Release emulator on
# 127.0.0.1 in its own process:
#   throughput  wrk vs `loadtest run` (closed model, 64 users), non-streaming Converse, quotas off,
#               zero latency; prints both rates and the ratio (target >= 0.5); in between, the
#               client-only loop of bench/harness/ClientBench (bare HttpClient, BedrockRuntimeClient)
#   accuracy    open model, constant 60,000 rpm for 30 s; achieved rate (target within 1 %) and
#               p99 start lateness = startedMs - scheduledMs from requests.csv (target <= 5 ms)
#   streams     5,000 users each holding one ~25 s ConverseStream; harness VmHWM/VmRSS sampled
#               from /proc (target <= 1 GiB) and how many streams were open at once
# Usage: bench/harness/run.sh [throughput|accuracy|streams|all ...]   (default: all)
# Environment: HARNESS_BENCH_PORT (default 4620, uses PORT and PORT+1), WRK_DURATION (15s),
#   WRK_CONNECTIONS (64), NO_BUILD=1 to skip the Release build.
# Writes results under bench/out/harness/ (git-ignored) and a log to bench/harness/last-run.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PORT="${HARNESS_BENCH_PORT:-4620}"
WRK_DURATION="${WRK_DURATION:-15s}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-64}"
OUT="$ROOT/bench/out/harness"
LOG="$ROOT/bench/harness/last-run.txt"
DLL="$ROOT/src/LoadTest/bin/Release/net10.0/loadtest.dll"
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(throughput accuracy streams)

mkdir -p "$OUT"
: > "$LOG"
say() { echo "$*" | tee -a "$LOG"; }

if [ "${NO_BUILD:-}" != 1 ]; then
  dotnet build -c Release src/LoadTest -v quiet -nologo >/dev/null
  dotnet build -c Release bench/harness/ClientBench -v quiet -nologo >/dev/null
fi

EMU=""
stop_emulator() {
  if [ -n "$EMU" ]; then
    kill "$EMU" 2>/dev/null || true
    wait "$EMU" 2>/dev/null || true
    EMU=""
  fi
}
trap stop_emulator EXIT

start_emulator() { # config
  stop_emulator
  dotnet "$DLL" emulator --config "$1" --port "$PORT" --http2-port "$((PORT + 1))" > "$OUT/emulator.log" 2>&1 &
  EMU=$!
  for _ in $(seq 1 100); do
    grep -q "(http1)" "$OUT/emulator.log" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "emulator did not start:" >&2
  cat "$OUT/emulator.log" >&2
  exit 1
}

header() {
  say ""
  say "=== $1 ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
}

# `loadtest run` against the standalone emulator; stdout/stderr into OUT/<scenario>.log.
harness() { # config scenario outdir
  rm -rf "$3"
  timeout 180 dotnet "$DLL" run --config "$1" --scenario "$2" --endpoint "http://127.0.0.1:$PORT" --out "$3" \
    > "$OUT/$2.log" 2>&1
}

run_throughput() {
  command -v wrk >/dev/null || { echo "wrk is not installed (apt-get update && apt-get install -y wrk)" >&2; exit 2; }
  header "throughput: wrk vs loadtest run, non-streaming Converse, quotas off, latency 0"
  start_emulator bench/harness/bench.yaml
  local url="http://127.0.0.1:$PORT"
  wrk -t2 -c"$WRK_CONNECTIONS" -d3s -s bench/emulator/converse.lua "$url" > /dev/null   # warm-up
  wrk -t2 -c"$WRK_CONNECTIONS" -d"$WRK_DURATION" --latency -s bench/emulator/converse.lua "$url" > "$OUT/wrk.txt"
  grep -E "Requests/sec|Non-2xx|requests in|    50%|    99%" "$OUT/wrk.txt" | sed 's/^/wrk: /' | tee -a "$LOG"
  local wrk_rps
  wrk_rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk.txt")
  # Where the harness's time goes: the same closed loop with a bare HttpClient and with
  # BedrockRuntimeClient alone (no engine, no measurement), 64 callers, 10 s each after a 3 s warm-up.
  timeout 60 dotnet bench/harness/ClientBench/bin/Release/net10.0/ClientBench.dll "$url" 10 "$WRK_CONNECTIONS" \
    | sed 's/^/client-only: /' | tee -a "$LOG"
  harness bench/harness/bench.yaml throughput "$OUT/throughput"
  python3 bench/harness/analyze.py throughput "$OUT/throughput" "$wrk_rps" | tee -a "$LOG"
}

run_accuracy() {
  header "accuracy: open model, constant 60,000 rpm for 30 s"
  start_emulator bench/harness/bench.yaml
  harness bench/harness/bench.yaml accuracy "$OUT/accuracy"
  python3 bench/harness/analyze.py accuracy "$OUT/accuracy" 1000 | tee -a "$LOG"
}

run_streams() {
  header "streams: 5,000 concurrent ConverseStream, harness memory"
  # Each stream is one HTTP/1.1 connection: 5,000 client sockets plus 5,000 server sockets.
  ulimit -n 20000
  start_emulator bench/harness/streams.yaml
  rm -rf "$OUT/streams"
  # Started directly (not under timeout(1)) so $! is the harness process whose /proc we sample.
  dotnet "$DLL" run --config bench/harness/streams.yaml --scenario streams \
    --endpoint "http://127.0.0.1:$PORT" --out "$OUT/streams" > "$OUT/streams.log" 2>&1 &
  local pid=$! rss_max=0 hwm=0 conns_max=0 emu_rss_max=0 status deadline=$((SECONDS + 180))
  # Sample every 0.5 s while the run lasts, at most 180 s.
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      say "loadtest run still running after 180 s: stopping it"
      kill "$pid" 2>/dev/null || true
      break
    fi
    if status=$(cat "/proc/$pid/status" 2>/dev/null); then
      local rss h
      rss=$(awk '/^VmRSS/ {print $2}' <<< "$status")
      h=$(awk '/^VmHWM/ {print $2}' <<< "$status")
      [ -n "$rss" ] && [ "$rss" -gt "$rss_max" ] && rss_max=$rss
      [ -n "$h" ] && [ "$h" -gt "$hwm" ] && hwm=$h
    fi
    local erss conns
    erss=$(awk '/^VmRSS/ {print $2}' "/proc/$EMU/status" 2>/dev/null || echo 0)
    [ -n "$erss" ] && [ "$erss" -gt "$emu_rss_max" ] && emu_rss_max=$erss
    # Established connections on the emulator's side of the loopback.
    conns=$(ss -Htn state established "( sport = :$PORT )" 2>/dev/null | wc -l)
    [ "$conns" -gt "$conns_max" ] && conns_max=$conns
    sleep 0.5
  done
  wait "$pid" || say "loadtest run exited with $?"
  say "harness VmHWM (peak RSS): $((hwm / 1024)) MiB; largest sampled VmRSS: $((rss_max / 1024)) MiB"
  say "emulator largest sampled VmRSS: $((emu_rss_max / 1024)) MiB"
  say "largest sampled count of established connections on the emulator port: $conns_max"
  python3 bench/harness/analyze.py streams "$OUT/streams" | tee -a "$LOG"
}

for t in "${TARGETS[@]}"; do
  case "$t" in
    throughput) run_throughput ;;
    accuracy) run_accuracy ;;
    streams) run_streams ;;
    all) run_throughput; run_accuracy; run_streams ;;
    *) echo "unknown benchmark '$t' (throughput|accuracy|streams|all)" >&2; exit 2 ;;
  esac
done
stop_emulator
