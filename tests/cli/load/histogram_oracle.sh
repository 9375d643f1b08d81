#!/usr/bin/env bash
# evt-load's latency histogram (common/latency_histogram.h, through the
# test-only histogram_fixture) against npm's hdr-histogram-js (v3, the
# JavaScript port of HdrHistogram, through histogram_oracle.js) on the same
# samples: uniform, lognormal, bimodal with a 1 s stall, tiny sets, bucket
# edges, values above 1 h, and the rank corner of 99.9 % of 1000.
#
#   histogram_oracle.sh [FIXTURE]   (default $EVT_BIN_DIR/../tests/cli/histogram_fixture)
#
# Equal exactly: count, clamped, min, max and p50/p90/p99/p99.9/p100, with
# the one documented difference: HdrHistogram returns the top of the
# percentile's bucket, LatencyHistogram caps it at the recorded max, so the
# oracle's value is capped before comparing (p100 is then max in both).
# The mean differs by design: hdr-histogram-js sums each bucket's midpoint
# (medianEquivalentValue), LatencyHistogram the exact samples; a sample
# moves by at most half its bucket's width, 1/2048 of its value, so the
# means may differ by mean/2048 and no more.
#
# The samples come from a seed, printed; EVT_TEST_SEED replays it.
source "$(dirname "$0")/../lib.sh"

fixture=${1:-${EVT_BIN_DIR:-}/../tests/cli/histogram_fixture}
oracle="$(dirname "$0")/histogram_oracle.js"
export NODE_PATH=${NODE_PATH:-${EVT_NODE_PREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/evt/node}/node_modules}
python=/usr/bin/python3

[[ -x $fixture ]] || fail "histogram_fixture not built at $fixture (cmake --build build --target histogram_fixture)"
command -v node >/dev/null ||
  fail "node is not installed; scripts/install-deps.sh installs it with hdr-histogram-js (make test runs it)"
node -e 'require("hdr-histogram-js")' 2>/dev/null ||
  fail "npm's hdr-histogram-js is not under NODE_PATH=$NODE_PATH; scripts/install-deps.sh installs it"

seed=${EVT_TEST_SEED:-$((RANDOM * 32768 + RANDOM))}
echo "histogram_oracle: seed $seed (replay with EVT_TEST_SEED=$seed)"

# One file of values per sample set, in $TMP/sets/NAME.
mkdir "$TMP/sets"
"$python" - "$seed" "$TMP/sets" <<'EOF'
import math, random, sys

rng = random.Random(int(sys.argv[1]))
out = sys.argv[2]
hour = 3_600_000_000

def write(name, values):
    with open(f"{out}/{name}", "w") as f:
        f.writelines(f"{v}\n" for v in values)

write("uniform", [rng.randint(1, 200_000) for _ in range(10_000)])
write("lognormal", [int(rng.lognormvariate(8.5, 1.5)) + 1 for _ in range(20_000)])
# 150 requests/s whose server stalls for 1 s: the requests due during the
# stall wait for its end, so their latencies fall from 1 s to almost 0.
fast = [int(rng.lognormvariate(8.0, 0.5)) for _ in range(2_000)]
write("stall", fast + [1_000_000 - i * 1_000_000 // 150 + rng.randint(0, 3_000) for i in range(150)])
for n in range(1, 6):
    write(f"tiny{n}", [int(math.exp(rng.uniform(0, math.log(hour)))) for _ in range(n)])
edges = [v for k in range(32) for v in (2**k - 1, 2**k, 2**k + 1)]
write("edges", edges + [2047, 2048, 2049, 4095, 4096, 4097, hour - 1, hour])
write("above_1h", [0, -7, 1, 250, 3_000_000, hour, hour + 1, 10**10, 2**62, 2**63 - 1]
      + [rng.randint(1, 50_000) for _ in range(200)])
write("ranks1000", range(1, 1001))
write("ranks2000", rng.sample(range(1, 2001), 2000))
write("one_value", [123_457] * 5_000)
EOF

# One fixture run per set; node and python start once for all of them.
sets=("$TMP"/sets/*)
for set in "${sets[@]}"; do
  "$fixture" <"$set" >>"$TMP/ours.jsonl" || fail "$(basename "$set"): histogram_fixture failed ($?)"
done
node "$oracle" "${sets[@]}" >"$TMP/oracle.jsonl" || fail "histogram_oracle.js failed ($?)"

"$python" - "$TMP/ours.jsonl" "$TMP/oracle.jsonl" "${sets[@]}" <<'PY' ||
import json, os, sys

ours_lines = open(sys.argv[1]).read().splitlines()
oracle_lines = open(sys.argv[2]).read().splitlines()
names = [os.path.basename(path) for path in sys.argv[3:]]
if not len(ours_lines) == len(oracle_lines) == len(names):
    sys.exit(f"expected one report per sample set: {len(names)} sets, {len(ours_lines)} and {len(oracle_lines)} reports")

def problems_in(ours, oracle):
    problems, capped = [], []
    for field in ("count", "clamped", "min", "max"):
        if ours[field] != oracle[field]:
            problems.append(f"{field}: ours {ours[field]}, hdr-histogram-js {oracle[field]}")
    for p in ("p50", "p90", "p99", "p99.9", "p100"):
        expected = min(oracle[p], oracle["max"])
        if expected != oracle[p]:
            capped.append(p)
        if ours[p] != expected:
            problems.append(f"{p}: ours {ours[p]}, hdr-histogram-js {oracle[p]} (capped at max: {expected})")
    gap, tolerance = abs(ours["mean"] - oracle["mean"]), ours["mean"] / 2048 + 1e-9
    if gap > tolerance:
        problems.append(f"mean: ours {ours['mean']}, hdr-histogram-js {oracle['mean']}, apart by {gap} > {tolerance}")
    return problems, capped, gap, tolerance

failed = False
for name, ours_line, oracle_line in zip(names, ours_lines, oracle_lines):
    ours, oracle = json.loads(ours_line), json.loads(oracle_line)
    problems, capped, gap, tolerance = problems_in(ours, oracle)
    line = (f"{name}: n={ours['count']} p50={ours['p50']} p99={ours['p99']} p99.9={ours['p99.9']} "
            f"max={ours['max']}: {'DIFFERENT' if problems else 'equal'}; "
            f"mean apart by {gap:.3g} (tolerance {tolerance:.3g})")
    if capped:
        line += f"; hdr-histogram-js's bucket top capped at max for {','.join(capped)}"
    print(line)
    for problem in problems:
        print(f"  {problem}")
    failed = failed or bool(problems)
sys.exit(1 if failed else 0)
PY
  fail "the histogram differs from hdr-histogram-js (seed $seed)"

# Both refuse what is not a number, naming the line.
run "$fixture" <<<$'12\n1.5\n'
[[ $RC == 65 && $(<"$TMP/err") == *"stdin:2: expected an integer number of microseconds"* ]] ||
  fail "histogram_fixture on a bad line: exit $RC, $(<"$TMP/err")"
echo "histogram_oracle: all sets equal"
