#!/usr/bin/env bash
# Builds the evaluation benchmark in Release and runs it: decisions ((rule, manifest) evaluations)
# per second per core. With --baseline REF (a commit, e.g. main or a tag), the same benchmark is
# also built against REF's library (exported to a scratch folder) and run first, so that the two
# figures come from one measurement code, one machine and one moment.
# Usage: bench/run_eval.sh [--baseline REF] [RULES_DIR]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${CHECKER_BENCH_BUILD:-$here/build-bench}
baseline=
if [[ ${1:-} == --baseline ]]; then
  baseline=${2:?--baseline needs a git ref}
  shift 2
fi

build_bench() {  # source folder, build folder
  local launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  cmake -S "$1" -B "$2" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCHECKER_TESTS=OFF "${launcher[@]}" >/dev/null
  cmake --build "$2" -j "$(nproc)" --target eval_bench >/dev/null
}

throughput() { sed -n 's/^throughput: \([0-9]*\) .*/\1/p'; }

if [[ -n $baseline ]]; then
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  git -C "$here" archive "$baseline" | tar -x -C "$scratch"
  rm -rf "$scratch/bench" && cp -r "$here/bench" "$scratch/bench"  # the same measurement
  build_bench "$scratch" "$scratch/build"
  echo "== before: $baseline ($(git -C "$here" rev-parse --short "$baseline"))"
  "$scratch/build/bench/eval_bench" "$@" | tee "$scratch/before.txt"
fi

build_bench "$here" "$build"
echo "== after: working tree ($(git -C "$here" rev-parse --short HEAD))"
"$build/bench/eval_bench" "$@" | tee "${scratch:-/tmp}/after.$$.txt"

if [[ -n $baseline ]]; then
  before=$(throughput <"$scratch/before.txt")
  after=$(throughput <"$scratch/after.$$.txt")
  awk -v b="$before" -v a="$after" \
    'BEGIN { printf "decisions per second per core: before %.2f M, after %.2f M: %.2fx\n", b / 1e6, a / 1e6, a / b }'
else
  rm -f "/tmp/after.$$.txt"
fi
