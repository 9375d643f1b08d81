#!/usr/bin/env bash
# Concurrent `evt-budget check` runs against one state dir decide a level
# change once: the level is read, decided on and written in one write
# transaction, so of N checks started together exactly one sheds 0 -> 2
# and the others see level 2 and keep it. Each round starts the checks at
# the same instant (they spin on a start file), with a fresh ledger.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/budget_lib.bash"
write_config
rounds=${EVT_TEST_ROUNDS:-10}
checks=6

for ((round = 1; round <= rounds; round++)); do
  export EVT_STATE_DIR="$TMP/state-$round"
  usage u1 2026-12-05T10:00:00.000Z checkout edge.exec 20000000 |
    "$BUDGET" ingest --at 2026-12-05T10:30:00Z - >/dev/null 2>"$TMP/ingest.err" || fail "ingest: $(cat "$TMP/ingest.err")"
  pids=()
  for ((i = 0; i < checks; i++)); do
    bash -c 'while [[ ! -e $1 ]]; do sleep 0.005; done; shift; exec "$@"' _ "$TMP/go-$round" \
      "$BUDGET" check --json --at 2026-12-05T11:00:00Z >"$TMP/out-$round-$i" 2>"$TMP/err-$round-$i" &
    started $!
    pids+=($!)
  done
  sleep 0.3
  touch "$TMP/go-$round"
  for ((i = 0; i < checks; i++)); do
    wait_exit "${pids[$i]}" 60
    [[ $RC -eq 1 ]] || fail "round $round, check $i: exit $RC, expected 1 (over): $(cat "$TMP/err-$round-$i")"
  done
  sheds=$(cat "$TMP"/out-"$round"-* | jq -s 'map(select(.kind == "decision" and .action == "shed")) | length')
  keeps=$(cat "$TMP"/out-"$round"-* | jq -s 'map(select(.kind == "decision" and .action == "keep" and .previous_level == 2)) | length')
  [[ $sheds -eq 1 && $keeps -eq $((checks - 1)) ]] ||
    fail "round $round: $sheds shed and $keeps keep-at-2 decisions from $checks concurrent checks, expected 1 and $((checks - 1)): $(cat "$TMP"/out-"$round"-*)"
done
echo "ok ($rounds rounds of $checks concurrent checks)"
