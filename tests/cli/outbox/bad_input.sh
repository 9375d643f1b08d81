#!/usr/bin/env bash
# Bad input is named with where and what and stores nothing of its batch:
# a line that is not JSON (65, file:line), or --on-error skip counting it;
# an id that is not a string; bad config (78, the pointer); a state dir
# that cannot be written; drop without --yes (2).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tool_helpers.bash"

{ orders 1 3; echo 'not json'; orders 4 4; } >"$TMP/bad.jsonl"
run "$OUTBOX" put orders --batch 2 "$TMP/bad.jsonl"
expect_rc "a line that is not JSON" 65
grep -q 'bad.jsonl:4: ' "$TMP/err" || fail "the line is not named: $(cat "$TMP/err")"
# The first batch (o1, o2) was answered for and is kept; o3 shared the bad
# line's batch and is not stored.
[[ $(count outbox.put added "$TMP/out") == 2 ]] || fail "the batch before the bad line: $(cat "$TMP/out")"
[[ $(held_ids | tr '\n' ' ') == "o1 o2 " ]] || fail "held after the bad line: $(held_ids)"

run "$OUTBOX" put orders --on-error skip "$TMP/bad.jsonl"
expect_rc "the bad line skipped" 0
grep -q 'skipped 1 bad record' "$TMP/err" || fail "the skipped line is not counted: $(cat "$TMP/err")"
[[ $(held_ids | tr '\n' ' ') == "o1 o2 o3 o4 " ]] || fail "held after skipping: $(held_ids)"

echo '{"kind":"order","id":42,"total":1}' >"$TMP/id.jsonl"
run "$OUTBOX" put orders "$TMP/id.jsonl"
expect_rc "an id that is not a string" 65
grep -q 'id.jsonl:1: .*id' "$TMP/err" || fail "the bad id is not named: $(cat "$TMP/err")"
echo '[1, 2]' >"$TMP/array.jsonl"
run "$OUTBOX" put orders "$TMP/array.jsonl"
expect_rc "an array, not an object" 65

run "$OUTBOX" put orders "$TMP/nosuch.jsonl"
expect_rc "a missing input file" 66

# Bad config: named by file and pointer, nothing done.
jq '.outbox.queues.orders.class = "vital"' "$CONFIG" >"$TMP/class.json"
run "$OUTBOX" put orders --config "$TMP/class.json" "$TMP/id.jsonl"
expect_rc "an unknown class" 78
grep -q 'class.json: /outbox/queues/orders/class: expected one of critical, degraded, non-essential, got "vital"' "$TMP/err" ||
  fail "$(cat "$TMP/err")"
jq '.outbox.queus = {}' "$CONFIG" >"$TMP/typo.json"
run "$OUTBOX" config check --config "$TMP/typo.json"
expect_rc "an unknown key" 78
grep -q 'typo.json: /outbox/queus: unknown key' "$TMP/err" || fail "$(cat "$TMP/err")"
jq '.outbox.queues.orders.destinations = ["erp"]' "$CONFIG" >"$TMP/dest.json"
run "$OUTBOX" config check --config "$TMP/dest.json"
expect_rc "a queue naming no destination" 78
grep -q 'no destination "erp"' "$TMP/err" || fail "$(cat "$TMP/err")"
jq '.outbox.serve = {"listen": "0.0.0.0:7450"}' "$CONFIG" >"$TMP/open.json"
run "$OUTBOX" config check --config "$TMP/open.json"
expect_rc "serving beyond loopback without a token" 78
jq '.outbox.peers = {"kiosk-b": {"url": "http://127.0.0.2:7450", "token": {"file": "mesh.token"}}}' "$CONFIG" >"$TMP/peer.json"
echo secret >"$TMP/mesh.token"
chmod 644 "$TMP/mesh.token"
run "$OUTBOX" config check --config "$TMP/peer.json"
expect_rc "a token file others can read" 78
grep -q 'peer.json: /outbox/peers/kiosk-b/token: .*chmod 600' "$TMP/err" || fail "$(cat "$TMP/err")"
chmod 600 "$TMP/mesh.token"
run "$OUTBOX" config check --config "$TMP/peer.json"
expect_rc "the token file made private" 0

# A state dir that cannot be written: refused before anything is read.
mkdir -p "$TMP/ro"
chmod 500 "$TMP/ro"
if [[ $(id -u) == 0 ]]; then
  # root writes anywhere; a regular file where the directory should be fails for everyone.
  touch "$TMP/ro/file"
  ro_dir=$TMP/ro/file/state
else
  ro_dir=$TMP/ro/state
fi
EVT_STATE_DIR=$ro_dir run "$OUTBOX" put orders "$TMP/bad.jsonl"
[[ $RC != 0 ]] || fail "an unwritable state dir was accepted"
grep -q "$ro_dir" "$TMP/err" || fail "the state dir is not named: $(cat "$TMP/err")"
chmod 700 "$TMP/ro"

# drop asks for --yes; nothing changes without it.
run "$OUTBOX" drop o1
expect_rc "drop without --yes" 2
grep -q 'confirm with --yes' "$TMP/err" || fail "$(cat "$TMP/err")"
run "$OUTBOX" drop nosuch --yes
expect_rc "dropping an id that is not held" 65
"$OUTBOX" status --json | jq -se 'any(.[]; .queue == "orders" and .dropped == 0 and .pending == 4)' >/dev/null ||
  fail "something was dropped: $("$OUTBOX" status --json)"

# A run with nothing to deliver to is a config to fix, not a success: a
# timer would otherwise report green every minute while orders pile up.
jq '.outbox.destinations = {} | .outbox.queues |= map_values(.destinations = [] | del(.rollup))' "$CONFIG" >"$TMP/none.json"
run "$OUTBOX" run --config "$TMP/none.json"
expect_rc "a run with no destination and no roll-up" 78
grep -q 'nothing to run: .*none.json names no outbox destination' "$TMP/err" || fail "$(cat "$TMP/err")"
