#!/usr/bin/env bash
# The demo: audit the bundled example vendors with the bundled rule packs. Arg: the checker binary.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
checker=$1
out=${CHECKER_DEMO_OUT:-$here/out/demo}
mkdir -p "$out"
status=0
for manifest in "$here"/examples/*/manifest.yaml; do
  vendor=$(basename "$(dirname "$manifest")")
  echo "==> $vendor"
  "$checker" audit --manifest "$manifest" --pack "$here/rules" --out "$out/$vendor" || status=$?
done
echo "reports: $out"
