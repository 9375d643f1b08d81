#!/usr/bin/env bash
# A bad line stops the stream with 65 and file:line by default; with
# --on-error skip the tool goes on and reports what it skipped; with
# --errors-as-records the error is also a record on stdout.
# Usage: plumbing_bad_input.sh FIXTURE
source "$(dirname "$0")/lib.sh"
fixture=${1:?usage: plumbing_bad_input.sh FIXTURE}
name=$(basename "$fixture")

printf '{"seq":1}\n{"seq":\n{"seq":3}\n' >"$TMP/in"

run "$fixture" <"$TMP/in"
expect_rc "a malformed line" 65
[[ $(cat "$TMP/out") == '{"seq":1}' ]] || fail "a malformed line: stdout '$(cat "$TMP/out")', expected the first record only"
[[ $(wc -l <"$TMP/err") -eq 1 ]] || fail "a malformed line: expected one line on stderr, got: $(cat "$TMP/err")"
grep -q "^$name: <stdin>:2: " "$TMP/err" || fail "a malformed line: expected '$name: <stdin>:2: …', got: $(cat "$TMP/err")"

run "$fixture" --on-error skip <"$TMP/in"
expect_rc "--on-error skip" 0
[[ $(cat "$TMP/out") == $'{"seq":1}\n{"seq":3}' ]] || fail "--on-error skip: stdout '$(cat "$TMP/out")'"
grep -q "^$name: <stdin>:2: " "$TMP/err" || fail "--on-error skip: the bad line is not named: $(cat "$TMP/err")"
grep -q "^$name: warning: skipped 1 bad record$" "$TMP/err" || fail "--on-error skip: no count of skipped records: $(cat "$TMP/err")"

run "$fixture" --on-error skip --errors-as-records <"$TMP/in"
expect_rc "--errors-as-records" 0
expect_json_lines "--errors-as-records" "$TMP/out"
[[ $(wc -l <"$TMP/out") -eq 3 ]] || fail "--errors-as-records: expected 3 records, got: $(cat "$TMP/out")"
sed -n 2p "$TMP/out" | jq -e '.kind == "error" and .code == 65 and .line == 2 and .source == "-"' >/dev/null ||
  fail "--errors-as-records: line 2 is not the error record: $(sed -n 2p "$TMP/out")"
if [[ -n ${EVT_SCHEMA:-} ]]; then
  sed -n 2p "$TMP/out" | "$EVT_SCHEMA" validate - >"$TMP/validate" 2>&1 ||
    fail "--errors-as-records: the error record does not match its schema: $(cat "$TMP/validate")"
fi

run "$fixture" </dev/null
expect_rc "empty input" 0
[[ ! -s $TMP/out ]] || fail "empty input: stdout '$(cat "$TMP/out")'"
expect_no_stderr "empty input"

printf '{"s":"\xc3\x28"}\n' >"$TMP/in"
run "$fixture" <"$TMP/in"
expect_rc "invalid UTF-8" 65
grep -q "^$name: <stdin>:1: " "$TMP/err" || fail "invalid UTF-8: $(cat "$TMP/err")"

{
  printf '{"s":"'
  head -c 3000000 /dev/zero | tr '\0' x
  printf '"}\n{"seq":2}\n'
} >"$TMP/in"
run "$fixture" --on-error skip <"$TMP/in"
expect_rc "a 3 MB line" 0
grep -q "^$name: <stdin>:1: line longer than" "$TMP/err" || fail "a 3 MB line: $(cat "$TMP/err")"
[[ $(cat "$TMP/out") == '{"seq":2}' ]] || fail "a 3 MB line: the next line was not read: $(head -c 200 "$TMP/out")"
