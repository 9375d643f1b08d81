#!/usr/bin/env bash
# Bad failover configs are refused at start with the JSON path of the
# mistake and exit 78: by `config check`, and by decide before reading.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

# refused NAME FAILOVER_JSON EXPECTED_MESSAGE
refused() {
  cat >"$TMP/$1.json" <<JSON
{"site": {"name": "t"},
 "probe": {"targets": {"uplink": {"check": "tcp", "address": "127.0.0.1:1"}}},
 "failover": $2}
JSON
  local cmd
  for cmd in "config check" "decide"; do
    # shellcheck disable=SC2086
    run "$FAILOVER" $cmd --config "$TMP/$1.json" --state-dir "$TMP/state" </dev/null
    expect_rc "$1 ($cmd)" 78
    grep -qF "evt-failover: $TMP/$1.json: $3" "$TMP/err" || fail "$1 ($cmd): expected '$3', got: $(cat "$TMP/err")"
  done
  [[ ! -e $TMP/state/failover.db ]] || fail "$1: state touched by a refused config"
}

refused unknown-target '{"paths": [{"name": "p", "targets": ["uplnk"]}]}' \
  '/failover/paths/0/targets/0: no target "uplnk" in /probe/targets'
refused rise-0 '{"paths": [{"name": "p", "targets": ["uplink"], "rise": 0}]}' \
  '/failover/paths/0/rise: expected 1 to 1000, got 0'
refused duplicate '{"paths": [{"name": "p", "targets": ["uplink"]}, {"name": "p", "always_up": true}]}' \
  '/failover/paths/1/name: duplicate path name "p" (also /failover/paths/0/name)'
refused missing-program '{"paths": [{"name": "p", "targets": ["uplink"], "on_down": [{"run": ["no-such-evt-program", "x"]}]}]}' \
  '/failover/paths/0/on_down/0/run/0: program "no-such-evt-program" not found on PATH'
refused missing-then '{"paths": [{"name": "p", "targets": ["uplink"], "on_activate": [{"template": "/dev/null", "write": "x", "then": ["./reload.sh"]}]}]}' \
  '/failover/paths/0/on_activate/0/then/0: program "./reload.sh" not found'
refused typo '{"paths": [{"name": "p", "targets": ["uplink"], "fal": 2}]}' \
  '/failover/paths/0/fal: unknown key'
refused bad-duration '{"failback_after": "30 s", "paths": [{"name": "l", "always_up": true}]}' \
  '/failover/failback_after: expected a duration'

cat >"$TMP/good.json" <<JSON
{"site": {"name": "t"},
 "probe": {"targets": {"uplink": {"check": "tcp", "address": "127.0.0.1:1"}}},
 "failover": {"paths": [{"name": "p", "targets": ["uplink"]}, {"name": "l", "always_up": true}]}}
JSON
run "$FAILOVER" config check --config "$TMP/good.json"
expect_rc "a good config" 0
echo "config_errors: ok"
