#!/usr/bin/env bash
# Ctrl-C: SIGINT once two windows (two seconds) of a 30 s run are out stops
# it; the windows so far and the summary are still written, stopped
# "interrupted", exit 130, within the 5 s request timeout.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
command -v nginx >/dev/null || fail "nginx is missing: scripts/install-deps.sh test"

start_ok_nginx
# A script starts `cmd &` with SIGINT ignored; give it the default back.
env --default-signal=INT "$LOAD" run "http://127.0.0.1:$PORT_ok/" --rate 100 --duration 30s \
  >"$TMP/out" 2>"$TMP/err" &
pid=$!
started $pid
wait_lines "$TMP/out" 2 10
kill -INT $pid
start=$(now_ms)
wait_exit $pid 10
took=$(($(now_ms) - start))
printf 'interrupt: exit %d %d ms after SIGINT; %d windows; summary: %s\n' "$RC" "$took" \
  "$(jq -c 'select(.kind == "load.window")' "$TMP/out" | wc -l)" "$(jq -c 'select(.kind == "load.summary") | {stopped, sent, completed, in_flight, duration_ms}' "$TMP/out")"
expect_rc "SIGINT" 130
expect_load_records "SIGINT" "$TMP/out"
s=$(summary "$TMP/out")
[[ $(field "$s" .stopped) == interrupted ]] || fail "stopped is not \"interrupted\": $s"
sent=$(field "$s" .sent)
((sent >= 190 && sent <= 400)) || fail "sent $sent in 2 to 3 s at 100/s: $s"
((took < 6000)) || fail "took $took ms to stop after SIGINT (the timeout is 5 s)"
