#!/usr/bin/env bash
# Builds the evaluation benchmark in Release and runs it: (rule, manifest) evaluations per second.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${CHECKER_BENCH_BUILD:-$here/build-bench}
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCHECKER_TESTS=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target eval_bench >/dev/null
"$build/bench/eval_bench" "$@"
