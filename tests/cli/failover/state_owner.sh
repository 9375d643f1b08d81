#!/usr/bin/env bash
# doc/design.md §4.3: who may write the state root. The daemon runs as the site's
# user (here nobody, standing in for evt) on a setgid, group-writable root
# it owns; root places a hold (creating site.db) and forces a path, and the
# daemon keeps working because what root created is the daemon's; another
# user is refused, told to run as the owner.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
unset EVT_STATE_DIR EVT_CONFIG
if [[ $(id -u) -ne 0 ]]; then
  echo "state_owner: needs root to run the daemon as another user; skipped" >&2
  exit 0
fi
command -v setpriv >/dev/null || fail "setpriv (util-linux) is missing"
OWNER=65534 STRANGER=65533
chmod 755 "$TMP"
mkdir -p "$TMP/site/state"
chown "$OWNER:$OWNER" "$TMP/site/state"
chmod 2770 "$TMP/site/state"
CONFIG=$TMP/site/event.json
STORE=$TMP/site/state
cat >"$CONFIG" <<JSON
{"site": {"name": "t", "state_dir": "state"},
 "failover": {"failback_after": "1s", "paths": [{"name": "primary", "always_up": true},
                                                {"name": "local", "always_up": true}]}}
JSON
chmod 644 "$CONFIG"
as() { local uid=$1; shift; setpriv --reuid="$uid" --regid="$uid" --clear-groups -- env HOME=/nonexistent "$@"; }

# Root first: site.db is made by root, and must still be the daemon's.
run "$FAILOVER" state hold --for 1m --reason "setting up" --config "$CONFIG"
expect_rc "hold as root" 0
run "$FAILOVER" state release --config "$CONFIG"
expect_rc "release as root" 0
[[ $(stat -c %u "$STORE/site.db") -eq $OWNER ]] || fail "root left site.db as $(stat -c %U "$STORE/site.db")"

# Not through `as`: a function run with & is a subshell of its own, and
# $! would be that shell, not the daemon, which SIGTERM then left running.
setpriv --reuid=$OWNER --regid=$OWNER --clear-groups -- env HOME=/nonexistent \
  "$FAILOVER" watch --config "$CONFIG" >"$TMP/watch.jsonl" 2>"$TMP/watch.err" &
WATCH=$!
started $WATCH
wait_record "$TMP/watch.jsonl" '.event == "switch" and .path == "primary"' 10 >/dev/null ||
  fail "watch as the owner did not start: $(cat "$TMP/watch.jsonl" "$TMP/watch.err")"

run "$FAILOVER" force local --for 1m --wait --config "$CONFIG"
expect_rc "force --wait as root" 0
jq -se 'map(.event + ":" + .path) | index("switch:local") != null' "$TMP/out" >/dev/null ||
  fail "force as root: $(cat "$TMP/out")"
run "$FAILOVER" release --wait --config "$CONFIG"
expect_rc "release --wait as root after the force" 0
beat() { "$FAILOVER" status --json --config "$CONFIG" | jq -r 'select(.path == "primary") | .updated_at'; }
first=$(beat)
for ((i = 0; i < 150; i++)); do [[ $(beat) != "$first" ]] && break; sleep 0.1; done
[[ $(beat) != "$first" ]] || fail "the daemon stopped beating after root wrote: $(cat "$TMP/watch.err")"
is_running $WATCH || fail "the daemon died: $(cat "$TMP/watch.err")"
[[ ! -s $TMP/watch.err ]] || fail "the daemon complained: $(cat "$TMP/watch.err")"
others=$(find "$STORE" ! -uid $OWNER)
[[ -z $others ]] || fail "files in the state root the daemon does not own: $others"

kill -TERM $WATCH
wait_exit $WATCH 10
expect_rc "watch after SIGTERM" 143
! pgrep -f -- "watch --config $CONFIG" >/dev/null || fail "the daemon outlived its SIGTERM: $(pgrep -af -- "--config $CONFIG")"

# Another user creates nothing there, and is told how.
rm -f "$STORE/site.db" "$STORE/site.db-wal" "$STORE/site.db-shm"
run as $STRANGER "$FAILOVER" state hold --for 1m --reason "not mine" --config "$CONFIG"
expect_rc "hold as a stranger" 78
grep -q "sudo -u" "$TMP/err" || fail "a stranger is not told how: $(cat "$TMP/err")"
[[ ! -e $STORE/site.db ]] || fail "a stranger created site.db"
echo "state_owner: ok"
