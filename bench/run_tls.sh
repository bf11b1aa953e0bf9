#!/usr/bin/env bash
# TLS prober benchmark, side by side on the same loopback nginx (../shared/peers/setup.sh starts it
# with five sites and installs wrk). Prints figures and ratios; asserts nothing. Noisy machines:
# compare ratios within one run, not absolute times.
#   bash bench/run_tls.sh            (PEERS=DIR for the peers' folder, default /tmp/peers)
# 1. One-site audit (site A) with the system trust store against the same audit with
#    --ca-bundle ca.crt (one certificate): the system store as installed (it does not trust the
#    test CA: verification fails, the handshakes cost the same), and a private copy of the system
#    bundle with the test CA appended (SSL_CERT_FILE; verification succeeds).
# 2. TLS handshakes per second: the prober through a ProbeEngine, as audits and fleets run it
#    (bench/tls_bench.cc: negotiated handshakes, each on a new connection, 16 at a time) against
#    wrk opening a new TLS connection per request (Connection: close, 16 connections), and the
#    client CPU of each per handshake.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
peers=${PEERS:-/tmp/peers}
shared=${CHECKER_SHARED:-$here/../shared}
build=${CHECKER_BENCH_BUILD:-$here/build-bench}
runs=${RUNS:-7}
handshakes=${HANDSHAKES:-3000}

if ! curl -skf -o /dev/null https://127.0.0.1:18443/; then
  PEERS=$peers bash "$shared/peers/setup.sh" >/dev/null
fi
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCHECKER_TESTS=OFF \
  -DCHECKER_BENCH=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target checker tls_bench >/dev/null
checker=$build/checker/cli/checker
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ca=$peers/pki/ca.crt
system_bundle=/etc/ssl/certs/ca-certificates.crt
cat "$system_bundle" "$ca" >"$work/system-and-test.pem"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc -l; }

cat >"$work/one.yaml" <<'YAML'
service: {id: bench, name: Bench}
endpoints:
  - {url: "https://127.0.0.1:18443/", http_url: "http://127.0.0.1:18080/", purpose: web}
YAML
audit() { "$checker" audit --manifest "$work/one.yaml" --profile web-baseline --allow-private --out "$work/out" --quiet "$@"; }

echo "== one-site audit (site A, web-baseline), median of $runs, the three cases in turn"
: >"$work/bundle" && : >"$work/system" && : >"$work/copy"
for _ in $(seq "$runs"); do
  seconds audit --ca-bundle "$ca" >>"$work/bundle"
  seconds audit >>"$work/system"
  seconds env SSL_CERT_FILE="$work/system-and-test.pem" "$checker" audit --manifest "$work/one.yaml" \
    --profile web-baseline --allow-private --out "$work/out" --quiet >>"$work/copy"
done
t_bundle=$(median <"$work/bundle")
t_system=$(median <"$work/system")
t_copy=$(median <"$work/copy")
printf '%-72s %.3f s\n' "--ca-bundle ca.crt (one certificate)" "$t_bundle"
printf '%-72s %.3f s  (%.2fx the bundle)\n' "system trust store, $(grep -c 'BEGIN CERT' "$system_bundle") certificates (test CA untrusted)" \
  "$t_system" "$(echo "$t_system / $t_bundle" | bc -l)"
printf '%-72s %.3f s  (%.2fx the bundle)\n' "copy of the system bundle + test CA (SSL_CERT_FILE; verification succeeds)" \
  "$t_copy" "$(echo "$t_copy / $t_bundle" | bc -l)"

echo "== TLS handshakes per second against site A through the probe engine, 16 at a time, each on a new connection"
checker_line=$("$build/bench/tls_bench" 127.0.0.1 18443 "$handshakes" 16 "$ca")
system_line=$("$build/bench/tls_bench" 127.0.0.1 18443 "$handshakes" 16)
wrk_out=$( { /usr/bin/time -f 'cpu %U %S' wrk -t2 -c16 -d10s -H 'Connection: close' https://127.0.0.1:18443/; } 2>&1)
wrk_rate=$(awk '/Requests\/sec/ {print $2}' <<<"$wrk_out")
wrk_requests=$(awk '/requests in/ {print $1}' <<<"$wrk_out")
wrk_cpu=$(awk '/^cpu / {print $2 + $3}' <<<"$wrk_out")
checker_rate=$(sed -E 's/.* ([0-9]+) handshakes\/s.*/\1/' <<<"$checker_line")
printf 'checker prober, --ca-bundle:   %s\n' "$checker_line"
printf 'checker prober, system store:  %s\n' "$system_line"
printf 'wrk, Connection: close:        %s requests in 10 s: %.0f new connections/s, %.3f ms client CPU each\n' \
  "$wrk_requests" "$wrk_rate" "$(echo "1000 * $wrk_cpu / $wrk_requests" | bc -l)"
printf 'checker/wrk new-connection rate: %.2f\n' "$(echo "$checker_rate / $wrk_rate" | bc -l)"
