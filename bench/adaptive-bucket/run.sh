#!/usr/bin/env bash
# Probes AWSSDK.Core's adaptive retry TokenBucket (the client-side rate limiter every adaptive-mode
# LoadTest client uses): grants per case vs what its fill rate allows. See docs/BENCHMARKS.md.
# Usage: bench/adaptive-bucket/run.sh [seconds per case, default 20]
set -euo pipefail
cd "$(dirname "$0")"
dotnet run -c Release -- "${1:-20}" | tee last-run.txt
