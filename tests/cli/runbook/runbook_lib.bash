# Sourced by the evt-runbook CLI tests after ../lib.sh: the binary, a
# private state dir, and evt-fixture (the plumbing test program under an
# evt tool's name) on PATH for evt.tool.
RUNBOOK=${EVT_BIN_DIR:?}/evt-runbook
FIXTURE=$(cd "$EVT_BIN_DIR/.." && pwd)/tests/cli/plumbing_fixture
[[ -x $RUNBOOK ]] || fail "$RUNBOOK is not built"
[[ -x $FIXTURE ]] || fail "$FIXTURE is not built"
mkdir -p "$TMP/bin" "$TMP/state" "$TMP/books"
ln -s "$FIXTURE" "$TMP/bin/evt-fixture"
export PATH="$TMP/bin:$PATH"
export EVT_STATE_DIR=$TMP/state
unset EVT_CONFIG
export XDG_CONFIG_HOME=$TMP/no-config

# validate FILE: every record in FILE follows its schema (when evt-schema is built).
validate() {
  [[ -n ${EVT_SCHEMA:-} ]] || return 0
  "$EVT_SCHEMA" validate "$1" >"$TMP/validate.out" 2>&1 || fail "records do not validate: $(cat "$TMP/validate.out")"
}
