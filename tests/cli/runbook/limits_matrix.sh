#!/usr/bin/env bash
# Every limit ends a run wherever the runbook is: the deadline (200 ms),
# SIGINT, SIGTERM and the memory cap (2 MiB), each inside a Lua loop, inside pcall,
# inside each C function that runs long without the instruction hook
# (string.find/match/gmatch/gsub, table.sort, table.concat, string.rep),
# inside an evt.tool call, and inside a C loop nothing in the sandbox
# checks (table.move over 2^50 empty slots), which only the watchdog ends,
# after kill_grace (500 ms). Each case must end within its bound with the
# right exit code, and its audit row must say the same (timeout,
# interrupted or failed; never ok, never unfinished). Cases run in parallel.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"

cat >"$TMP/event.json" <<'JSON'
{ "site": { "name": "test" }, "runbook": { "memory_limit_mb": 2, "kill_grace": "500ms" } }
JSON
export EVT_CONFIG=$TMP/event.json

# Bodies that keep the run inside the context until a limit ends it.
declare -A RUNS=(
  [loop]='while true do end'
  [pcall]='while true do pcall(function() while true do end end) end'
  [find]='string.find(string.rep("a", 5000), ".-.-.-b")'
  [match]='string.match(string.rep("a", 5000), ".-.-.-b")'
  [gmatch]='for _ in string.gmatch(string.rep("a", 5000), ".-.-.-b") do end'
  [gsub]='string.gsub(string.rep("a", 5000), ".-.-.-b", "")'
  [sort]='table.sort({3, 2, 1, 5, 4}, function(a, b) while true do end end)'
  [concat]='table.concat(setmetatable({}, {__index = getmetatable, __metatable = ""}), "", 1, 1e15)'
  [rep]='while true do local _ = string.rep("ab", 1 << 16) end'
  [tool]='evt.tool("fixture", {"--count", "100000", "--slow"})'
  [move]='table.move({}, 1, 1 << 50, 1)'
)
# Bodies that allocate past the 2 MiB cap in the context (small, so the
# cases stay cheap on a loaded machine).
declare -A HOGS=(
  [loop]='local t = {} while true do t[#t + 1] = {} end'
  [pcall]='pcall(function() local t = {} while true do t[#t + 1] = {} end end)'
  [find]='string.find(string.rep("a", 1 << 20), "(.*)")'
  [match]='string.match(string.rep("a", 1 << 20), "(.*)")'
  [gmatch]='for _ in string.gmatch(string.rep("a", 1 << 20), "(.*)") do end'
  [gsub]='string.gsub(string.rep("a", 1 << 16), "a", string.rep("b", 64))'
  [sort]='table.sort({3, 2, 1}, function(a, b) local t = {} for i = 1, 1e9 do t[i] = i end end)'
  [concat]='local s = string.rep("x", 1 << 16) table.concat(setmetatable({}, {__index = function() return s end}), "", 1, 100)'
  [rep]='string.rep("x", 1 << 30)'
  [tool]='evt.tool("fixture", {"--count", "20000"})'
)

# wait_bounded PID MS: RC of PID, or "hung" after MS (then it is killed).
wait_bounded() {
  local pid=$1 max_ms=$2 start
  start=$(now_ms)
  while is_running "$pid"; do
    if (($(now_ms) - start > max_ms)); then
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      RC=hung
      return
    fi
    sleep 0.05
  done
  set +e
  wait "$pid"
  RC=$?
  set -e
}

declare -A EXPECT_RC=([deadline]=1 [sigint]=130 [sigterm]=143 [memory]=1)
declare -A EXPECT_OUTCOME=([deadline]=timeout [sigint]=interrupted [sigterm]=interrupted [memory]=failed)
# Wall-clock bounds, wide for a loaded machine: deadline 200 ms + grace
# 500 ms from the body's start, the grace from a signal; memory has none of
# its own, only "not forever".
declare -A BOUND_MS=([deadline]=4000 [sigint]=4000 [sigterm]=4000 [memory]=10000)

# check_case LIMIT DIR RC MS: what is wrong with the case, if anything.
check_case() {
  local limit=$1 dir=$2 rc=$3 ms=$4 outcome step message problem=""
  "$RUNBOOK" history --json --limit 1 --state-dir "$dir/state" >"$dir/history" 2>&1 || true
  IFS=$'\t' read -r outcome step message < <(jq -r '[.outcome, (.steps[0].outcome // "none"), (.message // "")] | @tsv' \
    "$dir/history" 2>/dev/null || echo "?")
  [[ $rc == "${EXPECT_RC[$limit]}" ]] || problem+=" exit $rc (expected ${EXPECT_RC[$limit]})"
  [[ $outcome == "${EXPECT_OUTCOME[$limit]}" ]] || problem+=" audit outcome $outcome (expected ${EXPECT_OUTCOME[$limit]})"
  [[ $rc == hung ]] || ((ms <= BOUND_MS[$limit])) || problem+=" took ${ms} ms (bound ${BOUND_MS[$limit]})"
  [[ $limit != memory || $message == *"memory limit"* ]] || problem+=" message: $message"
  [[ $step == failed ]] || problem+=" step: $step"
  echo "$problem"
}

# run_case LIMIT CONTEXT: runs the case and writes what is wrong with it,
# if anything, to the case's folder.
run_case() {
  local limit=$1 context=$2 dir="$TMP/case/$1-$2" body timeout=60s pid t0
  mkdir -p "$dir/state"
  if [[ $limit == memory ]]; then body=${HOGS[$context]}; else body=${RUNS[$context]}; fi
  [[ $limit == deadline ]] && timeout=200ms
  cat >"$dir/book.lua" <<LUA
return { description = "limits matrix: $limit in $context", run = function()
  evt.step("work", function()
    evt.log.info("body started")
    $body
  end)
end }
LUA
  env --default-signal=INT,TERM "$RUNBOOK" -v run --state-dir "$dir/state" --timeout "$timeout" "$dir/book.lua" \
    >"$dir/out" 2>"$dir/err" </dev/null &
  pid=$!
  # Bounds count from the body's start: starting 40 processes at once on a
  # loaded machine takes seconds of its own.
  for ((i = 0; i < 400; i++)); do
    grep -q "body started" "$dir/err" 2>/dev/null && break
    is_running "$pid" || break
    sleep 0.05
  done
  t0=$(now_ms)
  if [[ $limit == sigint || $limit == sigterm ]]; then
    sleep 0.3  # into the context
    t0=$(now_ms)
    kill "-${limit#sig}" "$pid" 2>/dev/null || true
  fi
  wait_bounded "$pid" 12000
  check_case "$limit" "$dir" "$RC" "$(($(now_ms) - t0))" >"$dir/problem"
}

start=$(now_ms)
cases=()
for limit in deadline sigint sigterm memory; do
  for context in loop pcall find match gmatch gsub sort concat rep tool move; do
    [[ $limit == memory && $context == move ]] && continue
    cases+=("$limit-$context")
    # At most 16 at once: each case keeps a core busy until its limit.
    while (($(jobs -rp | wc -l) >= 16)); do wait -n || true; done
    run_case "$limit" "$context" &
    started $!
  done
done
wait
echo "limits_matrix: ${#cases[@]} cases in $(($(now_ms) - start)) ms"

failures=()
for c in "${cases[@]}"; do
  problem=$(cat "$TMP/case/$c/problem")
  [[ -z $problem ]] || failures+=("$c:$problem; stderr: $(head -c 300 "$TMP/case/$c/err" | tr '\n' ' ')")
done
if ((${#failures[@]} > 0)); then
  printf '  %s\n' "${failures[@]}" >&2
  fail "${#failures[@]} of ${#cases[@]} cases"
fi
