#!/usr/bin/env bash
# A failback whose on_activate fails: "staying on 5g" is true, because 5g's
# own on_activate runs again after its on_deactivate (the hooks' log shows
# it); when that fails too, the record and the state say no path is active
# and the next one takes over.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
STREAM="python3 $(dirname "$0")/probe_stream.py"

mkdir -p "$TMP/bin"
# hook: logs "HOOK PATH"; fails while $TMP/fail-PATH-HOOK exists.
cat >"$TMP/bin/hook" <<'SH'
#!/bin/sh
echo "$EVT_FAILOVER_HOOK $EVT_FAILOVER_PATH" >>"$HOOK_LOG"
[ ! -e "$FLAGS/fail-$EVT_FAILOVER_PATH-$EVT_FAILOVER_HOOK" ]
SH
chmod +x "$TMP/bin/hook"
export HOOK_LOG=$TMP/hooks.log FLAGS=$TMP

HOOK='[{"run": ["'$TMP/bin/hook'"], "retries": 2, "timeout": "5s"}]'
cat >"$TMP/event.json" <<JSON
{"site": {"name": "t"},
 "probe": {"targets": {"uplink": {"check": "tcp", "address": "127.0.0.1:1"},
                       "slice": {"check": "tcp", "address": "127.0.0.1:2"}}},
 "failover": {"failback_after": "2s", "paths": [
   {"name": "primary", "targets": ["uplink"], "rise": 2, "fall": 2,
    "on_activate": $HOOK, "on_deactivate": $HOOK},
   {"name": "5g", "targets": ["slice"], "on_activate": $HOOK, "on_deactivate": $HOOK},
   {"name": "local", "always_up": true}]}}
JSON

# fail_back STATE FLAG...: primary fails over to 5g; then, with FLAGs set,
# answers long enough for one failback attempt (up at 10.502, failback due
# at 12.502, the next try would be at 17.502).
fail_back() {
  $STREAM 0 500 uplink=1100 slice=1 >"$TMP/over.jsonl"
  run "$FAILOVER" decide --config "$TMP/event.json" --state-dir "$1" <"$TMP/over.jsonl"
  expect_rc "failover" 0
  [[ $(jq -sc 'map(.event + ":" + .path)' "$TMP/out") == '["switch:primary","down:primary","switch:5g"]' ]] ||
    fail "failover: $(cat "$TMP/out")"
  : >"$HOOK_LOG"
  local flag
  for flag in "${@:2}"; do touch "$TMP/fail-$flag"; done
  $STREAM 10 500 uplink=111111111111 slice=1 >"$TMP/back.jsonl"
  run "$FAILOVER" decide --config "$TMP/event.json" --state-dir "$1" <"$TMP/back.jsonl"
  expect_rc "failback" 0
  validate "$TMP/out"
}

fail_back "$TMP/state" primary-on_activate
[[ $(jq -sc 'map(.event + ":" + .path + ":" + .active)' "$TMP/out") == \
   '["up:primary:5g","switch_failed:primary:5g"]' ]] || fail "failed failback: $(cat "$TMP/out")"
jq -se '.[1].reason | test("^on_activate of primary failed: exit status 1; staying on 5g")' "$TMP/out" \
  >/dev/null || fail "reason: $(sed -n 2p "$TMP/out")"
[[ $(paste -sd, "$HOOK_LOG") == \
   'on_deactivate 5g,on_activate primary,on_activate primary,on_activate primary,on_activate 5g' ]] ||
  fail "hooks after the failed failback: $(paste -sd, "$HOOK_LOG")"
run "$FAILOVER" status --json --config "$TMP/event.json" --state-dir "$TMP/state"
jq -se 'map(select(.active))[0].path == "5g"' "$TMP/out" >/dev/null || fail "status: $(cat "$TMP/out")"

# 5g cannot be activated again either: no path is active, says the record
# (and stderr), and local takes over.
rm -f "$TMP"/fail-*
fail_back "$TMP/state-lost" primary-on_activate 5g-on_activate
[[ $(jq -sc 'map(.event + ":" + .path + ":" + .active)' "$TMP/out") == \
   '["up:primary:5g","switch_failed:primary:","switch:local:local"]' ]] || fail "lost: $(cat "$TMP/out")"
jq -se '.[1].reason | test("on_activate of 5g failed too: exit status 1; no path is active")' "$TMP/out" \
  >/dev/null || fail "lost reason: $(sed -n 2p "$TMP/out")"
grep -q "no path is active" "$TMP/err" || fail "nothing said on stderr: $(cat "$TMP/err")"
[[ $(paste -sd, "$HOOK_LOG") == 'on_deactivate 5g,on_activate primary,on_activate primary,on_activate primary,'\
'on_activate 5g,on_activate 5g,on_activate 5g' ]] ||
  fail "hooks when 5g cannot come back: $(paste -sd, "$HOOK_LOG")"
run "$FAILOVER" status --json --config "$TMP/event.json" --state-dir "$TMP/state-lost"
jq -se 'map(select(.active))[0].path == "local"' "$TMP/out" >/dev/null || fail "status when lost: $(cat "$TMP/out")"
echo "failback_restore: ok"
