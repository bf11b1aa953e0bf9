#!/usr/bin/env bash
# The demo: audit every bundled example vendor with the bundled rules and write their reports.
# Called by `bash scripts/run.sh demo` with the checker binary as $1. Findings are expected (some
# vendors have gaps on purpose); the demo fails only if the tool itself fails.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
checker=$1
out=${CHECKER_DEMO_OUT:-$here/out/demo}
mkdir -p "$out"

# The example vendors' endpoints, served by a real nginx on 127.0.0.1 for the length of the demo.
sites=$out/sites
bash "$here/scripts/example-sites.sh" start "$sites"
trap 'bash "$here/scripts/example-sites.sh" stop "$sites"' EXIT

for manifest in "$here"/examples/*/manifest.yaml; do
  vendor=$(basename "$(dirname "$manifest")")
  profile=starter
  [[ -f $here/examples/$vendor/profile ]] && profile=$(<"$here/examples/$vendor/profile")
  echo
  echo "==> $vendor (profile $profile)"
  read -r _ https http < <(grep "^$vendor " "$sites/ports")
  targets=(--target "web.http=http://127.0.0.1:$http/")
  while read -r purpose path; do
    targets+=(--target "$purpose=https://127.0.0.1:$https$path")
  done <"$here/examples/$vendor/targets"
  review=()
  [[ -f $here/examples/$vendor/review/attestations.yaml ]] && review+=(--attestations "$here/examples/$vendor/review/attestations.yaml")
  [[ -f $here/examples/$vendor/review/waivers.yaml ]] && review+=(--waivers "$here/examples/$vendor/review/waivers.yaml")
  status=0
  "$checker" audit --manifest "$manifest" --profile "$profile" --out "$out/$vendor" \
    --today "$(date -u +%F)" --ca-bundle "$sites/pki/ca.crt" --format all "${targets[@]}" "${review[@]}" || status=$?
  if ((status > 1)); then
    echo "demo: checker failed on $vendor (exit $status)" >&2
    exit "$status"
  fi
done
echo
"$checker" index --out "$out/index.html" "$out"/*/report.json
echo "reports: $out/<vendor>/report.{json,html,md,junit.xml,sarif,oscal.json}, badge.svg, grayzone-casefile.{md,html}"
