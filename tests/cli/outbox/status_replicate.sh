#!/usr/bin/env bash
# status, list, retry and drop on what put stored, and export | merge
# between two kiosks' state dirs: the records join as a set, the delivery
# rows by the join (a dead letter from the other kiosk arrives as one, and
# retry puts it back), twice the same merge changes nothing, and the
# second export sends only what changed after the first one's cursor.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tool_helpers.bash"

A=$TMP/kiosk-a B=$TMP/kiosk-b
write_config "$TMP/b.json" kiosk-b
orders 1 3 | EVT_STATE_DIR=$A "$OUTBOX" put orders >/dev/null
orders 11 12 | EVT_STATE_DIR=$B "$OUTBOX" --config "$TMP/b.json" put orders >/dev/null

EVT_STATE_DIR=$A run "$OUTBOX" status
expect_rc "status" 0
expect_valid "status" "$TMP/out"
jq -se 'length == 2 and any(.[]; .queue == "orders" and .destination == "shop" and .pending == 3 and .class == "critical"
                      and .oldest_pending_age_ms >= 0 and .delivered == 0)' "$TMP/out" >/dev/null ||
  fail "status of three pending orders: $(cat "$TMP/out")"

# A's export into B: B holds both kiosks' orders, each with its origin.
EVT_STATE_DIR=$A run "$OUTBOX" export
expect_rc "export" 0
cp "$TMP/out" "$TMP/a1.jsonl"
[[ $(tail -1 "$TMP/a1.jsonl" | jq -r .kind) == outbox.cursor ]] || fail "the export does not end with its cursor"
tail -1 "$TMP/a1.jsonl" >"$TMP/cursor.jsonl"
expect_valid "the export (replica records and the cursor)" "$TMP/a1.jsonl"
cursor=$(jq .cursor "$TMP/cursor.jsonl")
EVT_STATE_DIR=$B run "$OUTBOX" --config "$TMP/b.json" merge <"$TMP/a1.jsonl"
expect_rc "merge" 0
expect_valid "merge" "$TMP/out"
jq -e '.kind == "outbox.merge" and .added == 3 and .conflict == 0' "$TMP/out" >/dev/null || fail "merge: $(cat "$TMP/out")"
[[ $(held_ids "$B" | tr '\n' ' ') == "o1 o11 o12 o2 o3 " ]] || fail "B holds: $(held_ids "$B")"
EVT_STATE_DIR=$B "$OUTBOX" --config "$TMP/b.json" list --json >"$TMP/list.jsonl"
[[ $(jq -r 'select(.id == "o1") | .origin' "$TMP/list.jsonl") == kiosk-a ]] || fail "o1's origin is not kiosk-a"
[[ $(jq -r 'select(.id == "o11") | .origin' "$TMP/list.jsonl") == kiosk-b ]] || fail "o11's origin is not kiosk-b"

# The same export again changes nothing.
EVT_STATE_DIR=$B run "$OUTBOX" --config "$TMP/b.json" merge "$TMP/a1.jsonl"
expect_rc "the same merge twice" 0
jq -e '.added == 0 and .duplicate == 3 and .deliveries_changed == 0' "$TMP/out" >/dev/null || fail "a second merge: $(cat "$TMP/out")"

# A dead letter on A (as a delivery pass leaves one: a 400 from the shop)
# reaches B by the join; retry there puts it back to pending.
jq -c 'select(.kind == "outbox.delivery_state" and .id == "o2") | .state = "dead_lettered" | .attempts = 1 | .status = 400
       | .error = "{\"error\":\"unknown sku\"}" | .by = "kiosk-a" | .updated = "2030-01-01T00:00:00.000Z"' "$TMP/a1.jsonl" >"$TMP/dead.jsonl"
EVT_STATE_DIR=$B run "$OUTBOX" --config "$TMP/b.json" merge "$TMP/dead.jsonl"
expect_rc "a dead letter merged" 0
jq -e '.deliveries_changed == 1' "$TMP/out" >/dev/null || fail "the dead letter did not win the join: $(cat "$TMP/out")"
EVT_STATE_DIR=$B run "$OUTBOX" --config "$TMP/b.json" list --state dead_lettered
expect_rc "list --state dead_lettered" 0
[[ $(jq -r .id "$TMP/out") == o2 && $(jq -r '.deliveries[0].status' "$TMP/out") == 400 ]] || fail "dead letters: $(cat "$TMP/out")"
EVT_STATE_DIR=$B "$OUTBOX" --config "$TMP/b.json" status --json | jq -se 'any(.[]; .queue == "orders" and .dead_lettered == 1 and .pending == 4)' >/dev/null ||
  fail "status does not show the dead letter"
EVT_STATE_DIR=$B run "$OUTBOX" --config "$TMP/b.json" retry shop --dry-run
expect_rc "retry --dry-run" 3
jq -e '.retried == 1 and .dry_run' "$TMP/out" >/dev/null || fail "retry --dry-run: $(cat "$TMP/out")"
EVT_STATE_DIR=$B run "$OUTBOX" --config "$TMP/b.json" retry shop
expect_rc "retry" 0
expect_valid "retry" "$TMP/out"
jq -e '.retried == 1' "$TMP/out" >/dev/null || fail "retry: $(cat "$TMP/out")"
[[ -z $(EVT_STATE_DIR=$B "$OUTBOX" --config "$TMP/b.json" list --state dead_lettered) ]] || fail "the dead letter is still there"
EVT_STATE_DIR=$B run "$OUTBOX" --config "$TMP/b.json" retry erp
expect_rc "retry of a destination not configured" 2

# drop: gone for every destination, and the drop travels back to A.
EVT_STATE_DIR=$B run "$OUTBOX" --config "$TMP/b.json" drop o3 --dry-run
expect_rc "drop --dry-run" 3
EVT_STATE_DIR=$B run "$OUTBOX" --config "$TMP/b.json" drop o3 --yes
expect_rc "drop" 0
expect_valid "drop" "$TMP/out"
jq -e '.dropped == 1' "$TMP/out" >/dev/null || fail "drop: $(cat "$TMP/out")"
EVT_STATE_DIR=$B "$OUTBOX" --config "$TMP/b.json" export >"$TMP/b1.jsonl"
EVT_STATE_DIR=$A run "$OUTBOX" merge "$TMP/b1.jsonl"
expect_rc "B's export into A" 0
EVT_STATE_DIR=$A "$OUTBOX" list --state dropped --json | jq -r .id | grep -qx o3 || fail "the drop did not reach A"
[[ $(held_ids "$A" | tr '\n' ' ') == "o1 o11 o12 o2 o3 " ]] || fail "A holds: $(held_ids "$A")"

# Incremental: after the cursor, only what changed since.
orders 4 4 | EVT_STATE_DIR=$A "$OUTBOX" put orders >/dev/null
EVT_STATE_DIR=$A run "$OUTBOX" export --after-seq "$cursor"
expect_rc "export --after-seq" 0
jq -se 'any(.[]; .kind == "outbox.element" and .id == "o4") and all(.[]; .kind != "outbox.element" or .id != "o1")' "$TMP/out" >/dev/null ||
  fail "export --after-seq $cursor: $(cat "$TMP/out")"

# A damaged export stops the merge with nothing taken, or is skipped and counted.
{ head -2 "$TMP/a1.jsonl"; echo '{"kind":"outbox.element","id":"x"}'; } >"$TMP/bad.jsonl"
EVT_STATE_DIR=$TMP/c run "$OUTBOX" merge "$TMP/bad.jsonl"
expect_rc "a damaged export" 65
[[ -z $(held_ids "$TMP/c") ]] || fail "a refused merge stored something"
EVT_STATE_DIR=$TMP/c run "$OUTBOX" merge --on-error skip "$TMP/bad.jsonl"
expect_rc "a damaged export, skipping" 0
jq -e '.skipped == 1 and .added == 1' "$TMP/out" >/dev/null || fail "skip: $(cat "$TMP/out")"
