#!/usr/bin/env bash
# `evt-failover decide` on recorded probe streams: failover and failback
# with its reasons and detection times, a restart that resumes without
# re-announcing, actions (environment, template, failure -> switch_failed),
# force/release requests, bad input, and the documented example config.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
STREAM="python3 $(dirname "$0")/probe_stream.py"

mkdir -p "$TMP/bin"
cat >"$TMP/bin/record-env" <<'SH'
#!/bin/sh
env | grep '^EVT_FAILOVER_' | sort >>"$ENV_LOG"
echo "---" >>"$ENV_LOG"
SH
chmod +x "$TMP/bin/record-env"
export ENV_LOG=$TMP/env.log
echo 'server {{upstream}}; # {{path}} was {{old_path}}' >"$TMP/up.tmpl"

cat >"$TMP/event.json" <<JSON
{"site": {"name": "t"},
 "probe": {"targets": {"uplink": {"check": "tcp", "address": "127.0.0.1:1"},
                       "slice": {"check": "tcp", "address": "127.0.0.1:2"}}},
 "failover": {"failback_after": "5s", "paths": [
   {"name": "primary", "targets": ["uplink"], "rise": 2, "fall": 2, "vars": {"upstream": "10.0.0.1:443"},
    "on_activate": [{"template": "up.tmpl", "write": "upstream.conf"}],
    "on_down": [{"run": ["$TMP/bin/record-env"]}]},
   {"name": "5g", "targets": ["slice"], "vars": {"upstream": "10.0.0.2:443"},
    "on_activate": [{"template": "up.tmpl", "write": "upstream.conf"}]},
   {"name": "local", "always_up": true, "vars": {"upstream": "127.0.0.1:8443"}}]}}
JSON
D=("$FAILOVER" decide --config "$TMP/event.json" --state-dir "$TMP/state")

# Rounds every 500 ms: primary fails in rounds 5-9, then answers again.
$STREAM 0 500 uplink=11111000001111111111111111111111 slice=1 >"$TMP/a.jsonl"
run "${D[@]}" <"$TMP/a.jsonl"
expect_rc "decide" 0
validate "$TMP/out"
jq -sc 'map(.event + ":" + .path)' "$TMP/out" >"$TMP/events"
[[ $(cat "$TMP/events") == '["switch:primary","down:primary","switch:5g","up:primary","switch:primary"]' ]] ||
  fail "events: $(cat "$TMP/events")"
jq -se '.[2] | .previous == "primary" and .reason == "primary is down; 5g is the most preferred healthy path"
        and .detected_at == "2026-12-05T10:00:03.002Z"' "$TMP/out" >/dev/null || fail "failover: $(sed -n 3p "$TMP/out")"
jq -se '.[1].reason | test("fall 2.*connection refused")' "$TMP/out" >/dev/null || fail "down reason: $(sed -n 2p "$TMP/out")"
# Up at 5.502 (rounds 10 and 11 answered), failback 5 s later, not before.
jq -se '.[3].detected_at == "2026-12-05T10:00:05.502Z" and .[4].detected_at == "2026-12-05T10:00:10.502Z"
        and (.[4].reason | startswith("failback: primary healthy for 5.0s"))' "$TMP/out" >/dev/null ||
  fail "failback: $(cat "$TMP/out")"
grep -qx 'server 10.0.0.1:443; # primary was 5g' "$TMP/upstream.conf" || fail "template: $(cat "$TMP/upstream.conf")"
grep -qx 'EVT_FAILOVER_PATH=primary' "$ENV_LOG" || fail "action env: $(cat "$ENV_LOG")"
grep -qx 'EVT_FAILOVER_HOOK=on_down' "$ENV_LOG" || fail "action env: $(cat "$ENV_LOG")"
grep -qx 'EVT_FAILOVER_NEW_STATE=down' "$ENV_LOG" || fail "action env: $(cat "$ENV_LOG")"
grep -qx 'EVT_FAILOVER_VAR_UPSTREAM=10.0.0.1:443' "$ENV_LOG" || fail "action env: $(cat "$ENV_LOG")"
grep -q '^EVT_FAILOVER_REASON=failed checks reached fall 2' "$ENV_LOG" || fail "action env: $(cat "$ENV_LOG")"

# History keeps what was written.
run "$FAILOVER" history --json --state-dir "$TMP/state"
expect_rc "history" 0
cmp -s <(jq -c 'del(.ts)' "$TMP/out") <("${D[@]:0:1}" history --json --state-dir "$TMP/state" | jq -c 'del(.ts)') ||
  fail "history differs between two reads"
[[ $(wc -l <"$TMP/out") -eq 5 ]] || fail "history: $(cat "$TMP/out")"

# A restart while the primary is down: no second "down", no new switch.
rm -rf "$TMP/state"
$STREAM 0 500 uplink=1100000 slice=1 >"$TMP/b1.jsonl"
run "${D[@]}" <"$TMP/b1.jsonl"
[[ $(jq -sc 'map(.event + ":" + .path)' "$TMP/out") == '["switch:primary","down:primary","switch:5g"]' ]] ||
  fail "before restart: $(cat "$TMP/out")"
$STREAM 10 500 uplink=0000 slice=1 >"$TMP/b2.jsonl"
run "${D[@]}" <"$TMP/b2.jsonl"
expect_rc "decide after restart" 0
[[ ! -s $TMP/out ]] || fail "a restart re-announced: $(cat "$TMP/out")"
run "$FAILOVER" status --json --config "$TMP/event.json" --state-dir "$TMP/state"
jq -se 'map(select(.active))[0].path == "5g" and (map(select(.path == "primary"))[0].up == false)' "$TMP/out" \
  >/dev/null || fail "status after restart: $(cat "$TMP/out")"

# A dry run checks and says what it would request, and requests nothing:
# the decider then takes no force, and release finds nothing forced.
run "$FAILOVER" force local --for 10m --queue --dry-run --config "$TMP/event.json" --state-dir "$TMP/state"
expect_rc "force --dry-run" 3
grep -q "^force local for 10m.*: would be requested" "$TMP/out" || fail "force --dry-run: $(cat "$TMP/out")"
run "$FAILOVER" release --queue --dry-run --state-dir "$TMP/state"
expect_rc "release --dry-run with nothing forced" 0
grep -q "nothing is forced" "$TMP/out" || fail "release --dry-run: $(cat "$TMP/out")"

# With --queue, force waits in the store for the next decider; release ends it.
run "$FAILOVER" force local --for 10m --queue --config "$TMP/event.json" --state-dir "$TMP/state"
expect_rc "force" 0
$STREAM 20 500 uplink=0 slice=1 >"$TMP/c.jsonl"
run "${D[@]}" <"$TMP/c.jsonl"
[[ $(jq -sc 'map(.event + ":" + .path)' "$TMP/out") == '["forced:local","switch:local"]' ]] || fail "force: $(cat "$TMP/out")"
jq -se '.[1].reason | startswith("forced by an operator until")' "$TMP/out" >/dev/null || fail "force reason"
run "$FAILOVER" release --queue --dry-run --state-dir "$TMP/state"
expect_rc "release --dry-run with a force in place" 3
run "$FAILOVER" release --queue --state-dir "$TMP/state"
expect_rc "release" 0
run "${D[@]}" <"$TMP/c.jsonl"
[[ $(jq -sc 'map(.event + ":" + .path)' "$TMP/out") == '["released:local","switch:5g"]' ]] || fail "release: $(cat "$TMP/out")"
# A release right after a force the decider has not taken yet releases it
# too: else the force lands after the release and holds for its 10 minutes.
run "$FAILOVER" force local --for 10m --queue --config "$TMP/event.json" --state-dir "$TMP/state"
expect_rc "force, not yet taken" 0
run "$FAILOVER" release --queue --state-dir "$TMP/state"
expect_rc "release of a force not yet taken" 0
grep -q "requested" "$TMP/out" || fail "release of a force not yet taken requested nothing: $(cat "$TMP/out")"
run "${D[@]}" <"$TMP/c.jsonl"
[[ $(jq -sc '[.[] | select(.event != "switch") | .event + ":" + .path]' "$TMP/out") == '["forced:local","released:local"]' ]] ||
  fail "force then release in one take: $(cat "$TMP/out")"
run "$FAILOVER" status --json --config "$TMP/event.json" --state-dir "$TMP/state"
jq -se 'map(select(.active))[0].path == "5g" and all(.forced_until == null)' "$TMP/out" >/dev/null ||
  fail "the force held after its release: $(cat "$TMP/out")"
run "$FAILOVER" force nowhere --config "$TMP/event.json" --state-dir "$TMP/state"
expect_rc "force of an unknown path" 2
EVT_FAILOVER_IN_ACTION=1 run "$FAILOVER" force local --config "$TMP/event.json" --state-dir "$TMP/state"
expect_rc "force from inside an action" 2
grep -q "must not call back" "$TMP/err" || fail "inside an action: $(cat "$TMP/err")"

# A switch whose actions fail is not recorded as done: 5g's on_activate
# fails, so the records say switch_failed and local takes over.
jq '.failover.paths[1].on_activate = [{"run": ["false"], "retries": 1, "timeout": "2s"}]' "$TMP/event.json" \
  >"$TMP/failing.json"
$STREAM 0 500 uplink=1100 slice=1 >"$TMP/d.jsonl"
run "$FAILOVER" decide --config "$TMP/failing.json" --state-dir "$TMP/state-failing" <"$TMP/d.jsonl"
expect_rc "decide with failing actions" 0
validate "$TMP/out"
[[ $(jq -sc 'map(.event + ":" + .path + ":" + .active)' "$TMP/out") == \
   '["switch:primary:primary","down:primary:primary","switch_failed:5g:primary","switch:local:local"]' ]] ||
  fail "failing actions: $(cat "$TMP/out")"
jq -se '.[2].actions[0] | .ok == false and .attempts == 2 and .error == "exit status 1"' "$TMP/out" >/dev/null ||
  fail "failed action report: $(sed -n 3p "$TMP/out")"
run "$FAILOVER" status --json --config "$TMP/failing.json" --state-dir "$TMP/state-failing"
jq -se 'map(select(.active))[0].path == "local"' "$TMP/out" >/dev/null || fail "status claims: $(cat "$TMP/out")"

# Bad input: named by line and field, exit 65; skipped under --on-error skip.
printf '%s\n' '{"kind":"probe","v":1,"ts":"2026-12-05T10:00:00.000Z","target":"uplink","total_ms":1}' >"$TMP/bad.jsonl"
run "$FAILOVER" decide --config "$TMP/event.json" --state-dir "$TMP/state-bad" <"$TMP/bad.jsonl"
expect_rc "a probe record without ok" 65
grep -q -- '<stdin>:1: "ok": expected true or false' "$TMP/err" || fail "bad input: $(cat "$TMP/err")"
run "$FAILOVER" decide --on-error skip --config "$TMP/event.json" --state-dir "$TMP/state-bad" <"$TMP/bad.jsonl"
expect_rc "skipped" 0

# The project's documented example loads, given its template and programs.
mkdir -p "$TMP/example/templates"
cp "$EVT_SOURCE_DIR/examples/event.json" "$TMP/example/"
cp -r "$EVT_SOURCE_DIR/examples/flows" "$TMP/example/" 2>/dev/null || true
cp "$EVT_SOURCE_DIR/examples/templates/upstream.conf.tmpl" "$TMP/example/templates/"
for p in nginx evt-runbook; do printf '#!/bin/sh\nexit 0\n' >"$TMP/bin/$p" && chmod +x "$TMP/bin/$p"; done
PATH=$TMP/bin:$PATH run "$FAILOVER" config check --config "$TMP/example/event.json"
expect_rc "examples/event.json" 0
echo "decide_stream: ok"
