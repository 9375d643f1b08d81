#!/usr/bin/env bash
# evt-runbook's own cost, against references in the same run:
#  1. start to first step: a whole `evt-runbook run` of a one-step runbook
#     (process start, Lua state, compile, header, audit log, the step, the
#     records), best of RUNS, beside the smallest evt program
#     (plumbing_fixture --count 1) on the same plumbing; target < 8 ms
#     (the goal in doc/design.md §11);
#  2. the dynamic loader's start-up (LD_DEBUG=statistics: cycles to load
#     and relocate the shared libraries, steady on a loaded machine) of
#     both, since libraries a run does not use must not be loaded at start;
#  3. overhead per evt.tool call: CALLS calls of evt-fixture from a runbook,
#     beside the same CALLS runs of the program from a bash loop, per call.
#
#   tests/bench/runbook_overhead.sh [UNUSED] [BUILD_DIR=build]
set -euo pipefail
build=${2:-build}
runs=${RUNS:-20}
calls=${CALLS:-200}
runbook="$build/bin/evt-runbook"
fixture="$build/tests/cli/plumbing_fixture"
for tool in "$runbook" "$fixture"; do
  [[ -x "$tool" ]] || { echo "runbook_overhead: $tool not found; build $build first" >&2; exit 66; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/evt-bench-runbook.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/state"
ln -s "$(cd "$(dirname "$fixture")" && pwd)/plumbing_fixture" "$tmp/bin/evt-fixture"
export PATH="$tmp/bin:$PATH" EVT_STATE_DIR="$tmp/state" XDG_CONFIG_HOME="$tmp/none"
unset EVT_CONFIG

cat >"$tmp/one.lua" <<'LUA'
return { description = "one empty step", run = function() evt.step("first", function() end) end }
LUA
cat >"$tmp/calls.lua" <<LUA
return { description = "many tool calls", run = function()
  for i = 1, $calls do
    local r = evt.tool("fixture", {"--count", "1"})
    assert(r.code == 0 and #r.records == 1)
  end
end }
LUA

# wall_ms CMD...: the wall time of one run, in ms (bash's own clock, so no
# extra process is timed).
wall_ms() {
  local TIMEFORMAT='%3R'
  { time "$@" >/dev/null 2>&1 </dev/null; } 2>&1 | awk '{ printf "%.1f", $1 * 1000 }'
}
# best_ms CMD...: the best of $runs runs.
best_ms() {
  local i
  for ((i = 0; i < runs; i++)); do wall_ms "$@"; echo; done | sort -n | head -1
}
loop_fixture() {
  local i
  for ((i = 0; i < calls; i++)); do "$fixture" --count 1 >/dev/null </dev/null; done
}

"$runbook" run "$tmp/one.lua" >/dev/null  # warm the page cache, create the state
start_ms=$(best_ms "$runbook" run "$tmp/one.lua")
ref_ms=$(best_ms "$fixture" --count 1)
echo "start to first step (whole run of one step): ${start_ms} ms; plumbing_fixture --count 1: ${ref_ms} ms;" \
     "ratio $(awk -v a="$start_ms" -v b="$ref_ms" 'BEGIN { printf "%.1f", a / (b > 0 ? b : 0.01) }'); target < 8 ms"

# loader_cycles CMD...: the dynamic loader's start-up cycles for one run.
loader_cycles() {
  LD_DEBUG=statistics "$@" 2>&1 >/dev/null </dev/null | awk '/total startup time in dynamic loader/ { print $(NF - 1); exit }'
}
runbook_cycles=$(loader_cycles "$runbook" run "$tmp/one.lua")
fixture_cycles=$(loader_cycles "$fixture" --count 1)
echo "dynamic loader at start: evt-runbook ${runbook_cycles:-?} cycles ($(ldd "$runbook" | wc -l) objects);" \
     "plumbing_fixture ${fixture_cycles:-?} cycles ($(ldd "$fixture" | wc -l) objects)"

runbook_ms=$(wall_ms "$runbook" run "$tmp/calls.lua")
loop_ms=$(wall_ms loop_fixture)
awk -v r="$runbook_ms" -v l="$loop_ms" -v n="$calls" -v s="$start_ms" 'BEGIN {
  per_call = (r - s) / n; per_loop = l / n
  printf "evt.tool: %.2f ms per call (%d calls); bash loop running the same program: %.2f ms per run;" \
         " overhead per call beyond the tool: %.2f ms\n", per_call, n, per_loop, per_call - per_loop
}'
