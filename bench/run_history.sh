#!/usr/bin/env bash
# Builds the history benchmark in Release and runs it at fleet scale (docs/history.md): recording
# with each audit synced and without, one thread and four, archiving the golden report of
# examples/aozora-fhir; then the listings over the database.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${CHECKER_BENCH_BUILD:-$here/build-bench}
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCHECKER_TESTS=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target history_bench >/dev/null
report=$here/tests/golden/aozora-fhir.json
"$build/bench/history_bench" --vendors 200 --audits 5 --rules 52 --report "$report" "$@"
"$build/bench/history_bench" --vendors 200 --audits 5 --rules 52 --report "$report" --no-sync "$@"
"$build/bench/history_bench" --vendors 200 --audits 5 --rules 52 --report "$report" --no-sync \
  --threads 4 "$@"
"$build/bench/history_bench" --vendors 2000 --audits 5 --rules 50 --no-sync "$@"
