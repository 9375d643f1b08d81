# `hub migrate`, `hub status` and `hub grant` of evt-token, evt-price and
# evt-budget (one implementation) against a private PostgreSQL 15, and
# their bad input: a password in site.hub, a wrong password, an
# unreachable hub, a hub schema newer than this evt (doc/design.md §18).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/pg_cluster.bash"
BIN=${EVT_BIN_DIR:?}
pg_cluster_share
export PGPASSFILE=$PG_PASSFILE

config() { # config FILE HUB: a site "arena" whose site.hub is HUB
  jq -n --arg hub "$2" '{site: {name: "arena", hub: $hub}}' >"$1"
}
OWNER=$(pg_owner_conninfo)
config "$TMP/owner.json" "$OWNER"

run "$BIN/evt-token" --config "$TMP/owner.json" hub migrate
expect_rc "first migrate" 0
grep -q "hub schema version 1 (was none), hub id " "$TMP/out" || fail "first migrate said: $(cat "$TMP/out")"
run "$BIN/evt-price" --config "$TMP/owner.json" hub migrate
expect_rc "second migrate" 0
grep -q "hub schema version 1, already current" "$TMP/out" || fail "second migrate said: $(cat "$TMP/out")"
[[ $(pg_psql "SELECT count(*) FROM evt_hub.meta") == 1 ]] || fail "migrating twice left two meta rows"

pg_site_role gate_a 'secret a'
run "$BIN/evt-budget" --config "$TMP/owner.json" hub grant arena gate_a
expect_rc "grant" 0
grep -q "role gate_a reads and inserts the rows of site arena only" "$TMP/out" || fail "grant said: $(cat "$TMP/out")"
run "$BIN/evt-token" hub grant expo gate_a --hub "$OWNER" --config "$TMP/owner.json"
expect_rc "grant of a role to a second site" 78
grep -q 'already belongs to site "arena"' "$TMP/err" || fail "second grant: $(cat "$TMP/err")"

# A gate, as its site's role, the password in PGPASSFILE.
config "$TMP/gate.json" "$(pg_conninfo gate_a)"
pg_role_psql gate_a "INSERT INTO evt_hub.elements (site, set_name, id, record, stamp_ms) VALUES ('arena', 'token.sync', 'x1', '{}', 1)" >/dev/null
run "$BIN/evt-token" --config "$TMP/gate.json" hub status
expect_rc "status as a site" 0
grep -q "hub schema version 1" "$TMP/out" || fail "status said: $(cat "$TMP/out")"
grep -q "token.sync: 1 rows" "$TMP/out" || fail "status counts: $(cat "$TMP/out")"

# A password in the config is refused before anything is sent.
config "$TMP/password.json" "$(pg_conninfo gate_a) password=s3cret"
run "$BIN/evt-price" --config "$TMP/password.json" hub status
expect_rc "a password in site.hub" 78
grep -q "/site/hub: the conninfo carries a password; put it in ~/.pgpass" "$TMP/err" || fail "password: $(cat "$TMP/err")"
grep -q s3cret "$TMP/err" && fail "the password was shown: $(cat "$TMP/err")"

# A wrong password is the hub refusing us: 78 with the server's words.
install -m 0600 /dev/null "$TMP/wrong.pgpass"
echo "*:$PG_PORT:*:gate_a:not it" >"$TMP/wrong.pgpass"
PGPASSFILE=$TMP/wrong.pgpass run "$BIN/evt-budget" --config "$TMP/gate.json" hub status
expect_rc "a wrong password" 78
grep -q 'password authentication failed for user "gate_a"' "$TMP/err" || fail "wrong password: $(cat "$TMP/err")"

# Nobody listening: 69 at once, saying the box keeps working.
config "$TMP/down.json" "host=127.0.0.1 port=$(free_port) dbname=evt user=gate_a"
run "$BIN/evt-token" --config "$TMP/down.json" hub status
expect_rc "an unreachable hub" 69
grep -q "down.json: /site/hub: hub: " "$TMP/err" || fail "unreachable: $(cat "$TMP/err")"

# A hub migrated by a newer evt is left alone.
pg_psql "UPDATE evt_hub.meta SET version = 7"
run "$BIN/evt-token" --config "$TMP/owner.json" hub migrate
expect_rc "migrate on a newer hub" 78
grep -q "the hub's schema is version 7, newer than this evt's (1)" "$TMP/err" || fail "newer: $(cat "$TMP/err")"
[[ $(pg_psql "SELECT version FROM evt_hub.meta") == 7 ]] || fail "migrate touched a newer hub"
run "$BIN/evt-price" --config "$TMP/gate.json" hub status
expect_rc "status on a newer hub" 78
echo "$TEST_NAME: ok"
