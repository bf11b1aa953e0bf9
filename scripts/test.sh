#!/usr/bin/env bash
# The whole test suite over an existing build folder: unit and end-to-end tests (ctest), then the
# bundled rule packs' own checks. Called by `bash scripts/run.sh test`.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$1

# Golden tests rewrite their files when this is set; a run that rewrites what it compares
# against proves nothing, so the suite refuses it (docs/reports.md).
if [[ -n ${CHECKER_UPDATE_GOLDEN+set} ]]; then
  echo "CHECKER_UPDATE_GOLDEN is set: golden tests would rewrite their files instead of" \
    "checking them; unset it to run the tests" >&2
  exit 2
fi
checker=$build/checker/cli/checker

echo "==> rule packs: lint"
"$checker" lint "$here/rules"

echo "==> rule packs: fixtures"
"$checker" test-rules "$here/rules"

echo "==> rule packs: JSON Schema"
/usr/bin/python3 "$here/scripts/validate_rule_schema.py"

echo "==> manifest schema: docs and examples"
/usr/bin/python3 "$here/scripts/manifest_schema_docs.py"

echo "==> unit and end-to-end tests"
ctest --test-dir "$build" --output-on-failure -j "${CHECKER_JOBS:-$(nproc)}" --timeout 300 --no-tests=error
