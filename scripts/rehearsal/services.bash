# Sourced by scripts/rehearsal.sh: the simulated site's services, each in
# its own process group under $T (so cleanup can kill whole groups): nginx
# for the primary uplink target, the local fallback, a CDN edge with a
# cache in front of an origin, and a fake checkout API; a NUT dummy UPS.

# free_port: a loopback port nothing listens on (bound, then closed).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# spawn NAME CMD...: starts CMD in a new session (its own process group),
# output to $T/logs/NAME.log; remembers its pid in PIDS and SPAWNED_NAME.
spawn() {
  local name=$1
  shift
  setsid "$@" >"$T/logs/$name.log" 2>&1 </dev/null &
  PIDS+=("$!")
  disown "$!"  # no "Killed" notice when the rehearsal kills it on purpose
  printf -v "SPAWNED_${name//-/_}" '%s' "$!"
}

# kill_groups: ends every process group spawn started, then the stragglers.
kill_groups() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  sleep 0.2
  for pid in "${PIDS[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
}

wait_http() {  # URL WHAT
  local i
  for ((i = 0; i < 200; i++)); do
    curl -s -o /dev/null "$1" && return 0
    sleep 0.05
  done
  die "$2 did not start: $(tail -n 5 "$T"/logs/*.log 2>/dev/null)"
}

# nginx_conf NAME SERVERS_BLOCK [HTTP_EXTRA]: a no-master nginx (SIGSTOP
# freezes it, SIGKILL leaves no worker) with its files under $T/nginx/NAME.
nginx_conf() {
  local d=$T/nginx/$1
  mkdir -p "$d/tmp"
  cat >"$d/nginx.conf" <<CONF
daemon off;
master_process off;
pid $d/nginx.pid;
error_log $d/error.log warn;
$([[ $(id -u) -eq 0 ]] && echo "user $(id -un) $(id -gn);")
events { worker_connections 256; }
http {
  access_log off;
  default_type application/json;
  client_body_temp_path $d/tmp/body;
  proxy_temp_path $d/tmp/proxy;
  fastcgi_temp_path $d/tmp/fastcgi;
  uwsgi_temp_path $d/tmp/uwsgi;
  scgi_temp_path $d/tmp/scgi;
  ${3:-}
  $2
}
CONF
}

start_nginx_named() {  # NAME URL_TO_WAIT_FOR
  spawn "nginx-$1" nginx -p "$T/nginx/$1" -c "$T/nginx/$1/nginx.conf"
  wait_http "$2" "nginx $1"
}

# The primary uplink's target and the local fallback: /ok and /orders;
# the rest goes on to the checkout API, as a path to the shop does (the
# peak act's buyers reach the shop through whichever path is active).
start_uplink_nginx() {  # NAME PORT
  nginx_conf "$1" "server { listen 127.0.0.1:$2;
    location = /ok { default_type text/plain; return 200 '$1\n'; }
    location = /orders { return 200 '{\"accepting\":true,\"at\":\"$1\"}'; }
    location / { proxy_pass http://shop; proxy_http_version 1.1; proxy_set_header Connection \"\"; } }" \
    "upstream shop { server 127.0.0.1:$PORT_checkout; keepalive 16; }"
  start_nginx_named "$1" "http://127.0.0.1:$2/ok"
}

# The CDN edge: proxy_cache in front of an origin server in the same nginx.
start_cdn_nginx() {  # EDGE_PORT ORIGIN_PORT
  nginx_conf cdn "server { listen 127.0.0.1:$2;
    location / { add_header Cache-Control 'max-age=60'; return 200 'asset \$uri\n'; } }
  server { listen 127.0.0.1:$1;
    location / { proxy_pass http://127.0.0.1:$2; proxy_cache assets; proxy_cache_valid 200 1m;
                 add_header X-Cache-Status \$upstream_cache_status always; } }" \
    "proxy_cache_path $T/nginx/cdn/cache levels=1 keys_zone=assets:1m;"
  start_nginx_named cdn "http://127.0.0.1:$2/warm"
}

# The fake checkout API of tests/cli/probe/flow_checkout.bash: each step
# must carry what the previous one returned.
start_checkout_nginx() {  # PORT
  nginx_conf checkout "server { listen 127.0.0.1:$1;
    location = /catalog { return 200 '{\"items\":[{\"sku\":\"TEE-M\",\"price\":2500}]}'; }
    location = /cart {
      if (\$request_method != POST) { return 405; }
      if (\$http_authorization != \"Bearer sk-test-123\") { return 401 '{\"error\":\"no key\"}'; }
      add_header Set-Cookie \"session=s-42; Path=/\" always;
      return 201 '{\"id\":\"c-81f2\",\"state\":\"open\"}';
    }
    location = /cart/c-81f2/pay {
      if (\$cookie_session != \"s-42\") { return 403 '{\"error\":\"no session\"}'; }
      return 200 '{\"order\":\"o-77\",\"paid\":true,\"total\":2500}';
    }
    location = /cart/c-81f2/receipt { return 200 '{\"order\":\"o-77\"}'; }
    location = /cart/c-81f2 { if (\$request_method != DELETE) { return 405; } return 204; } }"
  start_nginx_named checkout "http://127.0.0.1:$1/catalog"
}

write_buy_flow() {  # FILE PORT
  cat >"$1" <<JSON
{
  "name": "buy",
  "timeout": "10s",
  "variables": {"base": "http://127.0.0.1:$2", "sku": "TEE-M"},
  "secrets": {"api_key": {"env": "SHOP_API_KEY"}},
  "steps": [
    {"name": "catalog", "url": "{base}/catalog",
     "expect": {"status": "200", "json": {"/items/0/sku": {"equals": "{sku}"}, "/items/0/price": {"gt": 0}}}},
    {"name": "cart", "method": "POST", "url": "{base}/cart", "headers": {"Authorization": "Bearer {api_key}"},
     "body": {"sku": "{sku}", "qty": 1},
     "expect": {"status": "201", "json": {"/state": {"equals": "open"}}}, "capture": {"cart_id": {"json": "/id"}}},
    {"name": "pay", "method": "POST", "url": "{base}/cart/{cart_id}/pay", "body": "run={run}",
     "expect": {"status": "2xx", "body": "\"paid\":true"}, "capture": {"order": {"regex": "\"order\":\"([^\"]+)\""}}},
    {"name": "receipt", "url": "{base}/cart/{cart_id}/receipt", "expect": {"json": {"/order": {"equals": "{order}"}}}},
    {"name": "cancel", "method": "DELETE", "url": "{base}/cart/{cart_id}", "always": true, "expect": {"status": "204"}}
  ]
}
JSON
}

# The battery: NUT's dummy-ups reading $T/nut/kit1.dev, served by upsd on
# PORT. dummy-ups reloads the file when its mtime changes, in whole
# seconds, so each write gets a second of its own.
DEVICE_WRITES=0
set_battery() {  # CHARGE% LOAD% STATUS
  local device=$T/nut/kit1.dev
  printf 'battery.charge: %s\nups.load: %s\nups.status: %s\n' "$1" "$2" "$3" >"$device.tmp"
  DEVICE_WRITES=$((DEVICE_WRITES + 1))
  touch -m -d "@$((DEVICE_EPOCH + DEVICE_WRITES))" "$device.tmp"
  mv "$device.tmp" "$device"
}

start_nut() {  # PORT
  local nut=$T/nut i
  mkdir -p "$nut/state"
  chmod 0777 "$nut/state"  # the driver's socket is shared with upsd
  DEVICE_EPOCH=$(date +%s)
  set_battery 100 40 OL
  printf '[kit1]\n  driver = dummy-ups\n  port = %s\n  pollinterval = 1\n  desc = "rehearsal battery"\n' "$nut/kit1.dev" >"$nut/ups.conf"
  printf 'LISTEN 127.0.0.1 %s\n' "$1" >"$nut/upsd.conf"
  printf 'MODE=standalone\n' >"$nut/nut.conf"
  : >"$nut/upsd.users"
  chmod 0600 "$nut/ups.conf" "$nut/upsd.conf" "$nut/nut.conf" "$nut/upsd.users"
  export NUT_CONFPATH=$nut NUT_STATEPATH=$nut/state NUT_ALTPIDPATH=$nut/state
  spawn nut-driver /lib/nut/dummy-ups -a kit1 -u root -F
  for ((i = 0; i < 100; i++)); do [[ -S $nut/state/dummy-ups-kit1 ]] && break; sleep 0.05; done
  spawn nut-upsd /lib/nut/upsd -u root -F
  for ((i = 0; i < 100; i++)); do
    "$BIN/evt-scrape" run ups --json 2>/dev/null | grep -q '"nut_ups_load"' && return 0
    sleep 0.1
  done
  die "upsd did not answer: $(cat "$T/logs/nut-driver.log" "$T/logs/nut-upsd.log")"
}
