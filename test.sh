#!/usr/bin/env bash
# The README's test command: installs what the tests need (idempotent), then runs every test
# project and prints one closing line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

# Node packages for the AWS SDK for JavaScript conformance test.
if [ -f tests/conformance/package.json ] && [ ! -d tests/conformance/node_modules ]; then
  (cd tests/conformance && npm ci --no-audit --no-fund --loglevel=error)
fi

# Headless Chromium for the report.html rendering test (Debian package).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
# -m:1: one test project at a time, so the timing-sensitive engine and retry tests do not
# compete with each other for the two cores.
dotnet test LoadTest.sln -c Release --nologo -m:1 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# dotnet test prints one line per test project: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, ..."
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "tests: ${passed} passed, ${failed} failed"
exit "$status"
