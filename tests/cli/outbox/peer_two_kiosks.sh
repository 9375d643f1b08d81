#!/usr/bin/env bash
# Two kiosks take orders while the shop is unreachable and replicate with
# sync; kiosk A dies for good (serve killed -9, state dir gone); the shop
# comes back and kiosk B delivers A's orders and its own, each committed
# once at the API. A sync towards the dead kiosk is 69 and changes nothing.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/peer_helpers.bash"

PORT[kiosk-a]=$(free_port)
PORT[kiosk-b]=$(free_port)
start_api
control '{"down_ms": 600000}'  # the uplink is down: every order's connection closes unread
kiosk_config kiosk-a kiosk-b
kiosk_config kiosk-b kiosk-a
serve kiosk-a
serve kiosk-b

NA=$((3 + RANDOM % 6))
NB=$((3 + RANDOM % 6))
put_orders kiosk-a "$NA"
put_orders kiosk-b "$NB"
run on kiosk-b run  # the shop is down: nothing is delivered, nothing lost
[[ $(stats | jq .commits) -eq 0 ]] || fail "the API committed while down: $(stats)"

run on kiosk-a sync kiosk-b
expect_rc "a: sync kiosk-b" 0
cp "$TMP/out" "$TMP/sync-a.jsonl"
run on kiosk-b sync --all
expect_rc "b: sync --all" 0
cat "$TMP/out" >>"$TMP/sync-a.jsonl"
expect_json_lines "sync records" "$TMP/sync-a.jsonl"
expect_valid "sync records" "$TMP/sync-a.jsonl"
[[ $(jq -s 'length' "$TMP/sync-a.jsonl") -eq 2 ]] || fail "one outbox.sync per exchange: $(cat "$TMP/sync-a.jsonl")"
[[ $(jq -s '.[0].added_here + .[0].added_there' "$TMP/sync-a.jsonl") -eq $((NA + NB)) ]] ||
  fail "the first exchange should move every order: $(cat "$TMP/sync-a.jsonl")"
ids kiosk-a >"$TMP/ids-a"
ids kiosk-b >"$TMP/ids-b"
[[ $(wc -l <"$TMP/ids-b") -eq $((NA + NB)) ]] || fail "kiosk-b holds $(wc -l <"$TMP/ids-b") of $((NA + NB)) orders"
cmp -s "$TMP/ids-a" "$TMP/ids-b" || fail "the kiosks differ after sync: $(diff "$TMP/ids-a" "$TMP/ids-b")"

# Kiosk A dies for good.
kill_serve kiosk-a
rm -rf "$TMP/kiosk-a/state"
on kiosk-b export >"$TMP/before"
run on kiosk-b sync kiosk-a
expect_rc "b: sync with the dead kiosk" 69
grep -q "kiosk-a" "$TMP/err" || fail "the message should name the peer: $(cat "$TMP/err")"
on kiosk-b export >"$TMP/after"
cmp -s <(grep -v outbox.cursor "$TMP/before") <(grep -v outbox.cursor "$TMP/after") ||
  fail "a failed sync changed kiosk-b's outbox"

# The uplink returns: B delivers everything, A's orders included.
control '{"reset": true}'
for ((pass = 0; pass < 40; pass++)); do
  run on kiosk-b run
  [[ $(stats | jq .commits) -ge $((NA + NB)) ]] && break
  sleep 0.1
done
s=$(stats)
for kiosk in kiosk-a kiosk-b; do
  n=$([[ $kiosk == kiosk-a ]] && echo "$NA" || echo "$NB")
  got=$(jq --arg p "$kiosk-" '[.keys | to_entries[] | select(.key | startswith($p)) | select(.value.commits == 1)] | length' <<<"$s")
  [[ $got -eq $n ]] || fail "the API committed $got of $kiosk's $n orders once: $s"
done
[[ $(jq '[.keys[] | select(.commits > 1)] | length' <<<"$s") -eq 0 ]] || fail "an order was committed twice: $s"
[[ $(jq .commits <<<"$s") -eq $((NA + NB)) ]] || fail "the API committed other orders: $s"
run on kiosk-b status --json
expect_rc "b: status" 0
[[ $(jq -s 'map(select(.destination == "shop")) | .[0].delivered' "$TMP/out") -eq $((NA + NB)) ]] ||
  fail "kiosk-b's status should count every order delivered: $(cat "$TMP/out")"
echo "$TEST_NAME: ok ($NA + $NB orders, each committed once after kiosk-a died)"
