#!/usr/bin/env bash
# cmake --install puts the binary, every bundled rule file and the docs under a prefix, and the
# installed checker finds its rules without CHECKER_RULES_DIR, also after the prefix moves.
#   install_test.sh CMAKE BUILD_DIR SOURCE_DIR
set -euo pipefail
cmake=$1 build=$2 source=$3
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
unset CHECKER_RULES_DIR

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
same_files() {  # same_files FROM TO: every file under FROM is under TO, byte for byte
  diff -r "$1" "$2" >/dev/null || fail "$2 is not a copy of $1: $(diff -rq "$1" "$2" | head -3)"
}

"$cmake" --install "$build" --prefix "$root/usr" >/dev/null
[[ -x $root/usr/bin/checker ]] || fail "no bin/checker under the prefix"
same_files "$source/rules" "$root/usr/share/checker/rules"
same_files "$source/docs" "$root/usr/share/doc/checker/docs"
cmp -s "$source/README.md" "$root/usr/share/doc/checker/README.md" || fail "README.md not installed"

# Moved after installing (a relocated package): the rules are found relative to the binary.
mv "$root/usr" "$root/opt"
bin=$root/opt/bin/checker
rules=$root/opt/share/checker/rules
version=$("$bin" --version)
[[ $version == *"rules: $rules"* ]] || fail "the installed checker uses other rules: $version"

profiles=$("$bin" list profiles) || fail "checker list profiles exited $?"
[[ $profiles == *medical-cloud-vendor* ]] || fail "the bundled profiles are not listed: $profiles"

example=$source/examples/hinode-clinic-cloud
status=0
"$bin" audit --manifest "$example/manifest.yaml" --profile "$(cat "$example/profile")" --offline \
  --out "$root/out" --quiet >"$root/audit.log" 2>&1 || status=$?
((status == 0 || status == 1)) || fail "offline audit exited $status: $(cat "$root/audit.log")"
grep -q '"profile": "medical-cloud-vendor"' "$root/out/report.json" ||
  fail "the report does not record the bundled profile"
echo "installed under $root/usr, moved to $root/opt: rules found at $rules"
