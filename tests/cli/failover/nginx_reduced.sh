#!/usr/bin/env bash
# Reduced service mode on nginx (doc/design.md §16): `evt-failover mode reduced`
# renders the limits file (reads: 5/s with burst 2, stream: denied), nginx
# -t passes, nginx reloads: stream gets only 429s, reads gets 429s beyond
# its rate, checkout (essential) is untouched. `mode normal` puts the
# site's own limits file back byte for byte and every class is served again.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/nginx_server.bash"

nginx_backend reads
nginx_backend stream
nginx_backend checkout
P=$(free_port)
D=$TMP/proxy
mkdir -p "$D"
for class in reads stream checkout; do
  port_var=BACKEND_PORT_$class
  echo "upstream $class { server 127.0.0.1:${!port_var}; }" >"$D/upstream-$class.conf"
done
# The site's own normal-mode file: a comment of its own, so "restored
# exactly" is more than re-rendering evt's normal file.
printf '# site: normal service\nmap $evt_class $evt_deny { default 0; }\n' >"$D/limits.conf"
cp "$D/limits.conf" "$TMP/limits.orig"
cat >"$D/site.conf" <<CONF
map \$uri \$evt_class { ~^/reads reads; ~^/stream stream; default ""; }
server {
  listen 127.0.0.1:$P;
  if (\$evt_deny) { return 429; }
  location /reads { proxy_pass http://reads; }
  location /stream { proxy_pass http://stream; }
  location /checkout { proxy_pass http://checkout; }
}
CONF
nginx_proxy "$D" "$P"

# route NAME ESSENTIAL: a route on the one nginx, one member.
route() {
  local port_var=BACKEND_PORT_$1
  cat <<JSON
{"name": "$1", "essential": $2,
 "driver": {"type": "nginx", "upstream": "$1", "file": "proxy/upstream-$1.conf", "limits": "proxy/limits.conf",
            "servers": {"$1": "127.0.0.1:${!port_var}"}, "test": $NGINX_TEST, "reload": $NGINX_RELOAD},
 "members": [{"name": "$1", "targets": ["$1-health"]}], "split": {"$1": 100}}
JSON
}
target() {
  local port_var=BACKEND_PORT_$1
  echo "\"$1-health\": {\"check\": \"http\", \"url\": \"http://127.0.0.1:${!port_var}/health\"}"
}
cat >"$TMP/event.json" <<JSON
{"site": {"name": "nginx-reduced"},
 "probe": {"targets": {$(target reads), $(target stream), $(target checkout)}},
 "failover": {"paths": [{"name": "local", "always_up": true}],
  "routes": [$(route reads false), $(route stream false), $(route checkout true)],
  "modes": {"reduced": {"limits": {"stream": {"deny": true}, "reads": {"rate": "5/s", "burst": 2}}}}}}
JSON

# classes: 20 requests of each class, back to back (well over 5/s).
classes() {
  local class
  for class in reads stream checkout; do echo "$class: $(count_served "http://127.0.0.1:$P/$class" 20 | tr '\n' ' ')"; done
}
BEFORE=$(classes)
[[ $BEFORE == $'reads: reads 20 \nstream: stream 20 \ncheckout: checkout 20 ' ]] || fail "normal service: $BEFORE"

OLD=$(nginx_workers | tr '\n' ' ')
run "$FAILOVER" mode reduced --config "$TMP/event.json" --state-dir "$TMP/state" --json
expect_rc "mode reduced" 0
validate "$TMP/out"
grep -q 'limit_req_zone $evt_limit_reads zone=evt_reads:1m rate=5r/s;' "$D/limits.conf" ||
  fail "limits.conf: $(cat "$D/limits.conf")"
echo "reduced mode applied; reload took effect in $(nginx_reloaded "$OLD") ms"
REDUCED=$(classes)
echo "$REDUCED"
grep -q '^stream: status 429 20 $' <<<"$REDUCED" || fail "stream not denied: $REDUCED"
grep -q '^checkout: checkout 20 $' <<<"$REDUCED" || fail "checkout touched: $REDUCED"
READS_OK=$(sed -n 's/^reads: .*reads \([0-9]*\).*/\1/p' <<<"$REDUCED")
READS_429=$(sed -n 's/^reads: .*status 429 \([0-9]*\).*/\1/p' <<<"$REDUCED")
((READS_429 > 0 && READS_OK >= 3 && READS_OK <= 5 && READS_OK + READS_429 == 20)) ||
  fail "reads not limited to 5/s with burst 2: $REDUCED"

OLD=$(nginx_workers | tr '\n' ' ')
run "$FAILOVER" mode normal --config "$TMP/event.json" --state-dir "$TMP/state" --json
expect_rc "mode normal" 0
validate "$TMP/out"
cmp -s "$D/limits.conf" "$TMP/limits.orig" || fail "limits.conf not restored exactly: $(cat "$D/limits.conf")"
echo "normal mode restored; reload took effect in $(nginx_reloaded "$OLD") ms"
AFTER=$(classes)
[[ $AFTER == "$BEFORE" ]] || fail "after leaving reduced mode: $AFTER"
echo "ok"
