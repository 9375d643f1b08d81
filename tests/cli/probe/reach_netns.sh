#!/usr/bin/env bash
# Bilateral health checks, one way broken: two boxes in network namespaces
# joined by a veth pair, each running `evt serve` (off loopback, so with a
# token) and probing the other's /healthz every 2 s as the playbooks do.
# nftables in box a drops a's packets to b's serve port only: b reaches a,
# a does not reach b. Neither side's own probes can tell a one-way fault
# from a down peer; `evt-probe reach` on both sides' records merged must
# report the asymmetry (and exit 1).
source "$EVT_SOURCE_DIR/tests/cli/lib.sh"
BIN=$EVT_BIN_DIR
[[ $(id -u) == 0 ]] || fail "needs root for network namespaces (ip netns, nft)"
command -v nft >/dev/null || fail "nft is not installed (Debian nftables: scripts/install-deps.sh test)"

A=evt-reach-a-$$
B=evt-reach-b-$$
PORT=7480
remove_namespaces() {
  ip netns del "$A" 2>/dev/null || true
  ip netns del "$B" 2>/dev/null || true
}
trap 'cleanup; remove_namespaces' EXIT
ip netns add "$A"
ip netns add "$B"
ip link add "ra$$" netns "$A" type veth peer name "rb$$" netns "$B"
ip -n "$A" addr add 10.77.0.1/30 dev "ra$$"
ip -n "$B" addr add 10.77.0.2/30 dev "rb$$"
for ns in "$A" "$B"; do ip -n "$ns" link set lo up; done
ip -n "$A" link set "ra$$" up
ip -n "$B" link set "rb$$" up

# box NAME: its state root and the token its serve wants.
box() {
  local name=$1
  mkdir -m 700 "$TMP/$name"
  head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$TMP/$name/serve.token"
  chmod 600 "$TMP/$name/serve.token"
}
box a
box b
# config NAME ADDRESS PEER PEER_ADDRESS: it serves on ADDRESS and probes
# PEER's /healthz with PEER's token (a config target named after the box).
config() {
  local name=$1 address=$2 peer=$3 peer_address=$4
  cat >"$TMP/$name/event.json" <<JSON
{"site": {"name": "$name"},
 "evt": {"serve": {"listen": "$address:$PORT", "auth": {"token": {"file": "serve.token"}}}},
 "probe": {"targets": {"$peer": {"check": "http", "url": "http://$peer_address:$PORT/healthz", "timeout": "1s",
                                 "headers": {"Authorization": "Bearer $(cat "$TMP/$peer/serve.token")"}}}}}
JSON
  chmod 600 "$TMP/$name/event.json"
}
config a 10.77.0.1 b 10.77.0.2
config b 10.77.0.2 a 10.77.0.1

for name in a b; do
  ns=$A
  [[ $name == b ]] && ns=$B
  ip netns exec "$ns" "$BIN/evt" --config "$TMP/$name/event.json" --state-dir "$TMP/$name" serve 2>"$TMP/$name/serve.err" &
  started $!
done
# Both answer their own side before the probing starts.
for pair in "$A 10.77.0.1 a" "$B 10.77.0.2 b"; do
  read -r ns address name <<<"$pair"
  for ((i = 0; i < 100; i++)); do
    code=$(ip netns exec "$ns" curl -s -o /dev/null -w '%{http_code}' \
      -H "Authorization: Bearer $(cat "$TMP/$name/serve.token")" "http://$address:$PORT/healthz" || true)
    [[ $code == 200 ]] && break
    sleep 0.1
  done
  [[ $code == 200 ]] || fail "box $name's /healthz: $code; $(cat "$TMP/$name/serve.err")"
done

# a's packets to b's serve port are dropped; nothing else is.
ip netns exec "$A" nft -f - <<NFT
table inet evt_reach {
  chain out { type filter hook output priority 0; ip daddr 10.77.0.2 tcp dport $PORT drop; }
}
NFT

for name in a b; do
  ns=$A
  [[ $name == b ]] && ns=$B
  ip netns exec "$ns" "$BIN/evt-probe" --config "$TMP/$name/event.json" run --origin "$name" \
    --interval 2s --count 3 --json >"$TMP/$name/probes.jsonl" 2>"$TMP/$name/probe.err" &
  started $!
  eval "probe_$name=$!"
done
wait_exit "$probe_a" 20
wait_exit "$probe_b" 20
for name in a b; do
  [[ $(wc -l <"$TMP/$name/probes.jsonl") -ge 3 ]] || fail "box $name wrote too few probe records: $(cat "$TMP/$name/probes.jsonl" "$TMP/$name/probe.err")"
  jq -s -e --arg o "$name" 'map(select(.kind == "probe")) | length == 3 and all(.origin == $o)' \
    "$TMP/$name/probes.jsonl" >/dev/null || fail "box $name's probe records do not say it probed: $(cat "$TMP/$name/probes.jsonl")"
done
if [[ -n ${EVT_SCHEMA:-} ]]; then
  cat "$TMP/a/probes.jsonl" "$TMP/b/probes.jsonl" >"$TMP/probes.jsonl"
  run "$EVT_SCHEMA" validate "$TMP/probes.jsonl"
  expect_rc "the probe records are valid" 0
fi

run "$BIN/evt-probe" reach --json "$TMP/a/probes.jsonl" "$TMP/b/probes.jsonl"
expect_rc "evt-probe reach on a one-way fault" 1
cp "$TMP/out" "$TMP/reach.jsonl"
[[ $(jq -s 'map(select(.kind == "probe.reach")) | length' "$TMP/reach.jsonl") == 2 ]] || fail "not one probe.reach per direction: $(cat "$TMP/reach.jsonl")"
jq -e -s '.[] | select(.from == "a" and .to == "b") | .reaches == false and .asymmetric and .back.reaches and .attempts == 3 and .ok == 0' \
  "$TMP/reach.jsonl" >/dev/null || fail "a→b is not reported as not reaching while b→a does: $(cat "$TMP/reach.jsonl")"
jq -e -s '.[] | select(.from == "b" and .to == "a") | .reaches and .asymmetric and .ok == 3 and (.back.reaches | not)' \
  "$TMP/reach.jsonl" >/dev/null || fail "b→a is not reported as reaching, unanswered: $(cat "$TMP/reach.jsonl")"
if [[ -n ${EVT_SCHEMA:-} ]]; then
  run "$EVT_SCHEMA" validate "$TMP/reach.jsonl"
  expect_rc "the probe.reach records are valid" 0
fi
# A person reading it on a terminal gets the same verdict in words.
COLUMNS=100 script -qec "$BIN/evt-probe reach $TMP/a/probes.jsonl $TMP/b/probes.jsonl" /dev/null >"$TMP/table" || true
grep -q 'ASYMMETRIC: reaches, not reached back' "$TMP/table" || fail "the table does not say it: $(cat "$TMP/table")"
# Nothing to compare is no verdict: an empty merge says so instead of an
# empty table and exit 0.
run "$BIN/evt-probe" reach --json /dev/null
expect_rc "reach over an empty input" 65
grep -q 'no probe records in the input' "$TMP/err" || fail "empty input: $(cat "$TMP/err")"
echo "reach_netns: ok"
cat "$TMP/reach.jsonl"
