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
#   peers       one emulator (pinned to CPU PEERS_EMULATOR_CPU) and, one after the other on the
#               same endpoint, each client pinned to CPU PEERS_CLIENT_CPU: wrk, the AWS SDK for
#               JavaScript v3 in a Node closed loop (bench/harness/node-peer), ClientBench (bare
#               HttpClient, BedrockRuntimeClient) and `loadtest run` (scenario throughput); req/s,
#               client CPU per request (from /proc or the process's own counters) and req/s per
#               core for each, the emulator's cores, and loadtest's req/s per core vs Node's
#               (target >= 5x). Not part of `all` (it needs node and npm).
# Usage: bench/harness/run.sh [throughput|accuracy|streams|peers|all ...]   (default: all)
# Environment: HARNESS_BENCH_PORT (default 4620, uses PORT and PORT+1), WRK_DURATION (15s),
#   WRK_CONNECTIONS (64), PEERS_SECONDS (15), PEERS_EMULATOR_CPU (0), PEERS_CLIENT_CPU (1),
#   NO_BUILD=1 to skip the Release build.
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

start_emulator() { # config [taskset cpu list]
  stop_emulator
  ${2:+taskset -c "$2"} dotnet "$DLL" emulator --config "$1" --port "$PORT" --http2-port "$((PORT + 1))" > "$OUT/emulator.log" 2>&1 &
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

# utime + stime of a process in seconds (0 once it has gone).
cpu_seconds() { # pid
  awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# One line of the peers table: name, req/s, client CPU seconds, completed requests, wall seconds,
# emulator CPU seconds over the same stretch.
peer_line() { # name rps cpu_s requests wall_s emu_cpu_s
  awk -v n="$1" -v rps="$2" -v cpu="$3" -v req="$4" -v wall="$5" -v emu="$6" 'BEGIN {
    us = req > 0 ? cpu * 1e6 / req : 0
    printf "peers: %-34s %8.0f req/s  %6.0f us CPU/req  %7.0f req/s per core  client %.2f cores  emulator %.2f cores\n",
      n, rps, us, (us > 0 ? 1e6 / us : 0), (wall > 0 ? cpu / wall : 0), (wall > 0 ? emu / wall : 0) }' | tee -a "$LOG"
}

# A line printed by ClientBench or node-peer ("NAME: R req/s, F failed, C cores, U us CPU per
# request (N callers, S s)") as a peers line; the emulator's cores over the whole process.
peer_from_report() { # line emu_cpu_s emu_wall_s
  local name rps cores us secs
  name=${1%%:*}
  rps=$(sed -E 's/.*: ([0-9.]+) req\/s.*/\1/' <<< "$1")
  cores=$(sed -E 's/.* ([0-9.]+) cores.*/\1/' <<< "$1")
  us=$(sed -E 's/.* ([0-9.]+) us CPU per request.*/\1/' <<< "$1")
  secs=$(sed -E 's/.*, ([0-9.]+) s\).*/\1/' <<< "$1")
  peer_line "$name" "$rps" "$(awk -v u="$us" -v r="$rps" -v s="$secs" 'BEGIN { print u * r * s / 1e6 }')" \
    "$(awk -v r="$rps" -v s="$secs" 'BEGIN { print r * s }')" "$secs" \
    "$(awk -v e="$2" -v w="$3" -v s="$secs" 'BEGIN { print (w > 0 ? e / w * s : 0) }')"
}

run_peers() {
  command -v wrk >/dev/null || { echo "wrk is not installed (apt-get update && apt-get install -y wrk)" >&2; exit 2; }
  command -v node >/dev/null || { echo "node is not installed" >&2; exit 2; }
  local seconds="${PEERS_SECONDS:-15}" ecpu="${PEERS_EMULATOR_CPU:-0}" ccpu="${PEERS_CLIENT_CPU:-1}"
  local url="http://127.0.0.1:$PORT" pin=(taskset -c "${PEERS_CLIENT_CPU:-1}")
  [ -d bench/harness/node-peer/node_modules ] || (cd bench/harness/node-peer && npm ci --no-audit --no-fund >/dev/null)
  header "peers: one emulator on CPU $ecpu, each client on CPU $ccpu, non-streaming Converse, quotas off, latency 0, 64 callers, $seconds s"
  start_emulator bench/harness/bench.yaml "$ecpu"
  local e0 e1 t0 t1 line

  # wrk: its CPU from /proc while it runs (sampled just before it exits), requests from its report.
  "${pin[@]}" wrk -t2 -c"$WRK_CONNECTIONS" -d3s -s bench/emulator/converse.lua "$url" > /dev/null   # warm-up
  e0=$(cpu_seconds "$EMU"); t0=$(date +%s.%N)
  "${pin[@]}" wrk -t2 -c"$WRK_CONNECTIONS" -d"${seconds}s" -s bench/emulator/converse.lua "$url" > "$OUT/peers-wrk.txt" &
  local wrk_pid=$! wrk_cpu=0 c
  while kill -0 "$wrk_pid" 2>/dev/null; do
    c=$(cpu_seconds "$wrk_pid"); [ "$c" != 0 ] && wrk_cpu=$c
    sleep 0.2
  done
  wait "$wrk_pid"
  e1=$(cpu_seconds "$EMU"); t1=$(date +%s.%N)
  local wrk_req wrk_rps
  wrk_req=$(awk '/requests in/ {print $1}' "$OUT/peers-wrk.txt")
  wrk_rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/peers-wrk.txt")
  peer_line "wrk (HTTP/1.1, no signing)" "$wrk_rps" "$wrk_cpu" "$wrk_req" "$seconds" "$(awk -v a="$e0" -v b="$e1" -v w="$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')" -v s="$seconds" 'BEGIN { print (b - a) / w * s }')"

  # The Node SDK loop and ClientBench report their own CPU over their measured window (after 3 s of warm-up).
  local node_line
  e0=$(cpu_seconds "$EMU"); t0=$(date +%s.%N)
  node_line=$(NODE_NO_WARNINGS=1 timeout $((seconds + 60)) "${pin[@]}" node bench/harness/node-peer/converse-loop.mjs "$url" "$seconds" "$WRK_CONNECTIONS" http1 | tee "$OUT/peers-node.txt" | head -1)
  e1=$(cpu_seconds "$EMU"); t1=$(date +%s.%N)
  peer_from_report "$node_line" "$(awk -v a="$e0" -v b="$e1" 'BEGIN{print b-a}')" "$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')"
  grep "first error" "$OUT/peers-node.txt" | sed 's/^/peers: /' | tee -a "$LOG" || true

  for loop in http sdk; do
    e0=$(cpu_seconds "$EMU"); t0=$(date +%s.%N)
    line=$(timeout $((seconds * 2 + 60)) "${pin[@]}" dotnet bench/harness/ClientBench/bin/Release/net10.0/ClientBench.dll "$url" "$seconds" "$WRK_CONNECTIONS" "$loop" | tee "$OUT/peers-clientbench-$loop.txt" | grep "req/s")
    e1=$(cpu_seconds "$EMU"); t1=$(date +%s.%N)
    peer_from_report "ClientBench $line" "$(awk -v a="$e0" -v b="$e1" 'BEGIN{print b-a}')" "$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')"
    sed -n 's/.* \([0-9]*\) B allocated per request.*/peers:   allocated \1 B per request/p' <<< "$line" | tee -a "$LOG"
  done

  # `loadtest run`: its CPU sampled from /proc every 0.25 s with a wall clock, so analyze.py can take
  # the same steady window as the throughput target (completions 5 s .. end of load) and the whole process.
  rm -rf "$OUT/peers-loadtest"
  local samples="$OUT/peers-loadtest-cpu.txt"
  : > "$samples"
  e0=$(cpu_seconds "$EMU"); t0=$(date +%s.%N)
  "${pin[@]}" dotnet "$DLL" run --config bench/harness/bench.yaml --scenario throughput --endpoint "$url" \
    --out "$OUT/peers-loadtest" > "$OUT/peers-loadtest.log" 2>&1 &
  local lt=$! deadline=$((SECONDS + 180))
  while kill -0 "$lt" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do
    c=$(cpu_seconds "$lt"); [ "$c" != 0 ] && echo "$(date +%s.%N) $c $(cpu_seconds "$EMU")" >> "$samples"
    sleep 0.25
  done
  kill "$lt" 2>/dev/null || true
  wait "$lt" || say "loadtest run exited with $?"
  python3 bench/harness/analyze.py peers "$OUT/peers-loadtest" "$samples" "$node_line" | tee -a "$LOG"
}

for t in "${TARGETS[@]}"; do
  case "$t" in
    throughput) run_throughput ;;
    accuracy) run_accuracy ;;
    streams) run_streams ;;
    peers) run_peers ;;
    all) run_throughput; run_accuracy; run_streams ;;
    *) echo "unknown benchmark '$t' (throughput|accuracy|streams|peers|all)" >&2; exit 2 ;;
  esac
done
stop_emulator
