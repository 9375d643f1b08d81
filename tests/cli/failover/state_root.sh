#!/usr/bin/env bash
# doc/design.md §4.2, §4.4: `force` must not be a reassuring no-op. The site's
# config names one state root (site.state_dir, relative to the file) that
# a daemon and an operator passing the same config share; `state where`
# says which store and why; force/release exit 69 naming the store when no
# live daemon uses it, and --wait shows what the daemon did (75 when it
# does not act in time); status says whether the daemon is alive; a
# site-wide hold placed from any tool turns the daemon's automatic switch
# into a switch_failed record naming the hold until it is released.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

# The operator's shell must not find the store some other way.
unset EVT_STATE_DIR EVT_CONFIG
export HOME=$TMP/home XDG_STATE_HOME=$TMP/home/.local/state

cat >"$TMP/listener.py" <<'PY'
import os, socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(64)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(s.getsockname()[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
while True:
    s.accept()[0].close()
PY
python3 "$TMP/listener.py" "$TMP/port" &
LISTENER=$!
started $LISTENER
PORT=$(wait_port_file "$TMP/port")

mkdir -p "$TMP/site"
CONFIG=$TMP/site/event.json
cat >"$CONFIG" <<JSON
{"site": {"name": "t", "state_dir": "state"},
 "probe": {"targets": {"uplink": {"check": "tcp", "address": "127.0.0.1:$PORT", "interval": "200ms", "timeout": "1s"}}},
 "failover": {"fast_interval": "200ms", "failback_after": "1s", "paths": [
   {"name": "primary", "targets": ["uplink"], "rise": 1, "fall": 1},
   {"name": "local", "always_up": true}]}}
JSON
STORE=$TMP/site/state
F() { "$FAILOVER" "$@" --config "$CONFIG"; }
active() { F status --json 2>/dev/null | jq -r 'select(.active) | .path'; }
wait_active() {
  local i
  for ((i = 0; i < 150; i++)); do [[ $(active) == "$1" ]] && return 0; sleep 0.1; done
  fail "$2: the active path is '$(active)', not $1: $(cat "$TMP/watch.jsonl" "$TMP/watch.err")"
}

# Which store, and why; an environment that disagrees is warned about.
run F state where
expect_rc "state where" 0
grep -qx "$STORE (from site.state_dir in $CONFIG)" "$TMP/out" || fail "state where: $(cat "$TMP/out" "$TMP/err")"
EVT_STATE_DIR=$TMP/elsewhere run F state where
expect_rc "state where with EVT_STATE_DIR" 0
grep -q "^$TMP/elsewhere (from EVT_STATE_DIR)" "$TMP/out" || fail "where with env: $(cat "$TMP/out")"
grep -q "overrides site.state_dir $STORE" "$TMP/err" || fail "no warning for env vs config: $(cat "$TMP/err")"

# No daemon: force and release say so, name the store, and request nothing.
run F force local --for 1m
expect_rc "force with no daemon" 69
grep -q "no running evt-failover decide or watch uses the state in $STORE" "$TMP/err" ||
  fail "force with no daemon: $(cat "$TMP/err")"
run F release
expect_rc "release with no daemon" 69

"$FAILOVER" watch --config "$CONFIG" >"$TMP/watch.jsonl" 2>"$TMP/watch.err" &
WATCH=$!
started $WATCH
wait_active primary "start"
run F status --json
jq -se 'all(.daemon == "alive" and has("updated_at") and .probed)' "$TMP/out" >/dev/null ||
  fail "status while watch runs: $(cat "$TMP/out")"
validate "$TMP/out"
[[ -f $STORE/failover.db && ! -e $HOME/.local/state/evt ]] || fail "the store is not the config's: $(ls -R "$TMP")"

# --wait: back once the daemon switched, with what it did.
run F force local --for 1m --wait
expect_rc "force --wait" 0
jq -se 'map(.event + ":" + .path) == ["forced:local", "switch:local"]' "$TMP/out" >/dev/null ||
  fail "force --wait: $(cat "$TMP/out")"
validate "$TMP/out"
[[ $(active) == local ]] || fail "force --wait returned before the switch"
run F release --wait=10s
expect_rc "release --wait" 0
jq -se '.[0].event == "released" and .[0].path == "local"' "$TMP/out" >/dev/null || fail "release --wait: $(cat "$TMP/out")"
wait_active primary "after release"

# A hold from another tool: the automatic switch waits, and says why.
run "$EVT_BIN_DIR/evt-budget" state hold --for 10m --reason "swapping the router" --config "$CONFIG"
expect_rc "state hold" 0
run F status --json
jq -se 'all(.hold_reason == "swapping the router" and has("held_until"))' "$TMP/out" >/dev/null ||
  fail "status does not show the hold: $(cat "$TMP/out")"
kill -KILL $LISTENER
wait_record "$TMP/watch.jsonl" '.event == "switch_failed" and .path == "local" and (.reason | contains("site held until"))' 15 \
  >/dev/null || fail "no held switch: $(cat "$TMP/watch.jsonl" "$TMP/watch.err")"
[[ $(active) == primary ]] || fail "the hold did not keep traffic on primary"
run "$EVT_BIN_DIR/evt-token" state release --config "$CONFIG"
expect_rc "state release" 0
wait_active local "after the hold"

# A daemon that does not act in time: 75; one that is gone: 69 at once.
kill -STOP $WATCH
run F force primary --for 1m --wait=1s
kill -CONT $WATCH
expect_rc "force --wait on a stopped daemon" 75
kill -KILL $WATCH
wait_exit $WATCH 5
run F force local --for 1m
expect_rc "force after kill -9" 69
grep -q "last beat at" "$TMP/err" || fail "force after kill -9: $(cat "$TMP/err")"
run F status --json
jq -se 'all(.daemon == "stale")' "$TMP/out" >/dev/null || fail "status after kill -9: $(cat "$TMP/out")"
echo "state_root: ok"
