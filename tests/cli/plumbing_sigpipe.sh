#!/usr/bin/env bash
# When the reader of stdout goes away (`| head -1`), a tool ends quietly
# with 0: no "broken pipe" message, no error exit.
# Usage: plumbing_sigpipe.sh FIXTURE
source "$(dirname "$0")/lib.sh"
fixture=${1:?usage: plumbing_sigpipe.sh FIXTURE}

set +e
"$fixture" --count 100000 </dev/null 2>"$TMP/err" | head -1 >"$TMP/out"
status=("${PIPESTATUS[@]}")
set -e
[[ ${status[0]} -eq 0 ]] || fail "--count 100000 | head -1: the fixture exited ${status[0]}, expected 0"
expect_no_stderr "--count 100000 | head -1"
[[ $(wc -l <"$TMP/out") -eq 1 ]] || fail "head got $(wc -l <"$TMP/out") lines, expected 1"
expect_json_lines "--count 100000 | head -1" "$TMP/out"

# The same when echoing: the fixture reads a stream and its reader leaves.
set +e
for ((i = 0; i < 20000; i++)); do echo "{\"seq\":$i}"; done |
  "$fixture" 2>"$TMP/err" | head -1 >"$TMP/out"
status=("${PIPESTATUS[@]}")
set -e
[[ ${status[1]} -eq 0 ]] || fail "echo | head -1: the fixture exited ${status[1]}, expected 0"
expect_no_stderr "echo | head -1"
[[ $(cat "$TMP/out") == '{"seq":0}' ]] || fail "echo | head -1 printed '$(cat "$TMP/out")'"
