#!/usr/bin/env bash
# evt-token status: one token.status record a gate can be asked for at any
# time: beside a writer holding the store, in a state directory with no
# store yet (which it leaves so), and after a merge revealed a double
# admission; for a person, a table that fits 80 columns.
source "$(dirname "$0")/../lib.sh"
bin=$EVT_BIN_DIR/evt-token
export XDG_CONFIG_HOME=$TMP/config EVT_STATE_DIR=$TMP/A
mkdir -p "$TMP/config/evt"
echo '{"site": {"name": "test"}, "token": {"gate": "A"}}' >"$TMP/config/evt/event.json"
validate() {
  if [[ -n ${EVT_SCHEMA:-} ]]; then "$EVT_SCHEMA" validate "$1" || fail "$2: records do not match their schema"; fi
}
field() { jq -r "select(.kind == \"token.status\") | $1" "$TMP/out"; }

# No store yet: zeros, no key, and nothing created.
mkdir -m 700 "$TMP/fresh"
run "$bin" --state-dir "$TMP/fresh" status --json
expect_rc "status in an empty state directory" 0
validate "$TMP/out" "empty"
[[ $(field .gate) == A && $(field .admitted) == 0 && $(field '.active_kid // "none"') == none ]] || fail "empty: $(cat "$TMP/out")"
[[ -z $(ls -A "$TMP/fresh") ]] || fail "status created state: $(ls -A "$TMP/fresh")"

"$bin" keys new --kid k1 >/dev/null
"$bin" jwks >"$TMP/jwks.json"
t1=$("$bin" sign --claims '{"sub":"t1"}' --ttl 1h)
t2=$("$bin" sign --claims '{"sub":"t2"}' --ttl 1h)
"$bin" scan --gate A "$t1" >/dev/null
"$bin" scan --gate A "$t2" >/dev/null
"$bin" --state-dir "$TMP/B" scan --gate B --jwks "$TMP/jwks.json" "$t1" >/dev/null
"$bin" --state-dir "$TMP/B" scans export | "$bin" scans merge >/dev/null

run "$bin" status --json
expect_rc "status after the merge" 0
validate "$TMP/out" "after the merge"
[[ $(wc -l <"$TMP/out") == 1 ]] || fail "expected one record: $(cat "$TMP/out")"
[[ $(field .admitted) == 2 && $(field .double_admissions) == 1 && $(field .active_kid) == k1 ]] ||
  fail "counts: $(cat "$TMP/out")"
[[ $(field '[.gates[].gate] | join(",")') == A,B ]] || fail "gates: $(cat "$TMP/out")"
[[ $(field '.gates[] | select(.gate == "B") | .double_admissions') == 1 ]] || fail "B: $(cat "$TMP/out")"
[[ $(field '.latest_double_admissions[0] | "\(.admitted_by)>\(.again_by)"') == "A>B" ]] ||
  fail "latest double admission: $(cat "$TMP/out")"

# Beside a writer that holds the store (a scanner mid-commit): still answers at once.
python3 - "$TMP/A/token.db" "$bin" <<'PY' || fail "status beside a writer"
import sqlite3, subprocess, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("INSERT INTO hlc (id, wall, logical) VALUES (1, 0, 0) ON CONFLICT (id) DO UPDATE SET logical = logical")
out = subprocess.run([sys.argv[2], "status", "--json"], capture_output=True, timeout=3)
db.execute("ROLLBACK")
sys.exit(0 if out.returncode == 0 and b'"admitted":2' in out.stdout else 1)
PY

# For a person, at 80 columns.
COLUMNS=80 run script -qefc "$(printf '%q ' "$bin" status)" /dev/null
expect_rc "status on a terminal" 0
grep -q "double admission: .* at A, again at B" "$TMP/out" || fail "terminal: $(cat "$TMP/out")"
grep -q "signing key: k1 (Ed25519)" "$TMP/out" || fail "terminal: $(cat "$TMP/out")"
export LC_ALL=C.UTF-8
while IFS= read -r line; do
  line=$(printf '%s' "$line" | sed 's/\x1b\[[0-9;]*m//g; s/\r$//')
  ((${#line} <= 80)) || fail "wider than 80 columns: $line"
done <"$TMP/out"
