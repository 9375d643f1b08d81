#!/usr/bin/env bash
# Safety: a target off the machine's own addresses that the config's
# load.targets does not name is refused (78) before any connect. Proven
# with strace: no connect(2) to the TEST-NET address 192.0.2.1. The same
# run with the address listed does try to connect, so the proof can fail.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
command -v strace >/dev/null || fail "strace is missing: scripts/install-deps.sh test"
strace -f -qq -e trace=none true 2>/dev/null || fail "strace cannot trace here (ptrace not permitted)"

echo '{"site": {"name": "load-test"}, "load": {"targets": ["shop.example.com"]}}' >"$TMP/unlisted.json"
echo '{"site": {"name": "load-test"}, "load": {"targets": ["192.0.2.1"]}}' >"$TMP/listed.json"

set +e
strace -f -qq -e trace=connect -o "$TMP/unlisted.trace" \
  "$LOAD" run http://192.0.2.1/ --rate 5 --duration 1s --timeout 1s --config "$TMP/unlisted.json" >"$TMP/out" 2>"$TMP/err"
RC=$?
set -e
connects=$(grep -c '192\.0\.2\.1' "$TMP/unlisted.trace" || true)
printf 'refused target: exit %d, connect(2) calls to 192.0.2.1: %d, stderr: %s\n' "$RC" "$connects" "$(cat "$TMP/err")"
expect_rc "an unlisted TEST-NET target" 78
((connects == 0)) || fail "evt-load connected to 192.0.2.1 before refusing: $(grep 192.0.2.1 "$TMP/unlisted.trace")"
grep -q '192.0.2.1' "$TMP/err" && grep -q 'load.targets' "$TMP/err" ||
  fail "stderr does not name the target and load.targets: $(cat "$TMP/err")"
[[ ! -s $TMP/out ]] || fail "records for a refused run: $(cat "$TMP/out")"

set +e
strace -f -qq -e trace=connect -o "$TMP/listed.trace" \
  "$LOAD" run http://192.0.2.1/ --rate 5 --duration 1s --timeout 1s --config "$TMP/listed.json" >"$TMP/out" 2>"$TMP/err"
RC=$?
set -e
connects=$(grep -c '192\.0\.2\.1' "$TMP/listed.trace" || true)
printf 'listed target: exit %d, connect(2) calls to 192.0.2.1: %d\n' "$RC" "$connects"
((connects > 0)) || fail "with 192.0.2.1 in load.targets no connect was seen, so the trace proves nothing: exit $RC, $(cat "$TMP/err")"
