#!/usr/bin/env bash
# Import at scale (issue 13): `loadtest import` of 1,000,000 gzipped model invocation log records
# (ModelInvocationLog lines with request and response bodies, 48 files laid out as S3 delivery
# writes them), on the Release build, under /usr/bin/time -v. Target: <= 30 s wall, <= 500 MiB peak RSS.
# The logs are generated once (deterministic, about 1.1 GB) and kept in bench/out/import/.
# With a git revision as second argument, that revision is built beside this tree and both are
# measured alternately in the same run, with their import.json compared.
# Usage: bench/import/run.sh [records, default 1000000] [baseline revision] [runs each, default 2]
set -euo pipefail
cd "$(dirname "$0")/../.."
records="${1:-1000000}"
baseline="${2:-}"
runs="${3:-2}"
out=bench/out/import
data="$out/logs-$records"
mkdir -p "$out"
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

dotnet build bench/import/ImportBench/ImportBench.csproj -c Release -v q -nologo >/dev/null
dotnet build src/LoadTest/LoadTest.csproj -c Release -v q -nologo >/dev/null
bench="dotnet bench/import/ImportBench/bin/Release/net10.0/ImportBench.dll"
if [ ! -d "$data" ]; then
  rm -rf "$data.partial"
  $bench generate "$data.partial" "$records"
  mv "$data.partial" "$data"
fi

builds=("current=src/LoadTest/bin/Release/net10.0/loadtest.dll")
if [ -n "$baseline" ]; then
  rev=$(git rev-parse --short "$baseline")
  src="$out/baseline-$rev"
  if [ ! -f "$src/src/LoadTest/bin/Release/net10.0/loadtest.dll" ]; then
    rm -rf "$src" && mkdir -p "$src"
    git archive "$rev" | tar -x -C "$src"
    dotnet build "$src/src/LoadTest/LoadTest.csproj" -c Release -v q -nologo >/dev/null
  fi
  builds=("baseline-$rev=$src/src/LoadTest/bin/Release/net10.0/loadtest.dll" "${builds[@]}")
fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "input: $(find "$data" -name '*.gz' | wc -l) files, $(du -sm "$data" | cut -f1) MiB gzipped, $records records"
$bench gunzip "$data"
echo
echo "| build | run | wall | CPU (user + sys) | peak RSS | records/s | load avg |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for run in $(seq "$runs"); do
  for build in "${builds[@]}"; do
    name="${build%%=*}"
    dll="${build#*=}"
    dir="$out/out-$name"
    rm -rf "$dir"
    /usr/bin/time -v dotnet "$dll" import --invocation-logs "$data" --out "$dir" > "$out/$name.out" 2> "$out/$name.time"
    python3 - "$out/$name.time" "$name" "$run" "$records" "$(cut -d' ' -f1 /proc/loadavg)" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def field(name):
    return re.search(re.escape(name) + r": (.*)", t).group(1).strip()
parts = [float(p) for p in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")]
wall = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
rss = int(field("Maximum resident set size (kbytes)")) / 1024
if field("Exit status") != "0":
    sys.exit(f"{sys.argv[2]}: exit {field('Exit status')}")
print(f"| {sys.argv[2]} | {sys.argv[3]} | {wall:.1f} s | {cpu:.1f} s | {rss:.0f} MiB | {int(sys.argv[4]) / wall:,.0f} | {sys.argv[5]} |")
PY
  done
done
if [ -n "$baseline" ]; then
  if cmp -s "$out/out-baseline-$rev/import.json" "$out/out-current/import.json"; then
    echo "import.json: identical for both builds"
  else
    echo "import.json: DIFFERS between the builds"
  fi
fi
grep -m1 "^read" "$out/out-current.out" 2>/dev/null || grep -m1 "^read" "$out/current.out"
