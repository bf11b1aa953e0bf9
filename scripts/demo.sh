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
    --today "$(date -u +%F)" --ca-bundle "$sites/pki/ca.crt" --format all "${targets[@]}" "${review[@]}" \
    --history "$out/audits.db" || status=$?
  if ((status > 1)); then
    echo "demo: checker failed on $vendor (exit $status)" >&2
    exit "$status"
  fi
done
echo
"$checker" index --out "$out/index.html" "$out"/*/report.json

# Certification: the vendors whose audit qualifies get a certificate (the others are refused with
# their reasons), and the public registry is built from the certificate log. The key is a demo
# key made here; a certification body keeps its own.
key=$out/registry-demo-key.pem
[[ -f $key ]] || openssl genpkey -algorithm ed25519 -out "$key" 2>/dev/null
openssl pkey -in "$key" -pubout -out "$out/registry-demo-key.pub" 2>/dev/null
for report in "$out"/*/report.json; do
  vendor=$(basename "$(dirname "$report")")
  echo
  echo "==> certify $vendor"
  status=0
  # Beside the vendor's report folder, not in it: an audit replaces only a folder of its own files.
  mkdir -p "$out/certificates"
  "$checker" certify "$report" --key "$key" --db "$out/audits.db" \
    --out "$out/certificates/$vendor.json" || status=$?
  if ((status > 1)); then
    echo "demo: checker certify failed on $vendor (exit $status)" >&2
    exit "$status"
  fi
done
echo
"$checker" registry build --db "$out/audits.db" --key "$key" --out "$out/registry"
"$checker" registry verify "$out/registry" --pubkey "$out/registry-demo-key.pub"
echo "registry: $out/registry/index.html (English: index.en.html); verify a certificate in it at verify.html"

# What a draft revision of the MHLW guideline pack would mean for the certificates in force:
# every certified vendor's audit re-decided against it from what the history holds (no probing).
echo
echo "==> impact of the mhlw6 draft edition (tests/data/editions/mhlw6-draft)"
status=0
"$checker" impact --from "$here/rules" --to "$here/tests/data/editions/mhlw6-draft" \
  --db "$out/audits.db" --html "$out/impact.html" || status=$?
if ((status > 1)); then
  echo "demo: checker impact failed (exit $status)" >&2
  exit "$status"
fi
echo "impact: $out/impact.html"
echo "reports: $out/<vendor>/report.{json,html,md,junit.xml,sarif,oscal.json}, badge.svg, grayzone-casefile.{md,html}"
