#!/usr/bin/env bash
# What every evt tool must do, run once per built tool (and on the test
# fixture): --help and --version exit 0 on stdout and fail with 74 when
# stdout is /dev/full; a usage error exits 2 with "prog: message".
# Usage: every_tool.sh BINARY
source "$(dirname "$0")/lib.sh"

bin=${1:?usage: every_tool.sh BINARY}
name=$(basename "$bin")
TEST_NAME="every_tool $name"

run "$bin" --help </dev/null
expect_rc "--help" 0
expect_no_stderr "--help"
[[ -s $TMP/out ]] || fail "--help printed nothing on stdout"
for option in --help --version --json --config --state-dir --on-error --errors-as-records; do
  grep -q -e "$option" "$TMP/out" || fail "--help does not list the common option $option"
done
! grep -q -e "--evt-generate" "$TMP/out" || fail "--help shows the internal --evt-generate hook"

run "$bin" --version </dev/null
expect_rc "--version" 0
expect_no_stderr "--version"
[[ $(cat "$TMP/out") =~ ^$name\ [0-9]+\.[0-9]+\.[0-9]+$ ]] ||
  fail "--version printed '$(cat "$TMP/out")', expected '$name VERSION'"

for args in --help --version; do
  set +e
  "$bin" $args </dev/null >/dev/full 2>"$TMP/err"
  RC=$?
  set -e
  expect_rc "$args >/dev/full" 74
  grep -q "^$name: write error: no space left on device$" "$TMP/err" ||
    fail "$args >/dev/full: expected '$name: write error: no space left on device', got: $(cat "$TMP/err")"
done

run "$bin" --no-such-option </dev/null
expect_rc "--no-such-option" 2
[[ ! -s $TMP/out ]] || fail "--no-such-option wrote to stdout: $(cat "$TMP/out")"
grep -q "^$name: .*--no-such-option" "$TMP/err" ||
  fail "--no-such-option: expected '$name: …--no-such-option…' on stderr, got: $(cat "$TMP/err")"

run "$bin" --on-error bogus </dev/null
expect_rc "--on-error bogus" 2
grep -q "^$name: --on-error: " "$TMP/err" ||
  fail "--on-error bogus: expected '$name: --on-error: …' on stderr, got: $(cat "$TMP/err")"

run "$bin" config check --help </dev/null
expect_rc "config check --help" 0
grep -q "config check" "$TMP/out" || fail "config check --help does not show 'config check': every tool has it"
