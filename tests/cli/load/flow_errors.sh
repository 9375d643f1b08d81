#!/usr/bin/env bash
# A flow file with errors is a config error (78) naming the file and what is
# wrong, before any buyer starts: nothing listens on the flow's port, so a
# request sent anyway would show up as an error record, not a refusal.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

port=$(free_port)
cat >"$TMP/broken.json" <<JSON
{"name": "buy", "steps": [
  {"name": "catalog", "url": "http://127.0.0.1:$port/catalog"},
  {"name": "pay", "method": "POST", "url": "{host}/pay", "expect": {"status": "2xx"}}
]}
JSON
printf '{"name": "buy", "steps": [' >"$TMP/truncated.json"

for flow in broken truncated; do
  run "$LOAD" run --flow "$TMP/$flow.json" --rate 10 --duration 1s
  printf 'flow errors: %s.json: exit %d, stderr: %s\n' "$flow" "$RC" "$(head -c 300 "$TMP/err")"
  expect_rc "a flow file with errors ($flow.json)" 78
  grep -q "$flow.json" "$TMP/err" || fail "$flow.json: stderr does not name the file: $(cat "$TMP/err")"
  [[ ! -s $TMP/out ]] || fail "$flow.json: records on stdout for a run that never started: $(cat "$TMP/out")"
done
run "$LOAD" run --flow "$TMP/broken.json" --rate 10 --duration 1s
grep -q '/steps/1/url: {host}' "$TMP/err" || fail "broken.json: stderr does not point at the undefined {host}: $(cat "$TMP/err")"
