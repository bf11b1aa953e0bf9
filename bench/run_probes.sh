#!/usr/bin/env bash
# Endpoint-probe benchmark, side by side with peers on the same loopback servers
# (../shared/peers/setup.sh starts nginx with five sites and installs wrk, testssl.sh and the MDN
# HTTP Observatory). Prints figures and ratios; asserts nothing. Noisy machines: compare ratios
# within one run, not absolute times.
#   bash bench/run_probes.sh            (PEERS=DIR to choose the peers' folder, default /tmp/peers)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
peers=${PEERS:-/tmp/peers}
shared=${CHECKER_SHARED:-$here/../shared}
build=${CHECKER_BENCH_BUILD:-$here/build-bench}
runs=${RUNS:-5}

if ! curl -skf -o /dev/null https://127.0.0.1:18443/; then
  PEERS=$peers bash "$shared/peers/setup.sh" >/dev/null
fi
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCHECKER_TESTS=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target checker >/dev/null
checker=$build/checker/cli/checker
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ca=$peers/pki/ca.crt

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc -l; }

# The sites listen on loopback: --allow-private lets the audits reach the manifest's endpoints there.
manifest() {  # manifest with the given site indexes (0..4) as web endpoints, $bases base paths each
  echo "service: {id: bench, name: Bench}"
  echo "endpoints:"
  for i in "$@"; do
    for b in $(seq "$bases"); do
      local base=/; ((bases > 1)) && base=/app$b/
      echo "  - {url: \"https://127.0.0.1:$((18443 + i))$base\", http_url: \"http://127.0.0.1:$((18080 + i))$base\", purpose: web}"
    done
  done
}
bases=20 manifest 0 1 2 3 4 >"$work/many.yaml"
bases=1 manifest 0 >"$work/one.yaml"

echo "== probes per second: one audit of 100 endpoints on five sites (web-baseline profile), median of $runs"
"$checker" audit --manifest "$work/many.yaml" --profile web-baseline --allow-private --ca-bundle "$ca" --out "$work/many" --quiet >/dev/null || true
probes=$(python3 -c "import json; e=json.load(open('$work/many/evidence.json')); print(len(e['http']) + len(e['tls']))")
t_many=$(for _ in $(seq "$runs"); do seconds "$checker" audit --manifest "$work/many.yaml" --profile web-baseline --allow-private --ca-bundle "$ca" --out "$work/many" --quiet; done | median)
pps=$(echo "$probes / $t_many" | bc -l)
printf 'checker: %d probes (HTTP requests and TLS handshakes, each on a new connection) in %.3f s = %.0f probes/s\n' "$probes" "$t_many" "$pps"

echo "== wrk against site A (2 threads, 16 connections, 5 s)"
wrk_keep=$(wrk -t2 -c16 -d5s https://127.0.0.1:18443/ | awk '/Requests\/sec/ {print $2}')
wrk_new=$(wrk -t2 -c16 -d5s -H 'Connection: close' https://127.0.0.1:18443/ | awk '/Requests\/sec/ {print $2}')
printf 'wrk, kept-alive HTTPS:          %10.0f requests/s  (checker/wrk = %.3f)\n' "$wrk_keep" "$(echo "$pps / $wrk_keep" | bc -l)"
printf 'wrk, new TLS connection each:   %10.0f requests/s  (checker/wrk = %.3f)\n' "$wrk_new" "$(echo "$pps / $wrk_new" | bc -l)"

echo "== time to audit one site (A), median of $runs (testssl.sh: one run)"
t_checker=$(for _ in $(seq "$runs"); do seconds "$checker" audit --manifest "$work/one.yaml" --profile web-baseline --allow-private --ca-bundle "$ca" --out "$work/one" --quiet; done | median)
obs=$peers/obs/node_modules/@mdn/mdn-http-observatory/src/scan.js
t_obs=$(for _ in $(seq "$runs"); do NODE_EXTRA_CA_CERTS=$ca seconds node "$obs" 127.0.0.1:18443; done | median)
t_testssl=$(seconds testssl --quiet --color 0 --warnings off --add-ca "$ca" -n none -p -S -h 127.0.0.1:18443)
printf 'checker audit (TLS versions, weak suites, certificate, headers, cookies, CORS, redirect, security.txt): %.3f s\n' "$t_checker"
printf 'MDN HTTP Observatory (headers, cookies, redirects, CORS):  %.3f s  (%.1fx checker)\n' "$t_obs" "$(echo "$t_obs / $t_checker" | bc -l)"
printf 'testssl.sh -p -S -h (protocols, server defaults, headers): %.3f s  (%.1fx checker)\n' "$t_testssl" "$(echo "$t_testssl / $t_checker" | bc -l)"
