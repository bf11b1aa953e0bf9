#!/usr/bin/env bash
# Fleet benchmark (issue figures of docs/fleet.md), side by side with peers in one run on the
# loopback test sites of ../shared/peers/setup.sh. Prints figures and ratios; asserts nothing.
# Noisy machines: compare the ratios within one run, not absolute times.
#   bash bench/run_fleet.sh        (VENDORS=1000 OFFLINE=10000 SAMPLE=5 RUNS=3 by default)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
peers=${PEERS:-/tmp/peers}
shared=${CHECKER_SHARED:-$here/../shared}
build=${CHECKER_BENCH_BUILD:-$here/build-bench}
vendors=${VENDORS:-1000}
offline=${OFFLINE:-10000}
sample=${SAMPLE:-5}
runs=${RUNS:-3}

if ! curl -skf -o /dev/null https://127.0.0.1:18443/; then
  PEERS=$peers bash "$shared/peers/setup.sh" >/dev/null
fi
checker=${CHECKER:-}  # CHECKER=path: measure that binary instead of building a release one
if [[ -z $checker ]]; then
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCHECKER_TESTS=OFF >/dev/null
  cmake --build "$build" -j "$(nproc)" --target checker >/dev/null
  checker=$build/checker/cli/checker
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ca=$peers/pki/ca.crt

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# Wall seconds and peak RSS (MiB) of a command: "SECONDS MIB".
measure() {
  local log=$work/time.log
  /usr/bin/time -v -o "$log" "$@" >/dev/null 2>"$work/stderr.log" || true
  awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=(n==3)?t[1]*3600+t[2]*60+t[3]:t[1]*60+t[2]}
              /Maximum resident set size/ {r=$2/1024} END {printf "%.3f %.0f\n", s, r}' "$log"
}
ratio() { echo "$1 / $2" | bc -l; }

# The real case: a vendor's certificate chains to a public CA, so the audit verifies against the
# system trust store (about 140 certificates; no --ca-bundle). The test CA is added to a copy of
# the system CA file, given as SSL_CERT_FILE, so that verification still succeeds; the
# one-certificate bundle is the test CA alone.
system_bundle=$work/system-plus-test-ca.pem
cat /etc/ssl/certs/ca-certificates.crt "$ca" >"$system_bundle"
echo "== one site (A), web-baseline, median of $runs: one-certificate bundle vs the system trust store"
cat >"$work/one.yaml" <<YAML
service: {id: one, name: One}
endpoints:
  - {url: "https://127.0.0.1:18443/", http_url: "http://127.0.0.1:18080/", purpose: web}
YAML
one=("$checker" audit --manifest "$work/one.yaml" --profile web-baseline --allow-private --out "$work/one-out" --quiet)
t_small=() t_system=()
for _ in $(seq "$runs"); do  # alternately, so that both see the same machine
  t_small+=("$(measure "${one[@]}" --ca-bundle "$ca" | cut -d' ' -f1)")
  # No --ca-bundle: the system trust store, as for a vendor with a public certificate; the system
  # CA file it reads (SSL_CERT_FILE, as OpenSSL's default paths honour it) also holds the test CA.
  t_system+=("$(measure env SSL_CERT_FILE="$system_bundle" "${one[@]}" | cut -d' ' -f1)")
done
t_small=$(printf '%s\n' "${t_small[@]}" | median)
t_system=$(printf '%s\n' "${t_system[@]}" | median)
printf 'one-certificate bundle: %.3f s   system trust store (%d certificates): %.3f s   ratio %.2f (aim <= 1.2)\n' \
  "$t_small" "$(grep -c 'BEGIN CERTIFICATE' "$system_bundle")" "$t_system" "$(ratio "$t_system" "$t_small")"

echo "== $vendors vendors on the five sites (each one endpoint, its own base path), live"
mkdir -p "$work/vendors"
for i in $(seq 0 $((vendors - 1))); do
  site=$((i % 5))
  cat >"$work/vendors/v$i.yaml" <<YAML
service: {id: v$i, name: Vendor $i}
endpoints:
  - {url: "https://127.0.0.1:$((18443 + site))/v$i/", http_url: "http://127.0.0.1:$((18080 + site))/v$i/", purpose: web}
YAML
done
cat >"$work/fleet.yaml" <<YAML
defaults: {profile: web-baseline, allow_private: true, ca_bundle: $ca, today: 2026-11-26, generated_at: "2026-11-26T00:00:00Z"}
vendors_from: {glob: vendors/*.yaml}
YAML
read -r t_fleet rss_fleet < <(measure "$checker" fleet "$work/fleet.yaml" --out "$work/fleet-out")
probes=$(python3 - "$work/fleet-out" <<'PY'
import json, pathlib, sys
n = 0
for p in pathlib.Path(sys.argv[1], "vendors").glob("*/report.json"):
    r = json.load(open(p)); n += len(r.get("probes", {}).get("tls", {}))
print(n)
PY
)
printf 'checker fleet:       %8.2f s  peak %5d MiB  %d TLS handshakes = %.0f handshakes/s\n' \
  "$t_fleet" "$rss_fleet" "$probes" "$(ratio "$probes" "$t_fleet")"
# The fleet's probe engine (shared by every vendor): its summary line.
printf 'probe engine:        %s\n' "$(grep -o '[0-9]* probe(s), at most.*' "$work/stderr.log" || echo 'no summary')"
read -r t_xargs _ < <(measure bash -c 'ls "$1"/*.yaml | xargs -P4 -I{} sh -c '"'"'"$0" audit --manifest "$1" --profile web-baseline --allow-private --ca-bundle "$2" --out "$3/$(basename "$1" .yaml)" --quiet >/dev/null 2>&1 || true'"'"' "$0" {} "$2" "$3"' \
  "$checker" "$work/vendors" "$ca" "$work/single-out")
printf 'xargs -P4 checker audit: %5.2f s  (fleet is %.1fx faster; aim >= 5x)\n' "$t_xargs" "$(ratio "$t_xargs" "$t_fleet")"
wrk_new=$(wrk -t2 -c50 -d5s -H 'Connection: close' https://127.0.0.1:18443/ | awk '/Requests\/sec/ {print $2}')
printf 'wrk, a new TLS connection per request: %.0f/s  (fleet handshakes/wrk = %.2f; aim >= 0.8)\n' \
  "$wrk_new" "$(ratio "$(ratio "$probes" "$t_fleet")" "$wrk_new")"

echo "== peers on a sample of $sample sites, extrapolated to $vendors vendors (one process each)"
obs=$peers/obs/node_modules/@mdn/mdn-http-observatory/src/scan.js
t_obs=0 t_testssl=0
for i in $(seq 0 $((sample - 1))); do
  port=$((18443 + i % 5))
  t_obs=$(echo "$t_obs + $(NODE_EXTRA_CA_CERTS=$ca measure node "$obs" "127.0.0.1:$port" | cut -d' ' -f1)" | bc -l)
  t_testssl=$(echo "$t_testssl + $(measure testssl --quiet --color 0 --warnings off --add-ca "$ca" -n none -p -S -h "127.0.0.1:$port" | cut -d' ' -f1)" | bc -l)
done
printf 'MDN HTTP Observatory: %.2f s a site -> %.0f s for %d (fleet %.0fx faster)\n' \
  "$(ratio "$t_obs" "$sample")" "$(echo "$t_obs / $sample * $vendors" | bc -l)" "$vendors" "$(echo "$t_obs / $sample * $vendors / $t_fleet" | bc -l)"
printf 'testssl.sh -p -S -h:  %.2f s a site -> %.0f s for %d (fleet %.0fx faster)\n' \
  "$(ratio "$t_testssl" "$sample")" "$(echo "$t_testssl / $sample * $vendors" | bc -l)" "$vendors" "$(echo "$t_testssl / $sample * $vendors / $t_fleet" | bc -l)"

echo "== $offline vendors offline through every bundled pack, one process"
mkdir -p "$work/offline/vendors"
# The example vendors' manifests, each copy under its own service id; the same documents as one
# JSON stream for jq.
python3 - "$here/examples" "$work/offline" "$offline" <<'PY'
import json, pathlib, re, sys, yaml
examples = sorted(pathlib.Path(sys.argv[1]).glob("*/manifest.yaml"))
texts = [p.read_text() for p in examples]
out, n = pathlib.Path(sys.argv[2]), int(sys.argv[3])
with open(out / "stream.json", "w") as stream:
    for i in range(n):
        text = re.sub(r"^  id: .*$", f"  id: o{i}", texts[i % len(texts)], count=1, flags=re.M)
        (out / "vendors" / f"o{i}.yaml").write_text(text)
        stream.write(json.dumps(yaml.safe_load(text), default=str) + "\n")
PY
cat >"$work/offline/fleet.yaml" <<YAML
defaults: {packs: [$here/rules], offline: true, today: 2026-11-26, generated_at: "2026-11-26T00:00:00Z"}
vendors_from: {glob: vendors/*.yaml}
YAML
read -r t_off rss_off < <(measure "$checker" fleet "$work/offline/fleet.yaml" --out "$work/offline/out")
rules=$("$checker" list rules --rules "$here/rules" | wc -l)
size=$(du -sm "$work/offline/out" | cut -f1)
printf 'checker fleet --offline: %.2f s  peak %d MiB  output %d MiB  (%d rules x %d vendors = %.2f M decisions/s)\n' \
  "$t_off" "$rss_off" "$size" "$rules" "$offline" "$(echo "$rules * $offline / $t_off / 1000000" | bc -l)"
# Twenty manifest rules in jq's terms; `?` and `//` keep a document of another shape from
# stopping the stream (a decision of false, as a rule that did not see its value).
jq_rules='[.service.id,
  (.auth.mfa.required? == true), ((.transmission.tls_min_version? // "") | tostring | test("1\\.[23]")),
  (.storage.encryption_at_rest? == true), (.logging.access_log.enabled? == true), (.backup.enabled? == true),
  ((.data_categories? // []) | map(.special_care? == true) | any), (.consent.explicit? == true),
  ((.retention.days? // 0) > 0), (.incident_response.contact? != null), ((.breach_notification.days? // 99) <= 3),
  ((.audit_log.retention_days? // 0) >= 365), (.access_control.role_based? == true),
  ((.auth.password.min_length? // 0) >= 8), (.remote_access.enabled? != true), (.vendor_management.contracts? == true),
  (.privacy_policy.url? != null), ((.cross_border? // []) | length == 0), (.security_contact? != null),
  ((.endpoints? // []) | length > 0)]'
read -r t_jq rss_jq < <(measure jq -c "$jq_rules" "$work/offline/stream.json")
printf 'jq, 20 rules over the same %d documents: %.2f s  peak %d MiB  (%.2f M decisions/s)\n' \
  "$offline" "$t_jq" "$rss_jq" "$(echo "20 * $offline / $t_jq / 1000000" | bc -l)"
