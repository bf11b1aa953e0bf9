#!/usr/bin/env bash
# The project's entry point for people and CI:
#   bash scripts/run.sh demo   install what is missing, build, audit the example vendors
#   bash scripts/run.sh test   install what is missing, build, run the whole test suite: once in
#                              the release build, once under ASan and UBSan (clang), then a
#                              short, bounded run of every fuzz target
#   bash scripts/run.sh options  configure every combination of the build options, build one
# Needs Debian 12 and root for the first install (apt-get); later runs install nothing.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${CHECKER_BUILD_DIR:-$here/build}
jobs=${CHECKER_JOBS:-$(nproc)}

packages=(g++ cmake ninja-build pkg-config libyaml-cpp-dev libcurl4-openssl-dev libpugixml-dev
  nlohmann-json3-dev catch2 libre2-dev libssl-dev openssl nginx-light ca-certificates chromium
  python3 python3-jsonschema python3-yaml python3-junitparser clang-14 libclang-rt-14-dev
  fonts-ipafont-gothic libicu-dev cmark libsqlite3-dev zlib1g-dev)

install_missing() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0
  echo "==> installing: ${missing[*]}"
  local sudo=""
  ((EUID == 0)) || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# axe-core (npm), the accessibility checker the registry's browser tests run in Chromium; the
# tests find it through CHECKER_AXE_CORE.
axe_version=4.14.1
install_axe() {
  local prefix=$here/.cache/npm
  # npm from Debian only when the machine has none (a Node.js that bundles its own npm conflicts
  # with Debian's package).
  if ! command -v npm >/dev/null; then
    local sudo=""
    ((EUID == 0)) || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends npm >/dev/null
  fi
  if [[ ! -f $prefix/node_modules/axe-core/axe.min.js ]] ||
    ! grep -q "\"version\": \"$axe_version\"" "$prefix/node_modules/axe-core/package.json"; then
    echo "==> installing axe-core $axe_version (npm)"
    mkdir -p "$prefix"
    npm install --prefix "$prefix" --no-audit --no-fund --silent "axe-core@$axe_version" >/dev/null
  fi
  export CHECKER_AXE_CORE=$prefix/node_modules/axe-core/axe.min.js
}

configure_and_build() {
  local dir=$1; shift
  cmake -S "$here" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCHECKER_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
}

# Every combination of the documented build options must configure (CMakeLists.txt: CHECKER_FUZZ,
# CHECKER_SANITIZE, CHECKER_TESTS, CHECKER_BENCH); building them all is too slow for CI, so one
# that the suite's own builds do not cover is also built: libFuzzer coverage without the
# sanitizers, whose test binaries once failed to link (__sanitizer_cov_* undefined).
check_option_combinations() {
  local root=${CHECKER_COMBINATIONS_DIR:-$here/build-combinations}
  local fuzz sanitize tests bench compiler dir
  mkdir -p "$root"
  for fuzz in OFF ON; do
    for sanitize in OFF ON; do
      for tests in OFF ON; do
        for bench in OFF ON; do
          compiler=g++
          [[ $fuzz == ON ]] && compiler=clang++-14  # libFuzzer needs clang
          dir=$root/fuzz-$fuzz.sanitize-$sanitize.tests-$tests.bench-$bench
          echo "    configure: CHECKER_FUZZ=$fuzz CHECKER_SANITIZE=$sanitize CHECKER_TESTS=$tests CHECKER_BENCH=$bench"
          cmake -S "$here" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCHECKER_WERROR=ON \
            -DCMAKE_CXX_COMPILER=$compiler -DCHECKER_FUZZ=$fuzz -DCHECKER_SANITIZE=$sanitize \
            -DCHECKER_TESTS=$tests -DCHECKER_BENCH=$bench >"$dir.log" 2>&1 ||
            { cat "$dir.log" >&2; return 1; }
        done
      done
    done
  done
  dir=$root/fuzz-ON.sanitize-OFF.tests-ON.bench-OFF
  echo "    build: CHECKER_FUZZ=ON CHECKER_SANITIZE=OFF CHECKER_TESTS=ON (checker_base_tests)"
  cmake --build "$dir" -j "$jobs" --target checker_base_tests >/dev/null
  "$dir/tests/checker_base_tests" >/dev/null
}

cmd=${1:-}
case $cmd in
  demo)
    install_missing
    configure_and_build "$build" -DCHECKER_TESTS=OFF
    exec bash "$here/scripts/demo.sh" "$build/checker/cli/checker"
    ;;
  test)
    if [[ -n ${CHECKER_UPDATE_GOLDEN+set} ]]; then
      echo "CHECKER_UPDATE_GOLDEN is set: golden tests would rewrite their files instead of" \
        "checking them; unset it to run the tests" >&2
      exit 2
    fi
    install_missing
    install_axe
    configure_and_build "$build" -DCHECKER_TESTS=ON
    bash "$here/scripts/test.sh" "$build"
    echo "==> sanitizer build (clang, ASan + UBSan, with the fuzz targets)"
    configure_and_build "${CHECKER_SANITIZE_DIR:-$here/build-sanitize}" \
      -DCMAKE_CXX_COMPILER=clang++-14 -DCHECKER_SANITIZE=ON -DCHECKER_FUZZ=ON -DCHECKER_BENCH=OFF
    bash "$here/scripts/test.sh" "${CHECKER_SANITIZE_DIR:-$here/build-sanitize}"
    echo "==> every combination of the build options configures"
    check_option_combinations
    echo "==> fuzz targets, ${CHECKER_FUZZ_SECONDS:-10} s each"
    exec bash "$here/scripts/fuzz.sh" --build "${CHECKER_SANITIZE_DIR:-$here/build-sanitize}" \
      --no-build --time "${CHECKER_FUZZ_SECONDS:-10}"
    ;;
  options)
    install_missing
    echo "==> every combination of the build options configures"
    check_option_combinations
    ;;
  *)
    echo "usage: bash scripts/run.sh demo|test|options" >&2
    exit 2
    ;;
esac
