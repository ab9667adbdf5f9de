#!/usr/bin/env bash
# Probes AWSSDK.Core's adaptive retry TokenBucket (the client-side rate limiter every adaptive-mode
# LoadTest client uses): grants per case vs what its fill rate allows. See docs/BENCHMARKS.md.
# Usage: bench/adaptive-bucket/run.sh [seconds per case, default 20]
#   AWSSDK_CORE_VERSION=4.0.102.19  probe that version instead of the one Directory.Packages.props pins
#   AWS_NEW_RETRIES_2026=false      4.0.x's legacy bucket (the probe sets it to true otherwise; 4.1.0 ignores it)
set -euo pipefail
cd "$(dirname "$0")"
dotnet run -c Release -p:AwsSdkCoreVersion="${AWSSDK_CORE_VERSION:-}" -- "${1:-20}" | tee last-run.txt
