#!/usr/bin/env bash
# Random loss from an nftables `numgen random` drop rule inside a network
# namespace the test creates: the probe.window loss matches the configured
# 10% within stated bounds. Needs root (netns, nftables); skipped with a
# note otherwise.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

if [[ $(id -u) -ne 0 ]] || ! command -v nft >/dev/null; then
  echo "loss_netns: skipped (needs root and nftables)"
  exit 0
fi
ns=evt-probe-loss-$$
ip netns add "$ns" || fail "cannot create a network namespace"
trap 'cleanup; ip netns del "$ns" 2>/dev/null || true' EXIT
ip -n "$ns" link set lo up
in_ns() { ip netns exec "$ns" "$@"; }

# Not through in_ns: a backgrounded function is a subshell, and killing it
# would leave the server behind.
ip netns exec "$ns" python3 "$HERE/test_server.py" "$TMP/web.port" 2>"$TMP/web.log" &
started $!
port=$(wait_port_file "$TMP/web.port")

# Drop 1 in 10 SYNs to the server at random. A dropped SYN is retried by
# the kernel after 1 s, past the 400 ms timeout: that attempt is lost.
in_ns nft -f - <<NFT
table inet evt_loss {
  chain input {
    type filter hook input priority 0;
    tcp dport $port tcp flags syn numgen random mod 10 == 0 drop
  }
}
NFT

# 4 targets x 60 attempts (the same address), so the lost attempts' timeouts
# overlap: 240 attempts. With p = 0.1, the loss ratio's standard deviation
# is sqrt(0.1 * 0.9 / 240) = 0.019; the bounds 0.04..0.17 are over 3 of them.
targets=()
for i in 1 2 3 4; do targets+=("127.0.0.1:$port"); done
run in_ns "$PROBE" tcp --count 60 --interval 0s --window 60 --timeout 400ms "${targets[@]}"
expect_rc "loss" 1
validate "$TMP/out"
sent=$(jq -s 'map(select(.kind == "probe.window") | .sent) | add' "$TMP/out")
lost=$(jq -s 'map(select(.kind == "probe.window") | .lost) | add' "$TMP/out")
[[ $sent -eq 240 ]] || fail "sent $sent, expected 240"
echo "loss_netns: $lost of $sent lost"
awk -v l="$lost" -v s="$sent" 'BEGIN {r = l / s; exit !(r >= 0.04 && r <= 0.17)}' ||
  fail "loss $lost/$sent is outside 0.04..0.17 for a 10% drop rule"
jq -e 'select(.kind == "probe" and .ok == false) | .error == "timeout after 400 ms in connect"' "$TMP/out" |
  grep -qv true && fail "a lost attempt with another error: $(jq -c 'select(.ok == false) | .error' "$TMP/out" | sort | uniq -c)"
echo "loss_netns: ok"
