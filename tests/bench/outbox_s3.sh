#!/usr/bin/env bash
# evt-outbox's s3 destination against OpenStack Swift on loopback (the
# test server of tests/cli/outbox/swift_server.bash), beside the obvious
# pipeline of the same bytes: `zstd -3` then `s3cmd put`.
#
#   tests/bench/outbox_s3.sh [MB=500] [BUILD_DIR=build]
#
# 1. Generates MB megabytes of probe-like telemetry records (seeded).
# 2. Times `evt-outbox put` plus `evt-outbox run` (seal, compress while
#    streaming to the spool, PUT or multipart), wall clock, and reports
#    what status says of the compression ratio.
# 3. Times `zstd -3` of the same file then `s3cmd put` of the result.
# 4. Compresses the project's own record streams (the records above and
#    the outbox's own outbox.segment output) with zstd -3 and compares the
#    ratio with evt-outbox's (target: within 2 %).
# Performance is reported, never asserted.
set -euo pipefail
mb=${1:-500}
build=${2:-build}
[[ $mb =~ ^[1-9][0-9]*$ ]] || { echo "outbox_s3: MB must be a positive integer, got '$mb'" >&2; exit 2; }
outbox="$(cd "$build" && pwd)/bin/evt-outbox"
[[ -x $outbox ]] || { echo "outbox_s3: $outbox not found; build $build first" >&2; exit 66; }
for tool in s3cmd zstd jq; do
  command -v $tool >/dev/null || { echo "outbox_s3: $tool not found (scripts/install-deps.sh test)" >&2; exit 69; }
done

# lib.sh: $TMP, the cleanup of what was started, fail, is_running (swift_server.bash uses them).
source "$(dirname "$0")/../cli/lib.sh"
source "$(dirname "$0")/../cli/outbox/swift_server.bash"

seed=${EVT_TEST_SEED:-42}
echo "outbox_s3: $mb MB of records, seed $seed"
/usr/bin/python3 - "$mb" "$seed" >"$TMP/records.jsonl" <<'PY'
import json, random, sys
mb, seed = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)
target = mb * 1000 * 1000
size = 0
i = 0
out = sys.stdout
while size < target:
    i += 1
    ok = rng.random() > 0.03
    line = json.dumps({"kind": "probe.result", "v": 1, "ts": "2026-12-06T14:%02d:%02d.%03dZ" % (i // 60000 % 60, i // 1000 % 60, i % 1000),
                       "id": "p-%d-%d" % (seed, i), "target": "kiosk-%d" % rng.randrange(12), "path": rng.choice(["uplink", "mesh"]),
                       "ok": ok, "latency_ms": int(rng.lognormvariate(4, 0.8)), "status": 200 if ok else 503},
                      separators=(",", ":")) + "\n"
    out.write(line)
    size += len(line)
PY
bytes=$(stat -c %s "$TMP/records.jsonl")

swift_start "$TMP/swift"
umask 077
printf '%s' "$S3_ACCESS_KEY" >"$TMP/s3.access"
printf '%s' "$S3_SECRET" >"$TMP/s3.secret"
cat >"$TMP/event.json" <<JSON
{"site": {"name": "bench"},
 "outbox": {"kiosk": "kiosk-a", "bound_bytes": $((bytes * 2 + 1048576)),
            "queues": {"telemetry": {"class": "non-essential", "bound_bytes": $((bytes * 2 + 1048576)), "destinations": ["archive"]}},
            "destinations": {"archive": {"type": "s3", "endpoint": "$S3_ENDPOINT", "region": "$S3_REGION",
                                         "bucket": "$S3_BUCKET", "access_key": {"file": "s3.access"},
                                         "secret_key": {"file": "s3.secret"},
                                         "segment": {"max_age": "1ms"}}}}}
JSON
export EVT_STATE_DIR=$TMP/state XDG_CONFIG_HOME=$TMP/xdg HOME=$TMP/home
mkdir -p "$EVT_STATE_DIR"

t0=$(date +%s%N)
"$outbox" --config "$TMP/event.json" put telemetry "$TMP/records.jsonl" >/dev/null
t1=$(date +%s%N)
"$outbox" --config "$TMP/event.json" run >"$TMP/run.out"
t2=$(date +%s%N)
"$outbox" --config "$TMP/event.json" status >"$TMP/status.out"
jq -e 'select(.destination == "archive") | .pending == 0' "$TMP/status.out" >/dev/null ||
  fail "records left pending: $(cat "$TMP/status.out")"
read -r raw compressed < <(jq -r 'select(.destination == "archive") | "\(.bytes_written_raw) \(.bytes_written_compressed)"' "$TMP/status.out")

s3cmd_config "$TMP/s3cfg"
t3=$(date +%s%N)
zstd -q -3 -c "$TMP/records.jsonl" >"$TMP/records.jsonl.zst"
s3cmd -c "$TMP/s3cfg" put "$TMP/records.jsonl.zst" "s3://$S3_BUCKET/baseline/records.jsonl.zst" >/dev/null
t4=$(date +%s%N)
zstd_bytes=$(stat -c %s "$TMP/records.jsonl.zst")

ms() { echo $((($2 - $1) / 1000000)); }
echo "evt-outbox put:               $(ms "$t0" "$t1") ms"
echo "evt-outbox run (seal, zstd, upload): $(ms "$t1" "$t2") ms"
echo "zstd -3 + s3cmd put:          $(ms "$t3" "$t4") ms"
echo "evt-outbox end to end / baseline: $(echo "scale=3; $(ms "$t1" "$t2") / $(ms "$t3" "$t4")" | bc) (run only)"
echo "ratio evt-outbox: $(echo "scale=3; $raw / $compressed" | bc) ($raw -> $compressed bytes)"
echo "ratio zstd -3:    $(echo "scale=3; $bytes / $zstd_bytes" | bc) ($bytes -> $zstd_bytes bytes)"
echo "evt-outbox bytes over zstd -3 bytes: $(echo "scale=4; $compressed / $zstd_bytes" | bc) (target within 1.02)"
swift_stop
