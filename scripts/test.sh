#!/usr/bin/env bash
# The whole test suite over an existing build folder: unit and end-to-end tests (ctest), then the
# bundled rule packs' own checks. Called by `bash scripts/run.sh test`.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$1
checker=$build/checker/cli/checker

echo "==> rule packs: lint"
"$checker" lint "$here/rules"

echo "==> rule packs: fixtures"
"$checker" test-rules "$here/rules"

echo "==> rule packs: JSON Schema"
/usr/bin/python3 "$here/scripts/validate_rule_schema.py"

echo "==> unit and end-to-end tests"
ctest --test-dir "$build" --output-on-failure -j "${CHECKER_JOBS:-$(nproc)}" --timeout 300 --no-tests=error
