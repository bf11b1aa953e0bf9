#!/usr/bin/env bash
# Fuzzes checker's parsers of untrusted input with libFuzzer under ASan and UBSan
# (tests/fuzz/, docs/fuzzing.md) and prints, per target: executions, speed, coverage, corpus
# size and crashes.
#
#   bash scripts/fuzz.sh [--time SECONDS] [--runs N] [--jobs J] [--max-len BYTES]
#                        [--build DIR] [--no-build] [TARGET...]
#
# --time bounds each target's run (default 60 s); --runs stops a target after N executions
# (a long campaign: --runs 10000000 --time 7200). New inputs are kept in DIR/fuzz-corpus/, so
# campaigns resume. A crash, leak, timeout or out-of-memory input is kept in
# DIR/fuzz-artifacts/TARGET/ and makes the script exit 1: minimise it (the target binary with
# -minimize_crash=1), add it under tests/fuzz/regressions/TARGET/ and fix the code.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$here/build-sanitize
seconds=60
runs=""
max_len=65536
no_build=0
jobs=${CHECKER_JOBS:-$(nproc)}
targets=()
while (($#)); do
  case $1 in
    --time) seconds=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --max-len) max_len=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --no-build) no_build=1; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done

if ((no_build)); then
  :
elif [[ ! -f $build/build.ninja ]] || ! grep -q 'CHECKER_FUZZ:BOOL=ON' "$build/CMakeCache.txt"; then
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCHECKER_FUZZ=ON -DCHECKER_SANITIZE=ON \
    -DCHECKER_BENCH=OFF >/dev/null
fi
((no_build)) || cmake --build "$build" -j "$jobs" >/dev/null

fuzz=$here/tests/fuzz
if ((${#targets[@]} == 0)); then
  for f in "$fuzz"/targets/fuzz_*.cc; do
    n=$(basename "$f" .cc)
    targets+=("${n#fuzz_}")
  done
fi

# The dictionary of each target's grammar (libFuzzer takes one file: concatenate).
dicts_for() {
  case $1 in
    yaml_document) echo yaml ;;
    json_document|evidence|report) echo json ;;
    xml_document) echo xml ;;
    rule_pack) echo "rule_pack yaml" ;;
    expression) echo "expression yaml" ;;
    http_response) echo "headers json" ;;
    *) echo headers ;;
  esac
}
# Project files that seed a target besides tests/fuzz/seeds/TARGET.
extra_seeds_for() {
  case $1 in
    yaml_document) echo "$here/rules $here/examples" ;;
    json_document|xml_document|security_txt) echo "$here/examples" ;;
    rule_pack) echo "$here/rules" ;;
    report) echo "$here/tests/unit/reports/golden $here/tests/golden" ;;
  esac
}

run_target() {
  local name=$1
  local corpus=$build/fuzz-corpus/$name artifacts=$build/fuzz-artifacts/$name
  local log=$build/fuzz-logs/$name.log dict=$build/fuzz-logs/$name.dict
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  : >"$dict"
  for d in $(dicts_for "$name"); do cat "$fuzz/dicts/$d.dict" >>"$dict"; done
  local seeds=()
  [[ -d $fuzz/seeds/$name ]] && seeds+=("$fuzz/seeds/$name")
  [[ -d $fuzz/regressions/$name ]] && seeds+=("$fuzz/regressions/$name")
  # shellcheck disable=SC2207
  seeds+=($(extra_seeds_for "$name"))
  local limit=()
  [[ -n $runs ]] && limit=(-runs="$runs")
  set +e
  "$build/tests/fuzz/fuzz_$name" -max_total_time="$seconds" "${limit[@]}" -timeout=10 \
    -rss_limit_mb=2048 -max_len="$max_len" -dict="$dict" -artifact_prefix="$artifacts/" \
    -print_final_stats=1 "$corpus" "${seeds[@]}" >"$log" 2>&1
  local status=$?
  set -e
  local execs speed cov size crashes
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  size=$(find "$corpus" -type f | wc -l)
  crashes=$(find "$artifacts" -type f | wc -l)
  printf '%-16s %12s %10s %8s %8s %8s\n' "$name" "${execs:-?}" "${speed:-?}" "${cov:-?}" \
    "$size" "$crashes"
  if ((status != 0 || crashes != 0)); then
    echo "  FAULT (exit $status): $log" >&2
    grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -5 | sed 's/^/  /' >&2
    return 1
  fi
}
export -f run_target dicts_for extra_seeds_for
export build fuzz here seconds runs max_len

printf '%-16s %12s %10s %8s %8s %8s\n' target executions 'execs/s' coverage corpus crashes
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_target "$@"' _ {}
