#!/usr/bin/env bash
# evt-scrape run --watch --interval: each scrape's records reach the pipe at once,
# and SIGTERM ends the run between scrapes with 143. While it runs, its
# heartbeat in the state root says it is alive (`state where`); after
# SIGTERM it is gone from there, and a run without --interval leaves a
# "last run" beat.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

start_console
base=http://127.0.0.1:$PORT_console
cat >"$TMP/event.json" <<JSON
{"site": {"name": "test"},
 "scrape": {"sources": {"cdn": {"url": "$base/page.html", "html": {"script_id": "__NEXT_DATA__"},
                                "records": "\$.props.pageProps.cdn", "metrics": [{"name": "cdn_hit_ratio", "path": "@.hit_ratio"}]}}}}
JSON
"$SCRAPE" run --config "$TMP/event.json" --state-dir "$TMP/state" --watch --interval 300ms >"$TMP/live" 2>"$TMP/err" &
pid=$!
started "$pid"
# Four records a scrape (the sample, up, scrape_duration_ms, samples): two
# scrapes' worth arrive while the process still runs.
wait_lines "$TMP/live" 8 10
is_running "$pid" || fail "--interval ended by itself"
run "$SCRAPE" state where --config "$TMP/event.json" --state-dir "$TMP/state"
expect_rc "state where beside a running scrape" 0
grep -q "^scrape: alive (pid $pid on " "$TMP/out" || fail "no live scrape beat: $(cat "$TMP/out" "$TMP/err")"
kill -TERM "$pid"
wait_exit "$pid" 5
expect_rc "SIGTERM" 143
run "$SCRAPE" state where --config "$TMP/event.json" --state-dir "$TMP/state"
! grep -q "^scrape: alive" "$TMP/out" || fail "a stopped scrape still beats: $(cat "$TMP/out")"
run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$TMP/state"
expect_rc "one scrape" 0
run "$SCRAPE" state where --config "$TMP/event.json" --state-dir "$TMP/state"
grep -q "^scrape: last run (pid " "$TMP/out" || fail "a timer's scrape left no last-run beat: $(cat "$TMP/out")"
validate "$TMP/live"
[[ $(grep -c '"name":"cdn_hit_ratio"' "$TMP/live") -ge 2 ]] || fail "expected two scrapes: $(cat "$TMP/live")"
[[ $(($(wc -l <"$TMP/live") % 4)) -eq 0 ]] || fail "a scrape was cut in half: $(cat "$TMP/live")"

run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$TMP/state" --watch --interval 0s
expect_rc "--interval 0s" 2
run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$TMP/state" --textfile "$TMP/x.prom"
expect_rc "--textfile without -o" 2
exit 0
