#!/usr/bin/env bash
# evt-scrape run --interval: each scrape's records reach the pipe at once,
# and SIGTERM ends the run between scrapes with 143.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

start_console
base=http://127.0.0.1:$PORT_console
cat >"$TMP/event.json" <<JSON
{"site": {"name": "test"},
 "scrape": {"sources": {"cdn": {"url": "$base/page.html", "html": {"script_id": "__NEXT_DATA__"},
                                "records": "\$.props.pageProps.cdn", "metrics": [{"name": "cdn_hit_ratio", "path": "@.hit_ratio"}]}}}}
JSON
"$SCRAPE" run --config "$TMP/event.json" --state-dir "$TMP/state" --interval 300ms >"$TMP/live" 2>"$TMP/err" &
pid=$!
started "$pid"
# Four records a scrape (the sample, up, scrape_duration_ms, samples): two
# scrapes' worth arrive while the process still runs.
wait_lines "$TMP/live" 8 10
is_running "$pid" || fail "--interval ended by itself"
kill -TERM "$pid"
wait_exit "$pid" 5
expect_rc "SIGTERM" 143
validate "$TMP/live"
[[ $(grep -c '"name":"cdn_hit_ratio"' "$TMP/live") -ge 2 ]] || fail "expected two scrapes: $(cat "$TMP/live")"
[[ $(($(wc -l <"$TMP/live") % 4)) -eq 0 ]] || fail "a scrape was cut in half: $(cat "$TMP/live")"

run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$TMP/state" --interval 0s
expect_rc "--interval 0s" 2
run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$TMP/state" --textfile "$TMP/x.prom"
expect_rc "--textfile without --format" 2
exit 0
