#!/usr/bin/env bash
# Gates syncing their scan sets through the hub (doc/design.md §18), on a
# private PostgreSQL cluster: the offline race (one ticket admitted at A
# and at B before any sync) is reported as a double_admission by the sync
# that reveals it; both gates then report the same; --watch pulls a push
# promptly; and the bad cases: the hub unreachable (69, the gate still
# admits), a wrong password (78), a hub schema newer than this evt (78), a
# row stamped far ahead (quarantined, as from a file) and a row that does
# not parse (65 naming set and id, and the next sync stops there again).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/pg_cluster.bash"
bin=$EVT_BIN_DIR/evt-token
export XDG_CONFIG_HOME=$TMP/no-config EVT_STATE_DIR=$TMP/issuer

validate() {
  if [[ -n ${EVT_SCHEMA:-} ]]; then "$EVT_SCHEMA" validate "$1" || fail "$2: records do not match their schema"; fi
}
config() {  # config FILE CONNINFO: a gate's config naming the hub
  printf '{"site": {"name": "fest", "hub": "%s"}, "token": {"max_drift": "10m"}}\n' "$2" >"$1"
  chmod 0600 "$1"
}
gate() {  # gate NAME ARGS...: evt-token as gate NAME, with its own state and config
  local name=$1
  shift
  "$bin" --state-dir "$TMP/gate-$name" --config "$TMP/gate-$name.json" "$@"
}
scan_at() { run gate "$1" scan --gate "$1" --jwks "$TMP/jwks.json" "$2"; }
kinds() { jq -r .kind "$TMP/out" | sort | uniq -c | awk '{print $2 "=" $1}' | paste -sd' '; }
report() { gate "$1" scans report --json | jq -c 'del(.ts)' | sort; }

pg_cluster_start
owner=$(pg_owner_conninfo)
"$bin" hub migrate --hub "$owner" >/dev/null || fail "hub migrate"
pg_site_role gate_role 's3cret!'
export PGPASSFILE=$PG_PASSFILE
"$bin" hub grant fest gate_role --hub "$owner" >/dev/null || fail "hub grant"
for g in A B; do config "$TMP/gate-$g.json" "$(pg_conninfo gate_role)"; done

"$bin" keys new >/dev/null
"$bin" jwks >"$TMP/jwks.json"
declare -A tok
for t in t1 t2 t3 t4; do tok[$t]=$("$bin" sign --claims "{\"sub\":\"$t\"}" --ttl 1h); done

scan_at A "${tok[t1]}"
expect_rc "t1 at A" 0
scan_at B "${tok[t1]}"
expect_rc "t1 at B before any sync (the offline race)" 0
scan_at A "${tok[t2]}"
expect_rc "t2 at A" 0

run gate A scans sync --json
expect_rc "sync at A" 0
expect_no_stderr "sync at A"
validate "$TMP/out" "sync at A"
[[ $(kinds) == "scans.sync=1" ]] || fail "sync at A: $(cat "$TMP/out")"
[[ $(jq .pushed "$TMP/out") == 2 ]] || fail "sync at A pushed: $(cat "$TMP/out")"

run gate B scans sync --json
expect_rc "sync at B" 0
expect_no_stderr "sync at B"
validate "$TMP/out" "sync at B"
[[ $(kinds) == "double_admission=1 scans.sync=1" ]] || fail "sync at B: $(cat "$TMP/out")"
[[ $(jq -r 'select(.kind == "double_admission") | .admitted_by.gate + " " + .also[0].gate' "$TMP/out") == "A B" ]] ||
  fail "sync at B: the double admission: $(cat "$TMP/out")"

run gate A scans sync --json
expect_rc "sync at A again" 0
[[ $(kinds) == "double_admission=1 scans.sync=1" ]] || fail "sync at A again: $(cat "$TMP/out")"
run gate A scans sync --json
expect_rc "a sync with nothing to move" 0
[[ ! -s $TMP/out ]] || fail "a sync with nothing to move wrote: $(cat "$TMP/out")"
[[ $(report A) == "$(report B)" ]] || fail "A and B report differently: $(report A) vs $(report B)"

# --watch: B pulls what A pushes within the interval, and ends on SIGTERM.
gate B scans sync --watch --interval 200ms --json >"$TMP/watch.out" 2>"$TMP/watch.err" &
watch=$!
started "$watch"
scan_at A "${tok[t3]}"
expect_rc "t3 at A" 0
run gate A scans sync --json
expect_rc "sync at A with B watching" 0
wait_lines "$TMP/watch.out" 1 5
kill -TERM "$watch"
wait_exit "$watch" 10
[[ $RC -eq 143 ]] || fail "watch on SIGTERM: exit $RC; $(cat "$TMP/watch.err")"
[[ $(jq -r .pulled "$TMP/watch.out" | head -1) -ge 1 ]] || fail "watch: $(cat "$TMP/watch.out")"
validate "$TMP/watch.out" "watch"

# The hub unreachable: 69 with a clear message, and the gate still admits.
config "$TMP/gate-C.json" "host=127.0.0.1 port=$(free_port) dbname=evt user=gate_role connect_timeout=2"
run gate C scans sync
expect_rc "sync with the hub unreachable" 69
grep -q "evt-token: " "$TMP/err" || fail "unreachable: $(cat "$TMP/err")"
scan_at C "${tok[t4]}"
expect_rc "t4 at C with the hub unreachable" 0

# A wrong password: 78.
pg_site_role other_role 'right' "$TMP/other.pgpass"
printf '*:%s:%s:other_role:wrong\n' "$PG_PORT" "$PG_DB" >"$TMP/wrong.pgpass"
chmod 0600 "$TMP/wrong.pgpass"
config "$TMP/gate-D.json" "$(pg_conninfo other_role)"
PGPASSFILE=$TMP/wrong.pgpass run gate D scans sync
expect_rc "sync with a wrong password" 78

# A row stamped an hour ahead is quarantined here, as from a file.
ahead_ms=$(($(now_ms) + 3600000))
ahead_at=$(date -u -d "@$((ahead_ms / 1000))" +%Y-%m-%dT%H:%M:%S.000Z)
record="{\"at\":\"$ahead_at\",\"gate\":\"Z\",\"hlc_logical\":0,\"hlc_wall\":$ahead_ms,\"id\":\"ahead-1\",\"jti\":\"jz\",\"kind\":\"scan.event\",\"type\":\"entry\",\"v\":1}"
pg_psql "INSERT INTO evt_hub.elements (site, set_name, id, record, stamp_ms) VALUES ('fest', 'token.sync', 'ahead-1', '$record', $ahead_ms)" >/dev/null
run gate B scans sync --json
expect_rc "sync of a row stamped ahead" 0
[[ $(jq -r 'select(.kind == "scans.sync") | .quarantined' "$TMP/out") == 1 ]] || fail "ahead: $(cat "$TMP/out")"
grep -q "token.max_drift" "$TMP/err" || fail "ahead: no warning: $(cat "$TMP/err")"
[[ $(gate B scans quarantine | jq -r .id) == ahead-1 ]] || fail "ahead: not in scans quarantine"

# A row that does not parse: 65 naming set and id, and the sync stays there.
pg_psql "INSERT INTO evt_hub.elements (site, set_name, id, record, stamp_ms) VALUES ('fest', 'token.sync', 'poison-1', '{\"kind\":\"scan.event\",\"v\":1}', 0)" >/dev/null
for attempt in 1 2; do
  run gate A scans sync
  expect_rc "sync of a poisoned row ($attempt)" 65
  grep -q 'token.sync: id "poison-1"' "$TMP/err" || fail "poison: $(cat "$TMP/err")"
done

# A hub newer than this evt: 78, refused.
pg_psql "UPDATE evt_hub.meta SET version = version + 1" >/dev/null
run gate B scans sync
expect_rc "sync with a newer hub" 78
grep -q "newer" "$TMP/err" || fail "newer hub: $(cat "$TMP/err")"
