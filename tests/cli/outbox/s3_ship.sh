#!/usr/bin/env bash
# The s3 destination against OpenStack Swift's s3api (checks SigV4 and
# payload hashes), started once for the whole script: records put in a
# telemetry queue are sealed into segments, compressed with zstd and
# written under deterministic keys with a manifest per writer; s3cmd, a
# second client, reads them back and zstd -d gives every record once.
# Wrong credentials: exit 78 naming the endpoint, nothing leaves the queue.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/swift_server.bash"

OUTBOX=${EVT_BIN_DIR:?set EVT_BIN_DIR}/evt-outbox
unset EVT_CONFIG
export XDG_CONFIG_HOME=$TMP/xdg HOME=$TMP/home EVT_STATE_DIR=$TMP/state
mkdir -p "$TMP/state"
command -v s3cmd >/dev/null || fail "s3cmd is not installed (scripts/install-deps.sh test)"
command -v zstd >/dev/null || fail "zstd is not installed"

SEED=${EVT_TEST_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
echo "$TEST_NAME: EVT_TEST_SEED=$SEED" >&2
RANDOM=$SEED

swift_start "$TMP/swift"
umask 077
printf '%s' "$S3_ACCESS_KEY" >"$TMP/s3.access"
printf '%s' "$S3_SECRET" >"$TMP/s3.secret"
printf '%s' "not-the-secret" >"$TMP/s3.wrong"

# write_config SECRET_FILE
write_config() {
  cat >"$TMP/event.json" <<JSON
{"site": {"name": "lyon"},
 "outbox": {"kiosk": "kiosk-a",
            "queues": {"telemetry": {"class": "non-essential", "bound_bytes": 33554432, "destinations": ["archive"]}},
            "destinations": {"archive": {"type": "s3", "endpoint": "$S3_ENDPOINT", "region": "$S3_REGION",
                                         "bucket": "$S3_BUCKET", "access_key": {"file": "s3.access"},
                                         "secret_key": {"file": "$1"},
                                         "segment": {"max_bytes": 200000, "max_age": "1ms"},
                                         "retry": {"initial": "50ms", "max": "200ms"}}}}}
JSON
}

# records N: probe-like telemetry with seeded ids and latencies.
records() {
  local i
  for ((i = 1; i <= $1; i++)); do
    printf '{"kind":"probe.result","v":1,"ts":"2026-12-06T14:00:00.000Z","id":"r%s-%d","target":"kiosk-%d","latency_ms":%d,"ok":true}\n' \
      "$SEED" "$i" $((RANDOM % 8)) $((RANDOM % 900))
  done
}

records 3000 >"$TMP/records.jsonl"
jq -r .id "$TMP/records.jsonl" | sort >"$TMP/sent.ids"

# Wrong credentials first: a clear error naming the endpoint, nothing lost.
write_config s3.wrong
DAY=$(date -u +%Y/%m/%d)  # the capture's day: the first record's, in the key
run "$OUTBOX" --config "$TMP/event.json" put telemetry "$TMP/records.jsonl"
expect_rc "put" 0
run "$OUTBOX" --config "$TMP/event.json" run
expect_rc "a wrong secret" 78
grep -q "$S3_ENDPOINT" "$TMP/err" || fail "the error does not name the endpoint: $(cat "$TMP/err")"
grep -q "SignatureDoesNotMatch" "$TMP/err" || fail "the error does not say why: $(cat "$TMP/err")"
run "$OUTBOX" --config "$TMP/event.json" status
pending=$(jq -s 'map(select(.destination == "archive")) | .[0].pending' "$TMP/out")
[[ $pending == 3000 ]] || fail "after a refusal, not every record is pending: $(cat "$TMP/out")"

# The right secret: everything shipped, in segments of at most 200 kB raw.
write_config s3.secret
run "$OUTBOX" --config "$TMP/event.json" run
expect_rc "run" 0
jq -e 'select(.kind == "outbox.segment" and .event == "uploaded")' "$TMP/out" >/dev/null ||
  fail "no outbox.segment uploaded record: $(head -c 2000 "$TMP/out")"
run "$OUTBOX" --config "$TMP/event.json" status
jq -e 'select(.destination == "archive") | .pending == 0 and .objects_written >= 2 and .segments_dead_lettered == 0' \
  "$TMP/out" >/dev/null || fail "status after shipping: $(cat "$TMP/out")"

# A second client reads back what was written; every record once.
s3cmd_config "$TMP/s3cfg"
s3cmd -c "$TMP/s3cfg" ls -r "s3://$S3_BUCKET/lyon/telemetry/kiosk-a/" >"$TMP/ls.out" 2>&1 ||
  { cat "$TMP/ls.out" >&2; fail "s3cmd ls"; }
grep -q "/kiosk-a.manifest.json" "$TMP/ls.out" || fail "no manifest: $(cat "$TMP/ls.out")"
mkdir -p "$TMP/got"
: >"$TMP/got.jsonl"
while read -r key; do
  s3cmd -c "$TMP/s3cfg" get --force "$key" "$TMP/got/obj.zst" >/dev/null 2>&1 || fail "s3cmd get $key"
  zstd -q -d -c "$TMP/got/obj.zst" >>"$TMP/got.jsonl" || fail "$key does not decompress whole"
done < <(grep -o "s3://[^ ]*\.jsonl\.zst" "$TMP/ls.out")
jq -r .id "$TMP/got.jsonl" | sort >"$TMP/got.ids"
cmp -s "$TMP/sent.ids" "$TMP/got.ids" ||
  fail "the store holds other records than were put: $(diff "$TMP/sent.ids" "$TMP/got.ids" | head -5)"
grep -Eq "s3://$S3_BUCKET/lyon/telemetry/kiosk-a/$DAY/000000000001-[0-9a-f]{16}\.jsonl\.zst" "$TMP/ls.out" ||
  fail "keys are not PREFIX/QUEUE/ORIGIN/date-of-first-record/SEQ-HASH: $(cat "$TMP/ls.out")"

swift_stop
echo "$TEST_NAME: ok"
