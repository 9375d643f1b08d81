#!/usr/bin/env bash
# evt-probe dns against dnsmasq on loopback (never the system resolver):
# answers, NXDOMAIN, SERVFAIL, REFUSED, and a timeout.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
command -v dnsmasq >/dev/null || fail "dnsmasq is missing: scripts/install-deps.sh test"

# A port free for both UDP and TCP: dnsmasq listens on both, and a port
# free for UDP alone was sometimes taken for TCP, so dnsmasq never came up.
udp_port() {
  python3 -c 'import socket
while True:
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 0)); port = u.getsockname()[1]
    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        t.bind(("127.0.0.1", port)); print(port); break
    except OSError:
        pass'
}
dnsmasq_on() {
  local port=$1
  shift
  dnsmasq --no-daemon --port="$port" --listen-address=127.0.0.1 --bind-interfaces --no-resolv --no-hosts \
    --user="$(id -un)" --group="$(id -gn)" --pid-file= "$@" 2>>"$TMP/dnsmasq.log" &
  started $!
}

# The resolver under test: names under ok.test answer, nx.test is NXDOMAIN,
# dead.test goes to an upstream that never answers (a timeout). A second
# one validates DNSSEC against the root's trust anchor and forwards
# everything to a third whose unsigned answers cannot be proven: SERVFAIL.
upstream=$(udp_port)
dead=$(udp_port)
front=$(udp_port)
validating=$(udp_port)
dnsmasq_on "$front" --address=/ok.test/10.1.2.3 --address=/nx.test/ --server=/dead.test/127.0.0.1#"$dead"
dnsmasq_on "$upstream" --address=/sf.test/10.9.9.9
dnsmasq_on "$validating" --server=127.0.0.1#"$upstream" --dnssec --dnssec-check-unsigned \
  --trust-anchor=.,20326,8,2,E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D
# Each dnsmasq is up once it answers at all (any rcode): until then the
# kernel refuses the query, and on a loaded machine the validating one can
# start last (a SERVFAIL check once met "refused the connection").
wait_answering() {  # PORT NAME
  local deadline=$((SECONDS + 15))
  while ((SECONDS < deadline)); do
    # 3 s: the validating one's SERVFAIL comes after its DNSSEC lookups.
    "$PROBE" dns --server "127.0.0.1:$1" --timeout 3s "$2" >"$TMP/wait.json" 2>/dev/null || true
    jq -e 'has("rcode")' "$TMP/wait.json" >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  fail "dnsmasq on port $1 does not answer $2 (front $front, upstream $upstream, validating $validating): last: $(cat "$TMP/wait.json"); log: $(cat "$TMP/dnsmasq.log"); $(pgrep -a dnsmasq)"
}
wait_answering "$front" www.ok.test
wait_answering "$upstream" x.sf.test
wait_answering "$validating" x.sf.test

run "$PROBE" dns --server "127.0.0.1:$front" www.ok.test
expect_rc "answer" 0
validate "$TMP/out"
jq -e '.check == "dns" and .name == "www.ok.test" and .ok and .rcode == "NOERROR" and .answers == ["10.1.2.3"] and
       .total_ms < 1000' "$TMP/out" >/dev/null || fail "answer: $(cat "$TMP/out")"

run "$PROBE" dns --server "127.0.0.1:$front" a.nx.test
expect_rc "NXDOMAIN" 1
validate "$TMP/out"
jq -e '.ok == false and .rcode == "NXDOMAIN" and .error == "NXDOMAIN: no such name a.nx.test"' "$TMP/out" >/dev/null ||
  fail "NXDOMAIN: $(cat "$TMP/out")"

run "$PROBE" dns --server "127.0.0.1:$validating" --timeout 3s x.sf.test
expect_rc "SERVFAIL" 1
jq -e '.ok == false and .rcode == "SERVFAIL" and (.error | startswith("SERVFAIL"))' "$TMP/out" >/dev/null ||
  fail "SERVFAIL: $(cat "$TMP/out")"

run "$PROBE" dns --server "127.0.0.1:$front" elsewhere.example
expect_rc "REFUSED" 1
jq -e '.rcode == "REFUSED"' "$TMP/out" >/dev/null || fail "REFUSED: $(cat "$TMP/out")"

run "$PROBE" dns --server "127.0.0.1:$front" --timeout 400ms x.dead.test
expect_rc "timeout" 1
validate "$TMP/out"
jq -e '(has("rcode") | not) and .error == "timeout after 400 ms waiting for the DNS server" and .total_ms >= 390' \
  "$TMP/out" >/dev/null || fail "timeout: $(cat "$TMP/out")"

# Several names at once, each its own record.
run "$PROBE" dns --server "127.0.0.1:$front" www.ok.test b.nx.test
expect_rc "two names" 1
[[ $(jq -s 'map(.name) | sort | join(",")' "$TMP/out") == '"b.nx.test,www.ok.test"' ]] || fail "two names: $(cat "$TMP/out")"

run "$PROBE" dns --type MX --server "127.0.0.1:$front" www.ok.test
expect_rc "--type MX" 2
echo "dns_checks: ok"
