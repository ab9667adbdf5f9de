#!/usr/bin/env bash
# Planner throttling-curve bench: 24 curve points x 1,000,000 simulated requests (target <= 2 s).
# Usage: bench/planner/run.sh [requests-per-point] [runs] [standard|adaptive]
set -euo pipefail
cd "$(dirname "$0")"
dotnet run -c Release --project PlannerBench.csproj -- "$@"
