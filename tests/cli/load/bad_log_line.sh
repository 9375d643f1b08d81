#!/usr/bin/env bash
# A malformed line in a replayed access log: skipped and counted with
# --on-error skip (the other requests are still sent), exit 65 naming the
# file and line with --on-error fail.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
command -v nginx >/dev/null || fail "nginx is missing: scripts/install-deps.sh test"

start_ok_nginx
cat >"$TMP/access.log" <<'LOG'
127.0.0.1 - - [06/Dec/2026:13:00:00 +0000] "GET /a HTTP/1.1" 200 3 "-" "curl/8.5.0"
127.0.0.1 - - [06/Dec/2026:13:00:00 +0000] "GET /b HTTP/1.1" 200 3 "-" "curl/8.5.0"
this is not an access log line
127.0.0.1 - - [06/Dec/2026:13:00:01 +0000] "GET /c HTTP/1.1" 200 3 "-" "curl/8.5.0"
LOG

run "$LOAD" run "http://127.0.0.1:$PORT_ok" --replay "$TMP/access.log" --log-format combined --duration 10s --on-error skip \
  --raw "$TMP/raw.jsonl"
expect_rc "a malformed line, skipped" 0
expect_load_records "a malformed line, skipped" "$TMP/out"
s=$(summary "$TMP/out")
paths=$(jq -r 'select(.kind == "load.request") | .url | sub("^http://[^/]*"; "")' "$TMP/raw.jsonl" | sort | tr '\n' ' ')
printf 'bad log line: skipped: exit %d, sent %s (%s), stderr: %s\n' "$RC" "$(field "$s" .sent)" "$paths" "$(cat "$TMP/err")"
[[ $paths == "/a /b /c " ]] || fail "the three good lines were not all replayed: $paths"
grep -q 'access.log:3' "$TMP/err" || fail "stderr does not name the skipped line (access.log:3): $(cat "$TMP/err")"
grep -Eqi '1 (line|record|request)s? .*skipped|skipped.* 1\b' "$TMP/err" ||
  fail "stderr does not count the skipped line: $(cat "$TMP/err")"

run "$LOAD" run "http://127.0.0.1:$PORT_ok" --replay "$TMP/access.log" --log-format combined --duration 10s --on-error fail
printf 'bad log line: --on-error fail: exit %d, stderr: %s\n' "$RC" "$(cat "$TMP/err")"
expect_rc "a malformed line, --on-error fail" 65
grep -q 'access.log:3' "$TMP/err" || fail "stderr does not name the bad line (access.log:3): $(cat "$TMP/err")"
