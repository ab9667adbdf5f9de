#!/usr/bin/env bash
# Issue 12's comparison, rerun: one quota (TPM 300,000; 1,000 input + 100 output tokens at
# burndown 5 = 200 requests per minute), 20 closed-loop users, adaptive retry, 60 s, each client
# on a fresh emulator. Rows: loadtest with each retry profile, and the official AWS SDK for
# JavaScript v3 (tests/crosscheck/js-v3/drive.mjs) for reference. boto3 cannot be installed here
# (no PyPI); the issue's boto3 row is quoted in docs/BENCHMARKS.md.
# Usage: bench/retry/run.sh [seconds, default 60]   (about 6 minutes at 60 s)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-60}"
out="bench/out/retry-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
dotnet build LoadTest.sln -c Release -v q -nologo >/dev/null
loadtest="dotnet src/LoadTest/bin/Release/net10.0/loadtest.dll"
scale=$(python3 -c "print($seconds/60)")
(cd tests/crosscheck/js-v3 && [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error)

printf '| client | ok | failed | client refusals | throttled attempts (emulator) | attempts/request | latency p95 / p99 / max |\n|---|---:|---:|---:|---:|---:|---|\n' > "$out/table.md"

for sdk in dotnet botocore js-v3 java-v2; do
  $loadtest run --config bench/retry/burst.yaml --sdk "$sdk" --duration-scale "$scale" --out "$out/$sdk" > "$out/$sdk.log" 2>&1 || true
  python3 - "$out/$sdk/summary.json" "$sdk" >> "$out/table.md" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); r = s["requests"]; l = s["latencyMs"]
per = r["attempts"] / r["sent"] if r["sent"] else 0
print(f"| loadtest --sdk {sys.argv[2]} | {r['succeeded']} | {r['failed']} | {r['clientRefused']} | {r['throttledAttempts']} | {per:.2f} | {l['p95']/1000:.1f} s / {l['p99']/1000:.1f} s / {l['max']/1000:.1f} s |")
PY
done

# The real JavaScript SDK against a fresh emulator with the same quota.
log="$out/emulator-js"
mkdir -p "$log"
$loadtest emulator --config bench/retry/burst.yaml --port 0 --http2-port 0 --log-dir "$log" > "$out/emulator-js.out" 2>&1 &
emu=$!
trap 'kill $emu 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -qo 'http://127.0.0.1:[0-9]*' "$out/emulator-js.out" && break; sleep 0.2; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$out/emulator-js.out" | head -1)
node tests/crosscheck/js-v3/drive.mjs --endpoint "$url" --model global.anthropic.claude-haiku-4-5-20251001-v1:0 \
  --users 20 --seconds "$seconds" --max-requests 20000 --max-tokens 100 --output-tokens 100 \
  --retry-mode adaptive --max-attempts 3 --input-tokens 1000 > "$out/js-sdk.json" 2> "$out/js-sdk.err" || true
kill -TERM $emu 2>/dev/null || true; wait $emu 2>/dev/null || true   # a background job ignores SIGINT
python3 - "$out/js-sdk.json" "$log" >> "$out/table.md" <<'PY'
import json, sys, glob
j = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1]); l = j["latencyMs"]
throttles = 0
for f in glob.glob(sys.argv[2] + "/cloudtrail*.jsonl"):
    for line in open(f):
        throttles += '"ThrottlingException"' in line
per = j["attemptsTotal"] / j["sent"] if j["sent"] else 0
print(f"| AWS SDK for JavaScript v3 {j['clientVersion']} (real) | {j['ok']} | {j['failed']} | 0 | {throttles} | {per:.2f} | {l['p95']/1000:.1f} s / {l['p99']/1000:.1f} s / {l['max']/1000:.1f} s |")
PY
cat "$out/table.md"
echo "results: $out"
