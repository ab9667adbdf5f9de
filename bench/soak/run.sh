#!/usr/bin/env bash
# Soak benchmark (issue 11): 10 minutes at 3x a TPM quota with adaptive retry, the emulator in its
# own process. Every 10 s it samples the harness process's resident memory, thread count and open
# file descriptors from /proc, and prints the first sample after warm-up (60 s) against the last,
# so a leak shows as growth over the run rather than as a single number.
#
# With dotnet-counters (installed into bench/out/tools on first use, from the NuGet feed) it also
# records the managed heap (System.Runtime counters every 10 s), to tell a leak from the GC heap
# settling.
#
# Usage: bench/soak/run.sh              (DURATION_SCALE=0.1 for a one-minute trial)
# Results under bench/out/soak/ (git-ignored); the table also goes to bench/soak/last-run.txt.
# Bounded: the scenario stops by itself after 10 minutes; the harness is killed after 15.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PORT="${PORT:-4660}"
SCALE="${DURATION_SCALE:-1}"
DLL="$ROOT/src/LoadTest/bin/Release/net10.0/loadtest.dll"
OUT="$ROOT/bench/out/soak"
LOG="$ROOT/bench/soak/last-run.txt"
CONFIG="$ROOT/bench/soak/soak.yaml"
[ "${NO_BUILD:-}" = 1 ] || dotnet build -c Release src/LoadTest -v quiet -nologo >/dev/null
rm -rf "$OUT" && mkdir -p "$OUT"
TOOLS="$ROOT/bench/out/tools"
[ -x "$TOOLS/dotnet-counters" ] || dotnet tool install --tool-path "$TOOLS" dotnet-counters >/dev/null 2>&1 || true

dotnet "$DLL" emulator --config "$CONFIG" --port "$PORT" --http2-port $((PORT + 1)) > "$OUT/emulator.log" 2>&1 &
EMU=$!
trap 'kill -TERM $EMU 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.2; done

timeout 900 dotnet "$DLL" run --config "$CONFIG" --endpoint "http://127.0.0.1:$PORT" --duration-scale "$SCALE" \
  --out "$OUT/results" > "$OUT/run.log" 2>&1 &
RUN=$!
# `timeout` forks the harness: sample the dotnet child, not timeout itself.
sleep 1
PID=$(pgrep -P $RUN dotnet || echo $RUN)

echo "seconds,rss_mib,threads,fds" > "$OUT/samples.csv"
COUNTERS=""
if [ -x "$TOOLS/dotnet-counters" ]; then
  "$TOOLS/dotnet-counters" collect --process-id "$PID" --refresh-interval 10 --format csv \
    --counters System.Runtime -o "$OUT/counters.csv" > "$OUT/counters.log" 2>&1 &
  COUNTERS=$!
fi
start=$(date +%s)
while kill -0 "$PID" 2>/dev/null; do
  rss=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' /proc/$PID/status 2>/dev/null || true)
  thr=$(awk '/Threads/ {print $2}' /proc/$PID/status 2>/dev/null || true)
  fds=$(ls /proc/$PID/fd 2>/dev/null | wc -l)
  [ -n "$rss" ] && echo "$(( $(date +%s) - start )),$rss,$thr,$fds" >> "$OUT/samples.csv"
  sleep 10
done
wait $RUN || true
[ -n "$COUNTERS" ] && { kill -TERM "$COUNTERS" 2>/dev/null || true; wait "$COUNTERS" 2>/dev/null || true; }

{
  echo ""
  echo "=== soak $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load average $(cut -d' ' -f1-3 /proc/loadavg), duration scale $SCALE"
  grep -E 'requests scheduled|ok / failed|retries|quota tpm|harness' "$OUT/run.log" | sed 's/│/|/g' || true
  awk -F, -v warm=$((60 * 1)) 'NR > 1 { if (!f && $1 >= warm * '"$SCALE"') { f = 1; s = $0 } e = $0; if ($2 > m) m = $2 }
    END { split(s, a, ","); split(e, b, ",");
          printf "harness after warm-up (%ss): rss %s MiB, threads %s, fds %s\n", a[1], a[2], a[3], a[4];
          printf "harness at the end    (%ss): rss %s MiB, threads %s, fds %s\n", b[1], b[2], b[3], b[4];
          printf "harness peak rss %s MiB; growth after warm-up %+.1f MiB, threads %+d, fds %+d\n", m, b[2] - a[2], b[3] - a[3], b[4] - a[4] }' "$OUT/samples.csv"
  if [ -s "$OUT/counters.csv" ]; then
    # Managed heap at the last GC (all generations summed, and gen2 alone: what survives), the
    # first sample after warm-up against the last.
    awk -F, '/last_collection.heap.size/ { if (!($1 in seen)) { seen[$1] = 1; t[++n] = $1 } all[$1] += $NF; if ($3 ~ /gen2/) g2[$1] = $NF }
      END { if (n > 0) { w = int(n / 10) + 1; a = t[w]; e = t[n];
        printf "managed heap at last GC (%d samples): after warm-up %.1f MiB (gen2 %.1f), end %.1f MiB (gen2 %.1f)\n", n, all[a] / 1048576, g2[a] / 1048576, all[e] / 1048576, g2[e] / 1048576 } }' "$OUT/counters.csv" || true
  fi
} | tee -a "$LOG"
