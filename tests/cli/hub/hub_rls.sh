# Row-level security at the hub (doc/design.md §18): a site's role reads
# and inserts the rows of its own site only, and nobody updates or deletes
# (a grow-only set). psql as each role tries what it must not do.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/pg_cluster.bash"
BIN=${EVT_BIN_DIR:?}
pg_cluster_share
OWNER=$(pg_owner_conninfo)
jq -n '{site: {name: "arena"}}' >"$TMP/event.json"
run "$BIN/evt-token" --config "$TMP/event.json" hub migrate --hub "$OWNER"
expect_rc "migrate" 0
pg_site_role site_a 'pw a'
pg_site_role site_b 'pw b'
pg_site_role outsider 'pw c'
for pair in "arena site_a" "expo site_b"; do
  run "$BIN/evt-token" --config "$TMP/event.json" hub grant $pair --hub "$OWNER"
  expect_rc "grant $pair" 0
done

insert() { # insert ROLE SITE ID
  pg_role_psql "$1" "INSERT INTO evt_hub.elements (site, set_name, id, record, stamp_ms) VALUES ('$2', 'token.sync', '$3', '{}', 1)"
}
may() { "$@" >"$TMP/psql.out" 2>"$TMP/psql.err" || fail "refused: $*: $(cat "$TMP/psql.err")"; }
may_not() { # may_not WHAT CMD...: CMD fails, with a permission or policy error
  local what=$1
  shift
  if "$@" >"$TMP/psql.out" 2>"$TMP/psql.err"; then fail "$what: allowed: $(cat "$TMP/psql.out")"; fi
  grep -q "permission denied\|violates row-level security policy" "$TMP/psql.err" ||
    fail "$what: failed otherwise: $(cat "$TMP/psql.err")"
}

may insert site_a arena a1
may insert site_b expo b1
may_not "site_a inserting a row of expo" insert site_a expo forged
may_not "site_b inserting a row of arena" insert site_b arena forged
may_not "an ungranted role inserting" insert outsider arena forged
may_not "an ungranted role reading" pg_role_psql outsider "SELECT count(*) FROM evt_hub.elements"

[[ $(pg_role_psql site_a "SELECT string_agg(site || '/' || id, ',') FROM evt_hub.elements") == arena/a1 ]] ||
  fail "site_a sees: $(pg_role_psql site_a "SELECT site, id FROM evt_hub.elements")"
[[ $(pg_role_psql site_b "SELECT count(*) FROM evt_hub.elements WHERE site = 'arena'") == 0 ]] ||
  fail "site_b sees arena's rows"
[[ $(pg_role_psql site_a "SELECT string_agg(role || '=' || site, ',') FROM evt_hub.sites") == site_a=arena ]] ||
  fail "site_a sees other roles' sites: $(pg_role_psql site_a "SELECT * FROM evt_hub.sites")"
may_not "site_a updating its own row" pg_role_psql site_a "UPDATE evt_hub.elements SET record = '{\"x\":1}'"
may_not "site_a deleting its own row" pg_role_psql site_a "DELETE FROM evt_hub.elements"
may_not "site_a granting itself a site" pg_role_psql site_a "INSERT INTO evt_hub.sites VALUES ('site_a', 'expo')"
may_not "site_a changing the schema version" pg_role_psql site_a "UPDATE evt_hub.meta SET version = 2"
[[ $(pg_psql "SELECT count(*) FROM evt_hub.elements") == 2 ]] || fail "the hub holds other than the 2 rows allowed"
echo "$TEST_NAME: ok"
