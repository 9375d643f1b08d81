#!/usr/bin/env bash
# sync with a peer nothing answers for: 69 naming the peer and its URL, no
# outbox.sync record, this kiosk's outbox and cursors as they were; with
# --watch the failure is reported and the next round tried, until SIGTERM.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/peer_helpers.bash"

PORT[kiosk-a]=$(free_port)
PORT[kiosk-b]=$(free_port)  # nothing listens there
kiosk_config kiosk-a kiosk-b
put_orders kiosk-a 4
on kiosk-a export | grep -v outbox.cursor >"$TMP/before"

run on kiosk-a sync kiosk-b
expect_rc "sync with nobody there" 69
grep -q "sync with kiosk-b (http://127.0.0.1:${PORT[kiosk-b]})" "$TMP/err" || fail "the message should name the peer: $(cat "$TMP/err")"
[[ ! -s $TMP/out ]] || fail "no outbox.sync for a failed exchange: $(cat "$TMP/out")"
cmp -s "$TMP/before" <(on kiosk-a export | grep -v outbox.cursor) || fail "a failed sync changed the outbox"

run on kiosk-a sync kiosk-z
expect_rc "sync with a peer not in the config" 2
run on kiosk-a sync
expect_rc "sync with neither PEER nor --all" 2

in_background "$TMP/watch.out" "$TMP/watch.err" kiosk-a sync --all --watch --interval 100ms
pid=$BG_PID
for ((i = 0; i < 100; i++)); do [[ $(grep -c "no answer" "$TMP/watch.err") -ge 2 ]] && break; sleep 0.05; done
[[ $(grep -c "no answer" "$TMP/watch.err") -ge 2 ]] || fail "--watch should report each failed round: $(cat "$TMP/watch.err")"
kill -TERM $pid
wait_exit $pid 5
expect_rc "sync --watch after SIGTERM" 143
echo "$TEST_NAME: ok"
