#!/usr/bin/env bash
# Decisions per second: `evt-failover decide` on a recorded stream of
# RECORDS probe records across 50 paths (one target each, plus a local
# fallback), beside `jq -c .` and `cat` over the same stream in the same
# run. Every record is one decision: a health check of its path, the
# choice of the active path, and any transition and switch written out
# and saved. The stream is generated here (fixed seed): mostly healthy
# targets with outages and flapping, so the paths go down, up, get
# suppressed and fail back.
#
#   tests/bench/failover_decide.sh [RECORDS=1000000] [BUILD_DIR=build]
set -euo pipefail
records=${1:-1000000}
build=${2:-build}
[[ -z $records ]] && records=1000000
[[ "$records" =~ ^[1-9][0-9]*$ ]] || { echo "failover_decide: RECORDS must be a positive integer" >&2; exit 2; }
failover="$build/bin/evt-failover"
[[ -x $failover ]] || { echo "failover_decide: $failover not found; build $build first" >&2; exit 66; }
for tool in jq python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "failover_decide: $tool not found (scripts/install-deps.sh bench)" >&2; exit 69; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/evt-failover-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

python3 - "$tmp" "$records" <<'PY'
import json, random, sys
tmp, records = sys.argv[1], int(sys.argv[2])
paths = 50
targets = {"t%02d" % i: {"check": "tcp", "address": "127.0.0.1:%d" % (10000 + i)} for i in range(paths)}
config = {"site": {"name": "bench"}, "probe": {"targets": targets},
          "failover": {"fast_interval": "500ms", "failback_after": "30s",
                       "damping": {"penalty": 1000, "half_life": "60s", "suppress": 2000, "reuse": 750,
                                   "max_suppress": "10m"},
                       "paths": [{"name": "p%02d" % i, "targets": ["t%02d" % i], "rise": 3, "fall": 2,
                                  "degraded": {"raise": {"loss": 0.2, "p95_ms": 800},
                                               "clear": {"loss": 0.05, "p95_ms": 400}}}
                                 for i in range(paths)] + [{"name": "local", "always_up": True}]}}
json.dump(config, open(tmp + "/event.json", "w"))
rng = random.Random(7)
state = ["ok"] * paths  # ok, outage, flapping
base = 1764928800000  # 2025-12-05T10:00:00Z
with open(tmp + "/stream.jsonl", "w") as out:
    for n in range(records):
        i = n % paths
        t = base + (n // paths) * 100 + i
        if rng.random() < 0.0005:
            state[i] = rng.choice(["ok", "outage", "flapping"])
        ok = (state[i] == "ok" and rng.random() > 0.01) or (state[i] == "flapping" and (n // paths) % 20 < 10)
        ms = rng.uniform(5, 60) if rng.random() > 0.02 else rng.uniform(500, 1500)
        s, frac = divmod(t, 1000)
        import time
        ts = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(s)) + ".%03dZ" % frac
        err = "" if ok else ',"error":"connection refused"'
        out.write('{"kind":"probe","v":1,"ts":"%s","target":"t%02d","check":"tcp","address":"127.0.0.1:%d",'
                  '"attempt":%d,"ok":%s,"total_ms":%.3f%s}\n'
                  % (ts, i, 10000 + i, n // paths + 1, "true" if ok else "false", ms, err))
PY

# timed NAME CMD...: runs CMD with stdin from the stream, stdout to
# $tmp/NAME.out; leaves "wall user sys" in $tmp/NAME.time.
timed() {
  local name=$1
  shift
  /usr/bin/time -f "%e %U %S" -o "$tmp/$name.time" "$@" <"$tmp/stream.jsonl" >"$tmp/$name.out"
}
timed cat cat
timed jq jq -c .
timed decide "$failover" decide --config "$tmp/event.json" --state-dir "$tmp/state"

python3 - "$records" "$tmp" <<'PY'
import json, sys
records, tmp = int(sys.argv[1]), sys.argv[2]
def read(name):
    wall, user, system = map(float, open("%s/%s.time" % (tmp, name)).read().split()[-3:])
    return wall, user + system
(decide, decide_cpu), (jq, jq_cpu), (cat, cat_cpu) = read("decide"), read("jq"), read("cat")
events = {}
for line in open(tmp + "/decide.out"):
    e = json.loads(line)["event"]
    events[e] = events.get(e, 0) + 1
print("failover_decide: %d probe records, 50 paths" % records)
print("  evt-failover decide: %.2f s wall, %.2f s CPU: %.0f decisions/s (%.0f per CPU second)"
      % (decide, decide_cpu, records / decide, records / max(decide_cpu, 1e-3)))
print("    events: " + ", ".join("%s %d" % kv for kv in sorted(events.items())))
print("  jq -c .:             %.2f s wall, %.2f s CPU: %.0f records/s" % (jq, jq_cpu, records / jq))
print("  cat:                 %.2f s wall" % cat)
print("  ratio decide/jq, records per second: %.2f wall, %.2f CPU" % (jq / decide, jq_cpu / max(decide_cpu, 1e-3)))
PY
