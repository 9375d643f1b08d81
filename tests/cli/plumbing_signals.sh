#!/usr/bin/env bash
# SIGTERM and SIGINT let a tool finish the record in hand and exit 143/130,
# promptly, even while it is blocked reading a quiet pipe; what it wrote
# before is whole.
# Usage: plumbing_signals.sh FIXTURE
source "$(dirname "$0")/lib.sh"
fixture=${1:?usage: plumbing_signals.sh FIXTURE}

# stop_while_waiting SIGNAL EXPECTED_EXIT: the fixture echoes one record
# fed through a fifo, then waits on the open fifo until the signal arrives.
stop_while_waiting() {
  local signal=$1 expected=$2 record='{"kind":"fixture","seq":1,"text":"fed before the signal"}'
  rm -f "$TMP/in" "$TMP/out" "$TMP/err"
  mkfifo "$TMP/in"
  # A script starts `cmd &` with SIGINT ignored; give the fixture the
  # default dispositions an interactive user's tool would have.
  env --default-signal=INT,TERM "$fixture" <"$TMP/in" >"$TMP/out" 2>"$TMP/err" &
  local pid=$!
  started "$pid"
  exec 3>"$TMP/in"
  echo "$record" >&3
  wait_lines "$TMP/out" 1 5
  local start=$SECONDS
  kill -"$signal" "$pid"
  wait_exit "$pid" 3
  exec 3>&-
  expect_rc "SIG$signal while waiting on stdin" "$expected"
  [[ $((SECONDS - start)) -le 2 ]] || fail "SIG$signal: took $((SECONDS - start))s to exit"
  [[ $(cat "$TMP/out") == "$record" ]] || fail "SIG$signal: stdout is '$(cat "$TMP/out")', expected the record fed"
  expect_json_lines "SIG$signal" "$TMP/out"
  expect_no_stderr "SIG$signal while waiting on stdin"
}

stop_while_waiting TERM 143
stop_while_waiting INT 130

# While emitting: stops between records, every line written is whole.
env --default-signal=INT,TERM "$fixture" --slow --count 1000 </dev/null >"$TMP/out" 2>"$TMP/err" &
pid=$!
started "$pid"
wait_lines "$TMP/out" 2 5
kill -TERM "$pid"
wait_exit "$pid" 3
expect_rc "SIGTERM while emitting" 143
expect_no_stderr "SIGTERM while emitting"
expect_json_lines "SIGTERM while emitting" "$TMP/out"
lines=$(wc -l <"$TMP/out")
[[ $lines -ge 2 && $lines -lt 1000 ]] || fail "SIGTERM while emitting: $lines records, expected a few"
