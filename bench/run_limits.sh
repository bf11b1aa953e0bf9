#!/usr/bin/env bash
# Hostile inputs against checker's limits: for each, the exit code, the wall time and the peak
# resident memory of the whole checker process, beside an ordinary audit as the baseline.
#   bash bench/run_limits.sh [CHECKER]      (default: build/checker/cli/checker)
# The tests (tests/unit/cli/robustness_test.cc) assert the outcomes; this script measures.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
checker=${1:-$here/build/checker/cli/checker}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

/usr/bin/python3 - "$work" <<'PY'
import sys, os
w = sys.argv[1]
def put(name, text):
    with open(os.path.join(w, name), "w") as f:
        f.write(text)
with open(os.path.join(w, "big.yaml"), "w") as f:          # 200 MB
    f.write("service:\n  name: x\n")
    line = "# " + "x" * 97 + "\n"
    for _ in range(20):
        f.write(line * 100_000)
alias = "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
for i in range(1, 10):
    c, p = chr(97 + i), chr(96 + i)
    alias += f"{c}: &{c} [" + ",".join(["*" + p] * 10) + "]\n"
put("alias-bomb.yaml", alias)                               # 10^10 values if expanded
put("deep.json", "[" * 10000 + "]" * 10000)
put("deep.yaml", "a: " + "[" * 10000 + "]" * 10000)
put("entity-bomb.xml", '<?xml version="1.0"?>\n<!DOCTYPE m [\n <!ENTITY a "aaaaaaaaaa">\n'
    + "".join(f' <!ENTITY {chr(98+i)} "' + ("&" + chr(97+i) + ";") * 10 + '">\n' for i in range(8))
    + ']>\n<manifest><service><name>&i;</name></service></manifest>\n')
head = ("kind: pack\npack:\n  id: p\n  version: 1.0.0\n  title: {ja: t, en: t}\n  issuer: i\n"
        "  source: {document: d, edition: \"1\"}\n  effective_date: 2026-01-01\nrules:\n")
def rule(i, e):
    return (f"  - id: p.{i}\n    title: {{ja: t, en: t}}\n    citation: {{document: d, section: \"1\"}}\n"
            f"    level: must\n    severity: high\n    category: c\n"
            f"    check: {{type: manifest, expect: '{e}'}}\n    remediation: {{ja: r, en: r}}\n")
put("redos-pack.yaml", head + rule("redos", 'matches(service.name, "^(a|aa)+$")'))
put("redos-manifest.yaml", 'service:\n  name: "' + "a" * 1_000_000 + 'b"\n')
put("huge-regex-pack.yaml", head + rule("huge", 'matches(service.name, "((a{100}){100}){100}")'))
put("deep-expression-pack.yaml", head + rule("deep", "(" * 2000 + "true" + ")" * 2000))
PY

# Runs a command; prints exit code, seconds and peak RSS (MiB) of the child.
measure() {
  /usr/bin/python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.perf_counter()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
dt = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{r.returncode} {dt:.3f} {rss:.1f}")
PY
}

audit() { measure "$checker" audit --manifest "$1" --profile "${2:-starter}" --offline --out "$work/out"; }
printf '%-44s %5s %9s %10s %8s\n' case exit seconds 'peak MiB' 'x base'
base=$(audit "$here/examples/sakura-phr/manifest.yaml" phr-service)
read -r _ base_s base_m <<<"$base"
row() {
  local name=$1 result
  shift
  result=$("$@")
  read -r code s m <<<"$result"
  printf '%-44s %5s %9s %10s %8s\n' "$name" "$code" "$s" "$m" \
    "$(/usr/bin/python3 -c "print(f'{$m/$base_m:.2f}')")"
}
row "baseline: sakura-phr, phr-service (offline)" audit "$here/examples/sakura-phr/manifest.yaml" phr-service
row "200 MB manifest" audit "$work/big.yaml"
row "YAML alias bomb (10^10 values)" audit "$work/alias-bomb.yaml"
row "JSON nested 10,000 deep" audit "$work/deep.json"
row "YAML nested 10,000 deep" audit "$work/deep.yaml"
row "XML entity expansion (10^9 bytes)" audit "$work/entity-bomb.xml"
row "regex (a|aa)+ over 1 MB of input" measure "$checker" audit --manifest "$work/redos-manifest.yaml" \
  --pack "$work/redos-pack.yaml" --out "$work/out"
row "regex with 10^6 repetitions (lint)" measure "$checker" lint "$work/huge-regex-pack.yaml"
row "expression nested 2,000 deep (lint)" measure "$checker" lint "$work/deep-expression-pack.yaml"

# Audits bounded as a whole (issue 12, failure 6): servers on 127.0.0.1 started here.
/usr/bin/python3 - "$work" <<'PY' &
import os, socket, sys, threading, time
w = sys.argv[1]
held = []
def silent(s):          # accepts and never answers
    while True:
        c, _ = s.accept(); held.append(c)
def binary(s, body):    # answers every request with 1 MiB of binary bytes
    while True:
        c, _ = s.accept()
        def serve(c=c):
            try:
                c.recv(65536)
                c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                          b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)
            finally:
                c.close()
        threading.Thread(target=serve, daemon=True).start()
def redirects(s):       # /hop/N: 1.5 s, then 302 to /hop/N+1
    while True:
        c, _ = s.accept()
        def serve(c=c):
            req = c.recv(65536).decode("latin-1")
            n = int(req.split("/hop/")[1].split()[0]) if "/hop/" in req else 0
            time.sleep(1.5)
            c.sendall(b"HTTP/1.1 302 Found\r\nLocation: /hop/%d\r\nContent-Length: 0\r\n"
                      b"Connection: close\r\n\r\n" % (n + 1))
            c.close()
        threading.Thread(target=serve, daemon=True).start()
def listen(fn, *args):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(128)
    threading.Thread(target=fn, args=(s,) + args, daemon=True).start()
    return s.getsockname()[1]
body = os.urandom(1 << 20)
ports = {"silent": [listen(silent) for _ in range(100)], "binary": [listen(binary, body)],
         "redirect": [listen(redirects)]}
with open(os.path.join(w, "ports"), "w") as f:
    for k, v in ports.items(): f.write(k + " " + " ".join(map(str, v)) + "\n")
time.sleep(900)
PY
servers=$!
trap 'kill $servers 2>/dev/null; rm -rf "$work"' EXIT
while [ ! -s "$work/ports" ]; do sleep 0.1; done
read -r _ silent_ports < <(grep ^silent "$work/ports")
read -r _ binary_port < <(grep ^binary "$work/ports")
read -r _ redirect_port < <(grep ^redirect "$work/ports")
printf 'service:\n  name: bounds\n' >"$work/empty.yaml"
silent_targets=() binary_targets=()
for p in $silent_ports; do silent_targets+=(--target "web=https://127.0.0.1:$p/"); done
for i in $(seq 100); do binary_targets+=(--target "web=http://127.0.0.1:$binary_port/e$i/"); done
row "100 silent endpoints (--deadline 10000)" measure "$checker" audit --manifest "$work/empty.yaml" \
  --profile web-baseline --out "$work/out-silent" --deadline 10000 --timeout 8000 "${silent_targets[@]}"
row "100 endpoints, 1 MiB binary bodies" measure "$checker" audit --manifest "$work/empty.yaml" \
  --profile web-baseline --out "$work/out-binary" "${binary_targets[@]}"
echo "  evidence.json: $(du -h "$work/out-binary/evidence.json" 2>/dev/null | cut -f1), report.json: $(du -h "$work/out-binary/report.json" 2>/dev/null | cut -f1)"
/usr/bin/python3 - "$work" <<'PY'
import sys, os
w = sys.argv[1]
head = open(os.path.join(w, "redos-pack.yaml")).read().split("  - id")[0]
open(os.path.join(w, "hops-pack.yaml"), "w").write(head + (
    "  - id: p.hops\n    title: {ja: t, en: t}\n    citation: {document: d, section: \"1\"}\n"
    "    level: must\n    severity: high\n    category: c\n"
    "    check:\n      type: http\n      request: {path: /hop/0, follow_redirects: true}\n"
    "      expect: 'status == 200'\n    remediation: {ja: r, en: r}\n"))
PY
row "6-hop redirect chain, 1.5 s a hop (--timeout 4000)" measure "$checker" audit \
  --manifest "$work/empty.yaml" --pack "$work/hops-pack.yaml" --out "$work/out-hops" \
  --timeout 4000 --target "http://127.0.0.1:$redirect_port/"
/usr/bin/python3 - "$work" <<'PY'
import sys, os
w = sys.argv[1]
head = open(os.path.join(w, "redos-pack.yaml")).read().split("  - id")[0]
def rule(i, e):
    return (f"  - id: p.{i}\n    title: {{ja: t, en: t}}\n    citation: {{document: d, section: \"1\"}}\n"
            f"    level: must\n    severity: high\n    category: c\n"
            f"    check: {{type: manifest, expect: '{e}'}}\n    remediation: {{ja: r, en: r}}\n")
open(os.path.join(w, "nested-pack.yaml"), "w").write(head + rule("nested",
    "count(items, a, count(items, b, count(items, c, c == b) > 1) > 1) == 0"))
open(os.path.join(w, "items.yaml"), "w").write(
    "service:\n  name: x\nitems:\n" + "".join(f"  - {i}\n" for i in range(1000)))
PY
row "nested comprehension, 10^9 iterations (budget)" measure "$checker" audit \
  --manifest "$work/items.yaml" --pack "$work/nested-pack.yaml" --out "$work/out-nested"
sigterm_ms=$(/usr/bin/python3 - "$checker" "$work" <<'PY'
import signal, subprocess, sys, time
checker, w = sys.argv[1:]
p = subprocess.Popen([checker, "audit", "--manifest", w + "/items.yaml", "--pack",
                      w + "/nested-pack.yaml", "--out", w + "/out-term", "--max-steps",
                      "100000000000"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
time.sleep(1)
t = time.perf_counter(); p.send_signal(signal.SIGTERM); rc = p.wait()
print(f"exit {rc} after {1000 * (time.perf_counter() - t):.1f} ms")
PY
)
echo "SIGTERM during evaluation: $sigterm_ms"
