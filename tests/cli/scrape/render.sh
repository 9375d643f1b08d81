#!/usr/bin/env bash
# --render: a page whose data exists only after its scripts run is fetched
# by a headless Chromium (--dump-dom). No test needs Chromium: a stand-in
# named chromium on PATH checks the arguments it is given and prints the
# DOM a browser would; without one the error says what to do; one that
# prints without end is stopped at max_body.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

mkdir -p "$TMP/bin" "$TMP/empty"
cat >"$TMP/event.json" <<'JSON'
{"site": {"name": "test"},
 "scrape": {"sources": {
   "console": {"url": "http://127.0.0.1:9/dashboard", "timeout": "2s", "html": {"script_id": "__NEXT_DATA__"},
               "metrics": [{"name": "router_rsrp_dbm", "path": "$.props.lte.rsrp"}]}}}}
JSON

# No browser on PATH: a clear error naming what was looked for, exit 69.
# Only an empty folder on PATH: the test machine may have a real chromium in /usr/bin.
PATH="$TMP/empty" run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$TMP/state" --render
expect_rc "no browser" 69
grep -qF -- "--render: no headless Chromium found on PATH (looked for chromium, chromium-browser" "$TMP/err" ||
  fail "no browser: $(cat "$TMP/err")"

# A stand-in browser: refuses anything but a headless DOM dump of the URL.
cat >"$TMP/bin/chromium" <<'SH'
#!/bin/sh
printf '%s\n' "$@" >"$(dirname "$0")/args"
case " $* " in *" --headless "*" --dump-dom http://127.0.0.1:9/dashboard "*) ;; *) exit 3 ;; esac
echo '<html><body><div id="app">rendered</div>'
echo '<script id="__NEXT_DATA__" type="application/json">{"props": {"lte": {"rsrp": -87}}}</script></body></html>'
SH
chmod +x "$TMP/bin/chromium"
PATH="$TMP/bin:/usr/bin:/bin" run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$TMP/state" --render
expect_rc "rendered page" 0
validate "$TMP/out"
[[ $(metric "$TMP/out" router_rsrp_dbm) == -87 ]] || fail "rendered value: $(cat "$TMP/out")"
[[ $(metric "$TMP/out" up console) == 1 ]] || fail "up after rendering"
grep -qx -- "--dump-dom" "$TMP/bin/args" || fail "browser arguments: $(cat "$TMP/bin/args")"

# Without --render the page is fetched directly (and here nothing listens).
PATH="$TMP/bin:/usr/bin:/bin" run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$TMP/state"
expect_rc "not rendered" 1
[[ $(metric "$TMP/out" up console) == 0 ]] || fail "up without a server"

# A browser that prints without end is stopped at the source's max_body.
printf '#!/bin/sh\nexec yes "<div>padding</div>"\n' >"$TMP/bin/chromium"
sed 's/"timeout": "2s",/"timeout": "20s", "max_body": "64KiB",/' "$TMP/event.json" >"$TMP/capped.json"
PATH="$TMP/bin:/usr/bin:/bin" run "$SCRAPE" run --config "$TMP/capped.json" --state-dir "$TMP/state" --render
expect_rc "endless page" 1
grep -qxF -- "evt-scrape: console: --render: http://127.0.0.1:9/dashboard: the page is over 64 KiB (max_body)" "$TMP/err" ||
  fail "endless page: $(cat "$TMP/err")"

# A browser that fails, and one that hangs past the source's timeout.
printf '#!/bin/sh\nexit 5\n' >"$TMP/bin/chromium"
PATH="$TMP/bin:/usr/bin:/bin" run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$TMP/state" --render
expect_rc "browser fails" 1
grep -qF -- "--render: $TMP/bin/chromium failed on http://127.0.0.1:9/dashboard" "$TMP/err" || fail "failing browser: $(cat "$TMP/err")"
printf '#!/bin/sh\nexec sleep 30\n' >"$TMP/bin/chromium"
start=$(date +%s)
PATH="$TMP/bin:/usr/bin:/bin" run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$TMP/state" --render
expect_rc "browser hangs" 1
(($(date +%s) - start < 15)) || fail "the hanging browser was not stopped at the timeout"
grep -qF -- "--render: http://127.0.0.1:9/dashboard: the browser did not finish within the timeout" "$TMP/err" ||
  fail "hanging browser: $(cat "$TMP/err")"
exit 0
