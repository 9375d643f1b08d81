#!/usr/bin/env bash
# A rate above what --max-in-flight allows: 200 requests/s at a server that
# takes 100 ms per answer with at most 5 in flight can only reach 50/s. The
# schedule does not quietly become a closed loop: the sends that waited for
# a slot are counted as held back and their lateness as slip.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

start_stall_server slow --delay 100
run "$LOAD" run "http://127.0.0.1:$PORT_slow/" --rate 200 --duration 2s --max-in-flight 5
expect_rc "200/s with 5 in flight at 100 ms" 0
expect_load_records "200/s with 5 in flight at 100 ms" "$TMP/out"
s=$(summary "$TMP/out")
read -r achieved held slipped slip_p99 sent < <(field "$s" '[.achieved_rate, .held_back, .slipped, (.slip.p99_ms // 0), .sent] | @tsv')
window_held=$(jq -s 'map(select(.kind == "load.window") | .held_back) | add // 0' "$TMP/out")
printf 'held back: target 200/s, max-in-flight 5, 100 ms server: achieved %.1f/s, sent %d, held back %d (windows: %d), slipped %d, slip p99 %.1f ms\n' \
  "$achieved" "$sent" "$held" "$window_held" "$slipped" "$slip_p99"
((held > 0)) || fail "the bound bit, yet held_back is $held: $s"
((window_held > 0)) || fail "no load.window reports held_back: $(cat "$TMP/out")"
((slipped > 0)) || fail "sends waited for a slot, yet slipped is $slipped: $s"
awk -v a="$achieved" 'BEGIN { exit !(a <= 60) }' || fail "achieved $achieved/s is more than 5 in flight x 10/s allow: $s"
awk -v p="$slip_p99" 'BEGIN { exit !(p >= 100) }' || fail "slip p99 $slip_p99 ms is too small for sends held for a slot: $s"

# A bound the open-file limit cannot hold (a socket each) is cut to fit and
# said so, rather than failing sockets as if the server refused them; one
# beyond evt-load's own ceiling is a usage error.
(ulimit -n 200 && run "$LOAD" run "http://127.0.0.1:$PORT_slow/" --rate 50 --duration 1s --max-in-flight 5000)
grep -q "only 200 files may be open (ulimit -n): at most 136 requests in flight, not 5000" "$TMP/err" ||
  fail "a bound past ulimit -n was not cut and said: $(cat "$TMP/err")"
[[ $(summary "$TMP/out" | jq '.errors | add // 0') == 0 ]] || fail "requests failed under the cut bound: $(cat "$TMP/out")"
run "$LOAD" run "http://127.0.0.1:$PORT_slow/" --rate 50 --max-in-flight 100000
expect_rc "--max-in-flight past 10000" 2
