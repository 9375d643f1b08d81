#!/usr/bin/env bash
# A record reaches the reader as soon as it is emitted, not when the buffer
# fills or the tool exits: read it while the producer is still running.
# Usage: plumbing_flush.sh FIXTURE
source "$(dirname "$0")/lib.sh"
fixture=${1:?usage: plumbing_flush.sh FIXTURE}

# A producer that takes ~200 s for its 1000 records.
mkfifo "$TMP/out"
"$fixture" --slow --count 1000 </dev/null >"$TMP/out" 2>"$TMP/err" &
pid=$!
started "$pid"
exec 4<"$TMP/out"
IFS= read -r -t 3 line <&4 || fail "no record within 3 s of a --slow producer: records are not flushed one by one"
kill -0 "$pid" 2>/dev/null || fail "the producer had already ended: the test proves nothing"
jq -e '.seq == 1' <<<"$line" >/dev/null || fail "first record is '$line', expected seq 1"
kill -TERM "$pid"
exec 4<&-
wait_exit "$pid" 3

# A filter: one record in through a fifo held open, the echo out at once.
mkfifo "$TMP/in" "$TMP/echo"
"$fixture" <"$TMP/in" >"$TMP/echo" 2>"$TMP/err" &
pid=$!
started "$pid"
exec 3>"$TMP/in" 5<"$TMP/echo"
echo '{"kind":"fixture","seq":7}' >&3
IFS= read -r -t 3 line <&5 || fail "the echo of a record did not come out while its input stayed open"
[[ $line == '{"kind":"fixture","seq":7}' ]] || fail "echoed '$line'"
kill -0 "$pid" 2>/dev/null || fail "the filter ended before its input did"
exec 3>&-
wait_exit "$pid" 3
expect_rc "filter at end of input" 0
exec 5<&-
