#!/usr/bin/env bash
# kill -9 at a random point of `put`, five times (EVT_OUTBOX_KILLS more in
# a soak): every record a put answered for (an outbox.put record on
# stdout) is in the store afterwards, what is stored is whole batches with
# their delivery rows, never part of one, and putting the same input again
# completes it with duplicates only. The seed is printed; EVT_TEST_SEED
# replays it.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tool_helpers.bash"

seed=${EVT_TEST_SEED:-$((($(date +%s%N) / 1000) % 1000000))}
echo "kill_put: seed $seed (EVT_TEST_SEED=$seed replays it)"
RANDOM=$seed
kills=${EVT_OUTBOX_KILLS:-5}
batch=16
n=1000
write_config "$CONFIG" kiosk-a 16777216

for ((round = 1; round <= kills; round++)); do
  for ((i = 1; i <= n; i++)); do
    printf '{"kind":"order","id":"r%d-%04d","total":%d,"currency":"EUR"}\n' "$round" "$i" "$i"
  done >"$TMP/in.jsonl"
  delay_ms=$((RANDOM % 300))
  "$OUTBOX" put orders --batch "$batch" "$TMP/in.jsonl" >"$TMP/answered.jsonl" 2>"$TMP/err" &
  pid=$!
  started "$pid"
  sleep "$(printf '0.%03d' "$delay_ms")"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true

  # The answered batches are the input's first ones, in order.
  answered=$(jq -s 'map(select(.kind == "outbox.put") | .added) | add // 0' "$TMP/answered.jsonl")
  "$OUTBOX" list --queue orders --json | jq -r "select(.id | startswith(\"r$round-\")) | .id" | sort >"$TMP/held"
  held=$(wc -l <"$TMP/held")
  echo "round $round: killed after ${delay_ms} ms; $answered answered, $held held"
  ((held >= answered)) || fail "round $round: $answered answered but only $held held (seed $seed)"
  ((held % batch == 0 || held == n)) || fail "round $round: $held held is not whole batches of $batch (seed $seed)"
  head -"$held" "$TMP/in.jsonl" | jq -r .id | sort | diff - "$TMP/held" >"$TMP/diff" ||
    fail "round $round: what is held is not the input's first $held records (seed $seed): $(head "$TMP/diff")"
  # Each held record whole, with its delivery row.
  "$OUTBOX" list --queue orders --json |
    jq -se --arg r "r$round-" 'map(select(.id | startswith($r))) | all(.[]; (.record.total | type) == "number"
                                and (.deliveries | length) == 1 and .deliveries[0].state == "pending")' >/dev/null ||
    fail "round $round: a held record is not whole or has no delivery row (seed $seed)"

  run "$OUTBOX" put orders --batch 256 "$TMP/in.jsonl"
  expect_rc "round $round: the same input again" 0
  [[ $(count outbox.put added "$TMP/out") == $((n - held)) && $(count outbox.put duplicate "$TMP/out") == "$held" &&
     $(count outbox.put conflict "$TMP/out") == 0 ]] ||
    fail "round $round: the replay is not $held duplicates and $((n - held)) added (seed $seed)"
done
total=$("$OUTBOX" status --json | jq -s 'map(select(.queue == "orders") | .pending) | add')
((total == kills * n)) || fail "$total orders pending, expected $((kills * n)) (seed $seed)"
