#!/usr/bin/env bash
# Classes on their own paths ("slice for intent", doc/design.md §16), in network
# namespaces: the site (nginx, evt-failover, the client) and the service,
# joined by one veth pair per path (slice-a, slice-b, uplink). The site
# routes by source address (an `ip rule from SOURCE` per path, as
# class_paths.h says); nginx binds each class's upstream connections to its
# carrier path's source (proxy_bind $evt_bind_CLASS). checkout prefers
# slice-a then uplink, stream prefers slice-b then uplink: two routes of
# one `evt-failover watch`, whose members are the paths. nftables counters per
# interface count what leaves each path; the service names the source
# address it saw (X-Served-By). slice-a is then failed (a drop rule):
# checkout moves to uplink, stream stays on slice-b; the seconds from the
# drop until checkout is served over uplink are printed. Everything (the
# namespaces, their links, rules and tables) is removed on exit.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/nginx_server.bash"
[[ $(id -u) -eq 0 ]] || fail "network namespaces need root"
command -v nft >/dev/null && command -v ip >/dev/null || fail "nft or ip is missing: scripts/install-deps.sh test"

SITE=evt-site-$$
SVC=evt-svc-$$
remove_namespaces() {
  nginx_stop
  cleanup
  ip netns del "$SITE" 2>/dev/null || true
  ip netns del "$SVC" 2>/dev/null || true
}
trap remove_namespaces EXIT
site() { ip netns exec "$SITE" "$@"; }

ip netns add "$SITE"
ip netns add "$SVC"
ip -n "$SITE" link set lo up
ip -n "$SVC" link set lo up
ip -n "$SVC" addr add 10.71.9.1/32 dev lo
# link NAME N: veth vNAME (site, 10.71.N.1) to pNAME (service, 10.71.N.2),
# and the site's table 100+N sending the service's address out of it.
link() {
  ip link add "v$1" netns "$SITE" type veth peer name "p$1" netns "$SVC"
  ip -n "$SITE" addr add "10.71.$2.1/24" dev "v$1"
  ip -n "$SVC" addr add "10.71.$2.2/24" dev "p$1"
  ip -n "$SITE" link set "v$1" up
  ip -n "$SVC" link set "p$1" up
  ip -n "$SITE" rule add from "10.71.$2.1" table $((100 + $2))
  ip -n "$SITE" route add 10.71.9.1/32 via "10.71.$2.2" dev "v$1" table $((100 + $2))
}
link a 1  # slice-a
link b 3  # slice-b
link u 2  # uplink

site nft -f - <<'NFT'
table inet evt_classes {
  set down { type ifname; }
  counter va {}
  counter vb {}
  counter vu {}
  chain out {
    type filter hook output priority 0; policy accept;
    oifname @down drop
    oifname "va" tcp dport 8080 counter name va
    oifname "vb" tcp dport 8080 counter name vb
    oifname "vu" tcp dport 8080 counter name vu
  }
}
NFT
# sent IFACE: packets that left IFACE for the service so far.
sent() { site nft -j list counter inet evt_classes "$1" | jq '.nftables[] | select(.counter) | .counter.packets'; }

# The service: answers every request with the source address it came from;
# traffic on port 8080, the paths' probes on 8079 (so the counters, on
# 8080, count the classes' traffic alone).
cat >"$TMP/service.py" <<'PY'
import http.server
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def do_GET(self):
        body = (self.client_address[0] + "\n").encode()
        self.send_response(200)
        self.send_header("X-Served-By", self.client_address[0])
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
import threading
health = http.server.ThreadingHTTPServer(("0.0.0.0", 8079), H)
threading.Thread(target=health.serve_forever, daemon=True).start()
http.server.ThreadingHTTPServer(("0.0.0.0", 8080), H).serve_forever()
PY
ip netns exec "$SVC" /usr/bin/python3 "$TMP/service.py" 2>"$TMP/service.err" &
started $!

D=$TMP/proxy
mkdir -p "$D"
P=8000
for class in checkout stream; do
  printf 'upstream %s { server 10.71.9.1:8080; }\ngeo $evt_bind_%s { default 127.0.0.1; }\n' "$class" "$class" \
    >"$D/upstream-$class.conf"
done
: >"$D/limits.conf"
cat >"$D/site.conf" <<CONF
server {
  listen 127.0.0.1:$P;
  proxy_connect_timeout 1s;
  location /checkout { proxy_pass http://checkout; proxy_bind \$evt_bind_checkout; }
  location /stream { proxy_pass http://stream; proxy_bind \$evt_bind_stream; }
}
CONF
NGINX_NETNS=$SITE
nginx_proxy "$D" "$P"
trap remove_namespaces EXIT

# One evt-failover watch: three paths, each probed over its own link (port
# 8079) with its source address; two routes whose members are paths, each
# with its prefer list and an nginx driver binding the carrier's source
# (taken from the paths' "source": the driver object names no addresses).
# path NAME N: a path and its probe target's name.
path_json() {
  echo "{\"name\": \"$1\", \"targets\": [\"$1\"], \"rise\": 2, \"fall\": 2, \"source\": \"10.71.$2.1\"}"
}
target_json() {
  echo "\"$1\": {\"check\": \"tcp\", \"address\": \"10.71.$2.2:8079\", \"interval\": \"1s\", \"timeout\": \"500ms\"}"
}
# route_json CLASS FIRST: the class on FIRST, then uplink.
route_json() {
  cat <<JSON
{"name": "$1", "essential": $([[ $1 == checkout ]] && echo true || echo false),
 "driver": {"type": "nginx", "upstream": "$1", "file": "proxy/upstream-$1.conf",
            "servers": {"$2": "10.71.9.1:8080", "uplink": "10.71.9.1:8080"},
            "test": $NGINX_TEST, "reload": $NGINX_RELOAD},
 "members": [{"name": "$2", "path": "$2"}, {"name": "uplink", "path": "uplink"}],
 "prefer": ["$2", "uplink"]}
JSON
}
cat >"$TMP/event.json" <<JSON
{"site": {"name": "classes"},
 "probe": {"targets": {$(target_json slice-a 1), $(target_json slice-b 3), $(target_json uplink 2)}},
 "failover": {"fast_interval": "250ms", "failback_after": "2s",
  "paths": [$(path_json slice-a 1), $(path_json slice-b 3), $(path_json uplink 2)],
  "routes": [$(route_json checkout slice-a), $(route_json stream slice-b)]}}
JSON
ip netns exec "$SITE" "$FAILOVER" watch --config "$TMP/event.json" --state-dir "$TMP/state" \
  >>"$TMP/watch.jsonl" 2>"$TMP/watch.err" &
started $!

# served_over CLASS SOURCE SECONDS: waits until a request of CLASS is
# served from SOURCE (the reload has taken effect); prints the ms it took.
served_over() {
  local t0 i
  t0=$(now_ms)
  for ((i = 0; i < $3 * 20; i++)); do
    [[ $(count_served "http://127.0.0.1:$P/$1" 1) == "$2 1" ]] && { echo $(($(now_ms) - t0)); return 0; }
    sleep 0.05
  done
  fail "$1 not served from $2 within $3 s: $(count_served "http://127.0.0.1:$P/$1" 1); watch: $(cat "$TMP/watch.err"; tail -n 5 "$TMP/watch.jsonl")"
}
# expect_class CLASS SOURCE IFACE: 50 requests of CLASS all served from
# SOURCE, 50 or more packets more out of IFACE, none more out of the others.
expect_class() {
  local class=$1 source=$2 iface=$3 before=() after=() i names=(va vb vu) counts
  for i in 0 1 2; do before[i]=$(sent "${names[i]}"); done
  counts=$(count_served "http://127.0.0.1:$P/$class" 50)
  [[ $counts == "$source 50" ]] || fail "$class: served $counts, expected $source 50"
  for i in 0 1 2; do after[i]=$(sent "${names[i]}"); done
  for i in 0 1 2; do
    if [[ ${names[i]} == "$iface" ]]; then
      ((after[i] - before[i] >= 50)) || fail "$class: only $((after[i] - before[i])) packets out of $iface"
    else
      ((after[i] == before[i])) || fail "$class: $((after[i] - before[i])) packets out of ${names[i]}, expected none"
    fi
  done
  echo "$class over $iface: 50 of 50 from $source"
}

served_over checkout 10.71.1.1 10 >/dev/null
served_over stream 10.71.3.1 10 >/dev/null
expect_class checkout 10.71.1.1 va
expect_class stream 10.71.3.1 vb

# slice-a fails: checkout moves to uplink on its own, stream stays.
T0=$(now_ms)
site nft add element inet evt_classes down '{ "va" }'
served_over checkout 10.71.2.1 10 >/dev/null
echo "checkout moved to uplink $(($(now_ms) - T0)) ms after slice-a failed (interval 1s, timeout 500ms, fall 2)"
expect_class checkout 10.71.2.1 vu
expect_class stream 10.71.3.1 vb

# slice-a back: checkout returns after failback_after.
T0=$(now_ms)
site nft delete element inet evt_classes down '{ "va" }'
served_over checkout 10.71.1.1 10 >/dev/null
echo "checkout back on slice-a $(($(now_ms) - T0)) ms after it recovered (rise 2)"
expect_class checkout 10.71.1.1 va
expect_class stream 10.71.3.1 vb
validate "$TMP/watch.jsonl"
echo "ok"
