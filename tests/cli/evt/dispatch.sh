#!/usr/bin/env bash
# `evt TOOL ARGS`: evt-TOOL runs with the arguments untouched and its exit
# code passes through; an unknown word is 64 with a suggestion.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/evt_lib.bash"

run "$EVT" failover --version
expect_rc "evt failover --version" 0
grep -qx "evt-failover [0-9.]*" "$TMP/out" || fail "evt failover --version printed: $(cat "$TMP/out")"

run "$EVT" budget --no-such-option
expect_rc "evt budget --no-such-option" 2
grep -q "^evt-budget: .*--no-such-option" "$TMP/err" || fail "evt-budget's own message expected: $(cat "$TMP/err")"

# The arguments reach the tool as they were, spaces and all.
mkdir -p "$TMP/bin"
cp "$EVT" "$TMP/bin/evt"
printf '#!/bin/sh\nfor a in "$@"; do echo "[$a]"; done\nexit 7\n' >"$TMP/bin/evt-echo"
chmod +x "$TMP/bin/evt-echo"
run env PATH=/usr/bin:/bin "$TMP/bin/evt" echo "two words" --json ''
expect_rc "evt echo" 7
[[ $(cat "$TMP/out") == $'[two words]\n[--json]\n[]' ]] || fail "arguments arrived as: $(cat "$TMP/out")"

run "$EVT" frobnicate
expect_rc "evt frobnicate" 64
grep -q "^evt: 'frobnicate' is not an evt command" "$TMP/err" || fail "frobnicate: $(cat "$TMP/err")"
! grep -q "did you mean" "$TMP/err" || fail "frobnicate got a suggestion: $(cat "$TMP/err")"
run "$EVT" falover status
expect_rc "evt falover" 64
grep -q "did you mean 'failover'?" "$TMP/err" || fail "falover: $(cat "$TMP/err")"
run "$EVT" statsu
expect_rc "evt statsu" 64
grep -q "did you mean 'status'?" "$TMP/err" || fail "statsu: $(cat "$TMP/err")"
echo "dispatch: ok"
