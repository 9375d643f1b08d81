#!/usr/bin/env bash
# kill -9 of `evt-outbox run` in the middle of shipping to Swift, during a
# single PUT and during a multipart upload, EVT_OUTBOX_KILLS times each (5;
# more in the soak): after a last run, every record is in the store once
# (by id), every object decompresses whole, no multipart upload is left.
# The uploads go through a proxy that passes 4 MB/s upstream, as a slow
# uplink would, so a seeded moment after the spool appears falls inside an
# upload (on loopback alone the PUT is over in milliseconds).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/swift_server.bash"

OUTBOX=${EVT_BIN_DIR:?set EVT_BIN_DIR}/evt-outbox
unset EVT_CONFIG
export XDG_CONFIG_HOME=$TMP/xdg HOME=$TMP/home
KILLS=${EVT_OUTBOX_KILLS:-5}
command -v s3cmd >/dev/null || fail "s3cmd is not installed (scripts/install-deps.sh test)"

SEED=${EVT_TEST_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
echo "$TEST_NAME: EVT_TEST_SEED=$SEED" >&2
RANDOM=$SEED

swift_start "$TMP/swift"
/usr/bin/python3 "$(dirname "$0")/throttle_proxy.py" "${S3_ENDPOINT##*:}" 4000000 "$TMP/proxy.port" &
started "$!"
for _ in {1..200}; do [[ -s $TMP/proxy.port ]] && break; sleep 0.02; done
[[ -s $TMP/proxy.port ]] || fail "the throttling proxy did not start"
UPLINK="http://127.0.0.1:$(cat "$TMP/proxy.port")"
s3cmd_config "$TMP/s3cfg"
umask 077
printf '%s' "$S3_ACCESS_KEY" >"$TMP/s3.access"
printf '%s' "$S3_SECRET" >"$TMP/s3.secret"

# About 14 MB of records whose payload compresses about 2:1, so one
# segment is over 5 MiB compressed: two parts of 5 MiB when multipart.
/usr/bin/python3 - "$SEED" >"$TMP/records.jsonl" <<'PY'
import random, sys
rng = random.Random(int(sys.argv[1]))
for i in range(30000):
    print('{"kind":"probe.result","v":1,"ts":"2026-12-06T14:00:00.000Z","id":"k%d","blob":"%s"}'
          % (i, "%0400x" % rng.getrandbits(1600)))
PY
jq -r .id "$TMP/records.jsonl" | sort >"$TMP/sent.ids"

# ship PREFIX MULTIPART_OVER: kill -9 a run KILLS times at seeded moments,
# then let one finish; checks the store under PREFIX.
ship() {
  local prefix=$1 multipart_over=$2 state=$TMP/state-$1 i delay pid mid_multipart=0
  export EVT_STATE_DIR=$state
  mkdir -p "$state"
  cat >"$TMP/event-$prefix.json" <<JSON
{"site": {"name": "$prefix"},
 "outbox": {"kiosk": "kiosk-a", "bound_bytes": 67108864,
            "queues": {"telemetry": {"class": "non-essential", "bound_bytes": 67108864, "destinations": ["archive"]}},
            "destinations": {"archive": {"type": "s3", "endpoint": "$UPLINK", "region": "$S3_REGION",
                                         "bucket": "$S3_BUCKET", "access_key": {"file": "s3.access"},
                                         "secret_key": {"file": "s3.secret"},
                                         "segment": {"max_bytes": 33554432, "max_age": "1ms"},
                                         "multipart_over": $multipart_over, "part_bytes": 5242880,
                                         "retry": {"initial": "10ms", "max": "20ms"}}}}}
JSON
  run "$OUTBOX" --config "$TMP/event-$prefix.json" put telemetry "$TMP/records.jsonl"
  expect_rc "put ($prefix)" 0
  for ((i = 1; i <= KILLS; i++)); do
    delay=$((RANDOM % 1800))
    "$OUTBOX" --config "$TMP/event-$prefix.json" run >"$TMP/run-$prefix-$i.out" 2>&1 &
    pid=$!
    # The upload's window: once the spool file is whole, a seeded moment later.
    for _ in {1..400}; do
      compgen -G "$state/s3-spool/*.jsonl.zst" >/dev/null && break
      is_running "$pid" || break
      sleep 0.01
    done
    sleep "$((delay / 1000)).$(printf "%03d" $((delay % 1000)))"
    if kill -9 "$pid" 2>/dev/null; then
      echo "$TEST_NAME: $prefix: kill -9 ${delay} ms after the spool appeared ($(grep -c '"uploaded"' "$TMP/run-$prefix-$i.out") uploaded)" >&2
    else
      echo "$TEST_NAME: $prefix: the run had ended first" >&2
    fi
    wait "$pid" 2>/dev/null || true
    if ((multipart_over < 33554432)) &&
      s3cmd -c "$TMP/s3cfg" multipart "s3://$S3_BUCKET" 2>/dev/null | grep -q "s3://$S3_BUCKET/$prefix/"; then
      mid_multipart=$((mid_multipart + 1))
    fi
  done
  # With 5 kills spread over the throttled upload, missing it every time
  # is a fraction of a percent; a miss means the kills prove nothing.
  if ((multipart_over < 33554432 && KILLS >= 5 && mid_multipart == 0)); then
    fail "$prefix: no kill -9 landed while a multipart upload was under way (EVT_TEST_SEED=$SEED)"
  fi
  ((multipart_over >= 33554432)) || echo "$TEST_NAME: $prefix: $mid_multipart of $KILLS kills left a multipart upload under way" >&2
  # Said, not asserted (the moments are random): where the kills left the upload.
  s3cmd -c "$TMP/s3cfg" multipart "s3://$S3_BUCKET" 2>/dev/null | grep -c "s3://$S3_BUCKET/$prefix/" |
    sed "s/^/$TEST_NAME: $prefix: multipart uploads under way before the last run: /" >&2 || true
  sleep 0.05  # past the retry backoff of a part that failed when the run died
  run "$OUTBOX" --config "$TMP/event-$prefix.json" run
  expect_rc "the last run ($prefix)" 0
  s3cmd -c "$TMP/s3cfg" ls -r "s3://$S3_BUCKET/$prefix/" >"$TMP/ls-$prefix" 2>&1 || fail "s3cmd ls: $(cat "$TMP/ls-$prefix")"
  : >"$TMP/got-$prefix.jsonl"
  while read -r key; do
    s3cmd -c "$TMP/s3cfg" get --force "$key" "$TMP/obj.zst" >/dev/null 2>&1 || fail "s3cmd get $key"
    zstd -q -d -c "$TMP/obj.zst" >>"$TMP/got-$prefix.jsonl" || fail "$key does not decompress whole"
  done < <(grep -o "s3://[^ ]*\.jsonl\.zst" "$TMP/ls-$prefix")
  jq -r .id "$TMP/got-$prefix.jsonl" | sort -u >"$TMP/got-$prefix.ids"
  cmp -s "$TMP/sent.ids" "$TMP/got-$prefix.ids" ||
    fail "$prefix: the store's records (by id) differ from those put: $(diff "$TMP/sent.ids" "$TMP/got-$prefix.ids" | head -3)"
  s3cmd -c "$TMP/s3cfg" multipart "s3://$S3_BUCKET" >"$TMP/mp-$prefix" 2>&1 || fail "s3cmd multipart: $(cat "$TMP/mp-$prefix")"
  ! grep -q "s3://$S3_BUCKET/$prefix/" "$TMP/mp-$prefix" || fail "$prefix: multipart uploads left: $(cat "$TMP/mp-$prefix")"
}

ship single 67108864
ship multi 5242880

swift_stop
echo "$TEST_NAME: ok"
