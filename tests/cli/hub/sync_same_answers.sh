#!/usr/bin/env bash
# Same answers either way, through the binaries (doc/design.md §18): 10
# random scenarios of three gates scanning tickets while apart (some at two
# gates) and revoking some. Each gate has a twin with the same scans; the
# gates sync through the hub (a site per scenario), the twins pipe
# `scans export` into `scans merge` pairwise. `scans report --json` must be
# the same, but for "ts", at every gate and every twin. The unit property
# test runs 80 such scenarios (400 in `make soak`) through the stores; this one shows the
# commands agree. The seed is printed; EVT_TEST_SEED replays it.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/pg_cluster.bash"
bin=$EVT_BIN_DIR/evt-token
export XDG_CONFIG_HOME=$TMP/no-config EVT_STATE_DIR=$TMP/issuer
seed=${EVT_TEST_SEED:-$((RANDOM * 32768 + RANDOM))}
echo "sync_same_answers: seed $seed (replay with EVT_TEST_SEED=$seed)" >&2
RANDOM=$seed

pg_cluster_start
owner=$(pg_owner_conninfo)
"$bin" hub migrate --hub "$owner" >/dev/null || fail "hub migrate"
"$bin" keys new >/dev/null
"$bin" jwks >"$TMP/jwks.json"
tickets=()
for t in 0 1 2 3 4; do tickets+=("$("$bin" sign --claims "{\"sub\":\"t$t\"}" --ttl 1h)"); done
jti() { "$bin" decode --json "$1" | jq -r .claims.jti; }

gate() {  # gate SCENARIO NAME ARGS...
  local s=$1 name=$2
  shift 2
  "$bin" --state-dir "$TMP/s$s/$name" --config "$TMP/s$s/site.json" "$@"
}
report() { gate "$1" "$2" scans report --json | jq -c 'del(.ts)'; }

for s in $(seq 1 10); do
  mkdir -p "$TMP/s$s"
  printf '{"site": {"name": "scenario-%s", "hub": "%s"}}\n' "$s" "$owner" >"$TMP/s$s/site.json"
  chmod 0600 "$TMP/s$s/site.json"
  for op in $(seq 1 $((4 + RANDOM % 8))); do
    g=$((RANDOM % 3))
    t=$((RANDOM % 5))
    if ((RANDOM % 6 == 0)); then
      gate "$s" "G$g" revoke --gate "G$g" --reason r -- "$(jti "${tickets[$t]}")" >/dev/null
    else
      gate "$s" "G$g" scan --gate "G$g" --jwks "$TMP/jwks.json" "${tickets[$t]}" >/dev/null || true
    fi
  done
  for g in 0 1 2; do
    gate "$s" "G$g" scans export | gate "$s" "F$g" scans merge >/dev/null 2>&1 || fail "scenario $s: twin F$g"
  done
  for round in 1 2; do
    for g in $(printf '%s\n' 0 1 2 | shuf --random-source=<(yes "$seed$s$round")); do
      run gate "$s" "G$g" scans sync --json
      expect_rc "scenario $s: sync at G$g" 0
    done
    for from in 0 1 2; do
      for to in 0 1 2; do
        [[ $from != "$to" ]] || continue
        gate "$s" "F$from" scans export | gate "$s" "F$to" scans merge >/dev/null 2>&1 || fail "scenario $s: F$from to F$to"
      done
    done
  done
  expected=$(report "$s" F0)
  for g in G0 G1 G2 F1 F2; do
    [[ $(report "$s" "$g") == "$expected" ]] ||
      fail "scenario $s (seed $seed): $g reports $(report "$s" "$g"), the files say $expected"
  done
done
