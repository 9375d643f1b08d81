#!/usr/bin/env bash
# `config check` finds and loads the config and exits 0 with "PATH: ok", or
# names what is wrong and exits 78 (66 for a named file that is missing).
# Usage: plumbing_config_check.sh FIXTURE SOURCE_DIR
source "$(dirname "$0")/lib.sh"
fixture=${1:?usage: plumbing_config_check.sh FIXTURE SOURCE_DIR}
source_dir=${2:?usage: plumbing_config_check.sh FIXTURE SOURCE_DIR}
name=$(basename "$fixture")
# Nothing from the environment of whoever runs the tests.
unset EVT_CONFIG
export XDG_CONFIG_HOME=$TMP/xdg HOME=$TMP/home

echo '{"site": {"name": "popup-test-01"}}' >"$TMP/good.json"
run "$fixture" config check --config "$TMP/good.json" </dev/null
expect_rc "a good config" 0
expect_no_stderr "a good config"
[[ $(cat "$TMP/out") == "$TMP/good.json: ok" ]] || fail "a good config: stdout '$(cat "$TMP/out")'"

# --config before the subcommand, and the config from $EVT_CONFIG.
run "$fixture" --config "$TMP/good.json" config check </dev/null
expect_rc "--config before 'config check'" 0
EVT_CONFIG=$TMP/good.json run "$fixture" config check </dev/null
expect_rc "a config from \$EVT_CONFIG" 0

run "$fixture" config check --config "$source_dir/examples/event.json" </dev/null
expect_rc "the project's examples/event.json" 0

echo '{"site": {"name": "popup-test-01"}, "probes": {}}' >"$TMP/bad.json"
run "$fixture" config check --config "$TMP/bad.json" </dev/null
expect_rc "an unknown key" 78
[[ ! -s $TMP/out ]] || fail "an unknown key: stdout '$(cat "$TMP/out")'"
grep -q "^$name: $TMP/bad.json: /probes: unknown key" "$TMP/err" ||
  fail "an unknown key: expected '$name: $TMP/bad.json: /probes: unknown key …', got: $(cat "$TMP/err")"

printf '{"site": {"name": "x"},\n "site": {"name": "y"}}\n' >"$TMP/dup.json"
run "$fixture" config check --config "$TMP/dup.json" </dev/null
expect_rc "a duplicate key" 78

printf '{"site": ' >"$TMP/truncated.json"
run "$fixture" config check --config "$TMP/truncated.json" </dev/null
expect_rc "a truncated file" 78

run "$fixture" config check --config "$TMP/missing.json" </dev/null
expect_rc "a missing --config file" 66
grep -q "^$name: $TMP/missing.json: " "$TMP/err" || fail "a missing --config file: $(cat "$TMP/err")"

run "$fixture" config check </dev/null
expect_rc "no config anywhere" 78
grep -q "^$name: .*$TMP/xdg/evt/event.json" "$TMP/err" || fail "no config anywhere: does not say where it looked: $(cat "$TMP/err")"

run "$fixture" config </dev/null
expect_rc "'config' without 'check'" 2

# A config path that is not a regular file is refused at once (78), never
# waited on: a FIFO without a writer would otherwise hang every tool. The
# timeout turns a hang into a failure instead of a stuck test.
mkfifo "$TMP/fifo.json"
for how in flag env default; do
  mkdir -p "$TMP/xdg/evt"
  rm -f "$TMP/xdg/evt/event.json"
  case $how in
    flag) run timeout 10 "$fixture" config check --config "$TMP/fifo.json" ;;
    env) EVT_CONFIG=$TMP/fifo.json run timeout 10 "$fixture" config check ;;
    default) mkfifo "$TMP/xdg/evt/event.json"; run timeout 10 "$fixture" config check ;;
  esac
  [[ $RC -ne 124 ]] || fail "a FIFO as config ($how): still waiting after 10s"
  expect_rc "a FIFO as config ($how)" 78
  grep -q "^$name: .*: is a FIFO, not a regular file" "$TMP/err" || fail "a FIFO as config ($how): $(cat "$TMP/err")"
done
rm -f "$TMP/xdg/evt/event.json"
