#!/usr/bin/env bash
# The Prometheus rules evt ships (prometheus/evt-rules.yml) and the ones
# `evt-budget rules` writes from a site config: promtool reads both
# (`check rules`), and `promtool test rules` runs each alert on synthetic
# series that fire it and on series that must not (prometheus/tests/).
# `rules` reads the config alone: no state directory is made or needed.
# Needs EVT_BIN_DIR and EVT_SOURCE_DIR, like the tools' own scripts.
source "$(dirname "$0")/lib.sh"
bin=${EVT_BIN_DIR:?set EVT_BIN_DIR}
src=${EVT_SOURCE_DIR:?set EVT_SOURCE_DIR}
command -v promtool >/dev/null || fail "promtool not found (Debian prometheus: scripts/install-deps.sh test)"
unset EVT_CONFIG EVT_STATE_DIR
export XDG_CONFIG_HOME=$TMP/xdg HOME=$TMP/home XDG_STATE_HOME=$TMP/state

# promtool RESULT_NAME ARGS...: promtool must exit 0.
promtool_ok() {
  local what=$1
  shift
  run promtool "$@"
  expect_rc "$what" 0
}

promtool_ok "check rules evt-rules.yml" check rules "$src/prometheus/evt-rules.yml"
(cd "$src/prometheus/tests" && run promtool test rules evt-rules.test.yml && expect_rc "test rules evt-rules.test.yml" 0)

gen=$TMP/generated
mkdir -p "$gen"
run "$bin/evt-budget" --config "$src/prometheus/tests/budget-site.json" rules
expect_rc "evt-budget rules" 0
expect_no_stderr "evt-budget rules"
cp "$TMP/out" "$gen/budget-rules.yml"
cp "$src/prometheus/tests/budget-rules.test.yml" "$gen/"
promtool_ok "check rules (generated)" check rules "$gen/budget-rules.yml"
(cd "$gen" && run promtool test rules budget-rules.test.yml && expect_rc "test rules budget-rules.test.yml" 0)
[[ ! -e $TMP/state ]] || fail "evt-budget rules made a state directory: $(find "$TMP/state")"

# The example site's budgets, under their own site label.
run "$bin/evt-budget" --config "$src/examples/event.json" rules
expect_rc "evt-budget rules (example)" 0
cp "$TMP/out" "$gen/example-rules.yml"
promtool_ok "check rules (example)" check rules "$gen/example-rules.yml"
grep -q 'site: "popup-berlin-01"' "$gen/example-rules.yml" || fail "example rules: no site label popup-berlin-01"

run "$bin/evt-budget" --config "$src/prometheus/tests/budget-site.json" --json rules
expect_rc "evt-budget rules --json" 2
grep -q -- '--json' "$TMP/err" || fail "rules --json: the message does not name --json: $(cat "$TMP/err")"

# A broken budget is bad config, named by file and pointer, and no rules.
cat >"$TMP/bad.json" <<'JSON'
{"site": {"name": "t", "starts_at": "2026-12-05T10:00:00Z", "ends_at": "2026-12-05T22:00:00Z"},
 "budget": {"budgets": [{"name": "slo", "unit": "error", "objective": 1.5, "events_from": "checkout"}]}}
JSON
run "$bin/evt-budget" --config "$TMP/bad.json" rules
expect_rc "evt-budget rules (objective 1.5)" 78
grep -q 'bad.json' "$TMP/err" && grep -q 'objective' "$TMP/err" || fail "bad config: message names neither file nor field: $(cat "$TMP/err")"
[[ ! -s $TMP/out ]] || fail "bad config: rules written anyway: $(cat "$TMP/out")"
echo "$TEST_NAME: ok"
