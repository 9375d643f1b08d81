#!/usr/bin/env bash
# The S3 client against OpenStack Swift's s3api (a store that checks SigV4
# and payload hashes): the "[swift]" cases of evt_outbox_unit_tests, then
# s3cmd, a second client, reads back the object they wrote. A Swift that
# cannot start fails this test; it never skips.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/swift_server.bash"

UNIT=${EVT_OUTBOX_UNIT_TESTS:-$EVT_BIN_DIR/../tests/evt_outbox_unit_tests}
[[ -x $UNIT ]] || fail "no unit test binary at $UNIT (build evt_outbox_unit_tests)"
command -v s3cmd >/dev/null || fail "s3cmd is not installed (scripts/install-deps.sh test)"

swift_start "$TMP/swift"
export EVT_S3_ENDPOINT=$S3_ENDPOINT EVT_S3_ACCESS_KEY=$S3_ACCESS_KEY EVT_S3_SECRET=$S3_SECRET \
  EVT_S3_REGION=$S3_REGION EVT_S3_BUCKET=$S3_BUCKET
"$UNIT" "[swift]" >"$TMP/unit.out" 2>&1 || { cat "$TMP/unit.out" >&2; fail "the [swift] cases failed"; }
grep -q "All tests passed" "$TMP/unit.out" || { cat "$TMP/unit.out" >&2; fail "the [swift] cases did not all run"; }

s3cmd_config "$TMP/s3cfg"
s3cmd -c "$TMP/s3cfg" get "s3://$S3_BUCKET/interop/café 1=2+3.txt" "$TMP/interop.txt" >"$TMP/s3cmd.out" 2>&1 ||
  { cat "$TMP/s3cmd.out" >&2; fail "s3cmd could not read the object the client wrote"; }
seq -f 'record %.0f' 0 9999 >"$TMP/expected.txt"
cmp "$TMP/expected.txt" "$TMP/interop.txt" || fail "s3cmd read other bytes than the client wrote"
s3cmd -c "$TMP/s3cfg" ls "s3://$S3_BUCKET/multi/" >"$TMP/ls.out" 2>&1 || { cat "$TMP/ls.out" >&2; fail "s3cmd ls"; }
grep -q "6001000 *s3://$S3_BUCKET/multi/six mb.bin" "$TMP/ls.out" ||
  { cat "$TMP/ls.out" >&2; fail "s3cmd does not list the 6001000-byte multipart object"; }

swift_stop
echo "$TEST_NAME: ok"
