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
