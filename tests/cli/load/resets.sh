#!/usr/bin/env bash
# A server that resets connections: every 10th request gets a response head
# and then a TCP reset. Each one is an error of class "reset", counted once
# (a reset after bytes arrived is not retried by libcurl), and the rest
# complete.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

start_stall_server resetting --reset-every 10
run "$LOAD" run "http://127.0.0.1:$PORT_resetting/" --rate 200 --duration 2s
expect_rc "a server resetting every 10th request" 0
expect_load_records "a server resetting every 10th request" "$TMP/out"
s=$(summary "$TMP/out")
read -r sent completed resets others ratio < <(field "$s" \
  '[.sent, .completed, (.errors.reset // 0), ((.errors | add // 0) - (.errors.reset // 0)), .error_ratio] | @tsv')
sleep 1.1
server_resets=$(server_count resetting resets)
server_requests=$(server_count resetting requests)
printf 'resets: sent %d, completed %d, errors{reset} %d, other errors %d, error_ratio %s; the server saw %d requests and reset %d\n' \
  "$sent" "$completed" "$resets" "$others" "$ratio" "$server_requests" "$server_resets"
((server_resets > 0)) || fail "the server reset nothing: $(cat "$TMP/resetting.counts")"
((resets == server_resets)) || fail "errors{reset} is $resets, the server reset $server_resets: $s"
((others == 0)) || fail "errors other than resets: $s"
((server_requests == sent)) || fail "sent $sent, the server saw $server_requests: a reset request was retried or lost"
((completed == sent)) || fail "completed (answered or failed) $completed of $sent: $s"
awk -v r="$ratio" -v e="$resets" -v n="$completed" 'BEGIN { exit !(r > 0 && (r - e / n) ^ 2 < 1e-6) }' ||
  fail "error_ratio $ratio is not $resets/$completed: $s"
