#!/usr/bin/env bash
# A sync killed (-9) at random points, three times, then run again: both
# kiosks end with every order and every delivery row, as if it had never
# been cut (each page is merged in one transaction and counted in a cursor
# only after; a page merged twice changes nothing). Seed printed,
# EVT_TEST_SEED replays the kill times.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/peer_helpers.bash"

PORT[kiosk-a]=$(free_port)
PORT[kiosk-b]=$(free_port)
kiosk_config kiosk-a kiosk-b
kiosk_config kiosk-b kiosk-a
N=4000
put_orders kiosk-a "$N"
put_orders kiosk-b 50
serve kiosk-b

for round in 1 2 3; do
  delay_ms=$((RANDOM % 300))
  in_background "$TMP/sync-$round.out" "$TMP/sync-$round.err" kiosk-a sync kiosk-b
  sleep "$(printf '0.%03d' "$delay_ms")"
  kill -KILL "$BG_PID" 2>/dev/null || true
  wait "$BG_PID" 2>/dev/null || true
  cut=$([[ -s $TMP/sync-$round.out ]] && echo "after it ended" || echo "mid-exchange")
  echo "$TEST_NAME: round $round: killed after ${delay_ms}ms, $cut" >&2
done
run on kiosk-a sync kiosk-b
expect_rc "sync after the kills" 0
run on kiosk-a sync kiosk-b  # the echo of what the last one moved
expect_rc "sync again" 0
[[ $(ids kiosk-a | wc -l) -eq $((N + 50)) ]] || fail "kiosk-a holds $(ids kiosk-a | wc -l) of $((N + 50))"
cmp -s <(ids kiosk-a) <(ids kiosk-b) || fail "the kiosks differ after the kills"
for kiosk in kiosk-a kiosk-b; do
  pending=$(on "$kiosk" status --json | jq -s 'map(select(.destination == "shop")) | .[0].pending')
  [[ $pending -eq $((N + 50)) ]] || fail "$kiosk: $pending delivery rows pending, expected $((N + 50))"
done
run on kiosk-a sync kiosk-b
[[ $(jq '.pulled + .pushed' "$TMP/out") -eq 0 ]] || fail "converged kiosks should exchange nothing: $(cat "$TMP/out")"
echo "$TEST_NAME: ok"
