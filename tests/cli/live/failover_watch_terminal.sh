#!/usr/bin/env bash
# evt-failover watch in terminals 80 and 40 columns wide while the primary's
# HTTP target stops: the one screen is redrawn in place (no scrolled
# copies), the active path moves to local, and the switch shows its reason.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tmux.bash"
bin=$EVT_BIN_DIR/evt-failover
export XDG_CONFIG_HOME=$TMP/no-config

PORT=$(free_port)
mkdir -p "$TMP/www" && echo ok >"$TMP/www/ok"
python3 -m http.server --bind 127.0.0.1 --directory "$TMP/www" "$PORT" >/dev/null 2>&1 &
WEB=$!
started $WEB
wait_listening "$PORT"
cat >"$TMP/event.json" <<JSON
{"site": {"name": "t", "timezone": "Asia/Kolkata"},
 "probe": {"targets": {
   "web": {"check": "http", "url": "http://127.0.0.1:$PORT/ok", "interval": "300ms", "timeout": "500ms"}}},
 "failover": {"fast_interval": "200ms", "paths": [
   {"name": "primary", "targets": ["web"], "rise": 1, "fall": 2},
   {"name": "local", "always_up": true}]}}
JSON

for width in 80 40; do
  start_pane "w$width" "$width" "$bin" watch --config "$TMP/event.json" --state-dir "$TMP/state$width"
done
for width in 80 40; do wait_screen "w$width" "^active +primary since [0-9:]+ \\+05:30" 15; done

kill -KILL $WEB
for width in 80 40; do
  wait_screen "w$width" "^active +local since" 15
  wait_screen "w$width" "^\\* local +up" 5
  wait_screen "w$width" "^  primary +down" 5
done
wait_screen w80 "^switch +[0-9:]+ \\+05:30 primary -> local: " 5
for width in 80 40; do
  no_line_wider "w$width" "$width"
  copies=$(screen "w$width" all | grep -c '^evt-failover watch')
  ((copies == 1)) || fail "w$width: $copies copies of the screen, not one redrawn in place: $(screen "w$width" all)"
done
screen w80 | grep -q '"kind"' && fail "records on the terminal: $(screen w80)"
echo "watch redrew in place at 80 and 40 columns:"
screen w40
