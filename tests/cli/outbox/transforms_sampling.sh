#!/usr/bin/env bash
# Sampling keeps every failure and slow record and a share of the rest,
# within its binomial bound (4.5 sigma); roll-ups count every record
# offered, so their counts add up to the records put and their errors to
# the failures. Seeded: EVT_TEST_SEED replays a run.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tool_helpers.bash"

SEED=${EVT_TEST_SEED:-$((RANDOM * 32768 + RANDOM))}
echo "transforms_sampling: seed $SEED (replay with EVT_TEST_SEED=$SEED)"
KEEP=0.3
cat >"$CONFIG" <<JSON
{"site": {"name": "outbox-test"},
 "outbox": {"kiosk": "kiosk-a",
   "queues": {"telemetry": {"class": "non-essential", "bound_bytes": 16777216,
                            "sampling": {"keep": $KEEP, "slow_ms": 500},
                            "rollup": {"interval": "1s", "by": ["kind", "target", "status_class"]}},
              "aggregates": {"class": "non-essential", "ship": "rollups", "rollup": {"interval": "1s"}}}}}
JSON

/usr/bin/python3 - "$SEED" >"$TMP/records.jsonl" <<'PY'
import json, random, sys
rng = random.Random(int(sys.argv[1]))
for i in range(3000):
    r = {"kind": "probe", "v": 1, "ts": "2026-12-06T14:00:00.000Z", "id": "r%d-%x" % (i, rng.getrandbits(48)),
         "target": rng.choice(["shop", "cdn", "dns"]), "ok": True, "total_ms": round(rng.uniform(1, 400), 3)}
    roll = rng.random()
    if roll < 0.1: r["ok"], r["error"] = False, "timeout"
    elif roll < 0.15: r["status"] = rng.choice([500, 502, 503])
    elif roll < 0.2: r["total_ms"] = round(rng.uniform(500, 3000), 3)
    elif roll < 0.4: r["status"] = 200
    print(json.dumps(r))
PY
N=$(wc -l <"$TMP/records.jsonl")

# rollups_stored QUEUE: the roll-ups QUEUE holds. A put that outlasts a
# roll-up interval (a second here) seals the closed one as a batch of its
# own, counted in that batch's added.
rollups_stored() {
  "$OUTBOX" export | jq -s --arg q "$1" 'map(select(.kind == "outbox.element" and .queue == $q
    and .record.kind == "outbox.rollup")) | length'
}
run "$OUTBOX" put telemetry --json "$TMP/records.jsonl"
expect_rc "sampled put" 0
expect_valid "sampled put" "$TMP/out"
added=$(count outbox.put added "$TMP/out")
sampled_out=$(count outbox.put sampled_out "$TMP/out")
sealed=$(rollups_stored telemetry)
[[ $((added + sampled_out)) == $((N + sealed)) ]] ||
  fail "added $added + sampled out $sampled_out is not $N records + $sealed roll-ups sealed on the way"
run "$OUTBOX" put aggregates --json "$TMP/records.jsonl"
expect_rc "rollups-only put" 0
sealed=$(rollups_stored aggregates)
[[ $(count outbox.put added "$TMP/out") == "$sealed" && $(count outbox.put sampled_out "$TMP/out") == "$N" ]] ||
  fail "a rollups-only queue stored records ($sealed roll-ups sealed on the way): $(cat "$TMP/out")"

# The roll-ups are sealed by the first put or run after their interval closed.
sleep 1.1
run "$OUTBOX" put telemetry --json /dev/null
expect_rc "sealing put" 0
run "$OUTBOX" run
expect_rc "sealing run" 0

"$OUTBOX" export | jq -c 'select(.kind == "outbox.element")' >"$TMP/export.jsonl"
jq -c 'select(.record.kind == "outbox.rollup") | .record' "$TMP/export.jsonl" >"$TMP/rollups.jsonl"
[[ -s $TMP/rollups.jsonl ]] || fail "no roll-ups were sealed"
expect_valid "roll-ups" "$TMP/rollups.jsonl"

/usr/bin/python3 - "$TMP/records.jsonl" "$TMP/export.jsonl" "$KEEP" <<'PY' || fail "sampling or roll-ups are off (seed $SEED)"
import json, math, sys
offered = [json.loads(l) for l in open(sys.argv[1])]
elements = [json.loads(l) for l in open(sys.argv[2])]
keep = float(sys.argv[3])
def failure(r): return r.get("ok") is False or r.get("status", 0) >= 500 or r.get("error") not in (None, False)
def slow(r): return r.get("total_ms", 0) >= 500
kept = {e["record"]["id"] for e in elements if e["queue"] == "telemetry" and e["record"]["kind"] == "probe"}
problems = []
must = [r["id"] for r in offered if failure(r) or slow(r)]
lost = [i for i in must if i not in kept]
if lost: problems.append("failures or slow records sampled out: %s" % lost[:5])
rest = [r["id"] for r in offered if not (failure(r) or slow(r))]
n, k = len(rest), sum(1 for i in rest if i in kept)
sigma = math.sqrt(n * keep * (1 - keep))
print("ordinary records: %d of %d kept, expected %.0f +- %.1f (4.5 sigma)" % (k, n, n * keep, 4.5 * sigma))
if abs(k - n * keep) > 4.5 * sigma: problems.append("kept share out of its bound")
for queue in ("telemetry", "aggregates"):
    rollups = [e["record"] for e in elements if e["queue"] == queue and e["record"]["kind"] == "outbox.rollup"]
    count, errors = sum(r["count"] for r in rollups), sum(r["errors"] for r in rollups)
    if count != len(offered): problems.append("%s: roll-up counts %d, offered %d" % (queue, count, len(offered)))
    failures = sum(1 for r in offered if failure(r))
    if errors != failures: problems.append("%s: roll-up errors %d, failures %d" % (queue, errors, failures))
    latencies = sum(r["latency"]["count"] for r in rollups)
    if latencies != len(offered): problems.append("%s: %d latencies, offered %d" % (queue, latencies, len(offered)))
others = [e for e in elements if e["queue"] == "aggregates" and e["record"]["kind"] != "outbox.rollup"]
if others: problems.append("aggregates holds raw records")
for p in problems: print(p)
sys.exit(1 if problems else 0)
PY
