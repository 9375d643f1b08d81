# Sourced by the flow tests after ../lib.sh and helpers.bash: a private
# nginx serving a fake checkout with fixed JSON bodies, where each step
# must use the id the previous one returned, and a flow file writer.
#   GET    /catalog                 200 {"items":[{"sku":"TEE-M","price":2500}]}
#   POST   /cart                    201 {"id":"c-81f2","state":"open"} + Set-Cookie session=s-42
#                                   (401 without "Authorization: Bearer sk-test-123")
#   POST   /cart/c-81f2/pay         200 {"order":"o-77","paid":true,"total":2500}
#                                   (403 without the session cookie)
#   POST   /cart/c-81f2/pay-broken  502
#   GET    /cart/c-81f2/receipt     200 {"order":"o-77"}
#   DELETE /cart/c-81f2             204
#   ANY    /hang/...                proxied to a listener that never answers
# Every request is logged to $TMP/nginx/access.log as "METHOD URI STATUS".

# start_checkout_nginx [WORKER_CONNECTIONS=64]: sets PORT_shop; needs
# start_silent_listener first. (evt-load's buyers at 200/s want more room.)
start_checkout_nginx() {
  local d=$TMP/nginx
  mkdir -p "$d"
  PORT_shop=$(free_port)
  {
    nginx_conf_head "$d" "${1:-64}"
    cat <<CONF
  log_format steps '\$request_method \$request_uri \$status';
  access_log $d/access.log steps;
  default_type application/json;
  server {
    listen 127.0.0.1:$PORT_shop;
    location = /ready { access_log off; return 204; }
    location = /catalog { return 200 '{"items":[{"sku":"TEE-M","price":2500}]}'; }
    location = /cart {
      if (\$request_method != POST) { return 405; }
      if (\$http_authorization != "Bearer sk-test-123") { return 401 '{"error":"no key"}'; }
      add_header Set-Cookie "session=s-42; Path=/" always;
      return 201 '{"id":"c-81f2","state":"open"}';
    }
    location = /cart/c-81f2/pay {
      if (\$cookie_session != "s-42") { return 403 '{"error":"no session"}'; }
      return 200 '{"order":"o-77","paid":true,"total":2500}';
    }
    location = /cart/c-81f2/pay-broken { return 502; }
    location = /cart/c-81f2/receipt { return 200 '{"order":"o-77"}'; }
    location = /cart/c-81f2 {
      if (\$request_method != DELETE) { return 405; }
      return 204;
    }
    location /hang/ { proxy_pass http://127.0.0.1:$PORT_silent/; proxy_connect_timeout 30s; proxy_read_timeout 30s; }
  }
}
CONF
  } >"$d/nginx.conf"
  # Readiness on a location that is not logged: nginx logs a request after
  # answering it, so a log emptied once the probe is answered could still
  # get the probe's line.
  run_nginx "$d" "http://127.0.0.1:$PORT_shop/ready"
}

# write_buy_flow FILE [PAY_PATH [EXTRA_JQ]]: the buy flow against the fake
# checkout: catalog, cart (captures the id), pay, receipt, and a cancel
# that always runs. EXTRA_JQ edits the flow (e.g. '.timeout = "1s"').
write_buy_flow() {
  local file=$1 pay=${2:-pay} extra=${3:-.}
  jq "$extra" >"$file" <<JSON
{
  "name": "buy",
  "timeout": "20s",
  "variables": {"base": "http://127.0.0.1:$PORT_shop", "sku": "TEE-M", "pay": "$pay"},
  "secrets": {"api_key": {"env": "SHOP_API_KEY"}},
  "steps": [
    {"name": "catalog", "url": "{base}/catalog",
     "expect": {"status": "200", "headers": {"Content-Type": "json"},
                "json": {"/items/0/sku": {"equals": "{sku}"}, "/items/0/price": {"gt": 0}},
                "max_latency": "5s"}},
    {"name": "cart", "method": "POST", "url": "{base}/cart",
     "headers": {"Authorization": "Bearer {api_key}"},
     "body": {"sku": "{sku}", "qty": 1},
     "expect": {"status": "201", "json": {"/state": {"equals": "open"}}},
     "capture": {"cart_id": {"json": "/id"}}},
    {"name": "pay", "method": "POST", "url": "{base}/cart/{cart_id}/{pay}", "body": "run={run}",
     "expect": {"status": "2xx", "body": "\"paid\":true"},
     "capture": {"order": {"regex": "\"order\":\"([^\"]+)\""}}},
    {"name": "receipt", "url": "{base}/cart/{cart_id}/receipt",
     "expect": {"json": {"/order": {"equals": "{order}"}}}},
    {"name": "cancel", "method": "DELETE", "url": "{base}/cart/{cart_id}", "always": true,
     "expect": {"status": "204"}}
  ]
}
JSON
}

# access_log: what nginx saw, one "METHOD URI STATUS" per line.
# The access log once nginx has written it all: it logs each request just
# after answering it, so the last line may come after the client is done.
access_log() {
  local file=$TMP/nginx/access.log size=-1 i
  for ((i = 0; i < 40; i++)); do
    [[ $(stat -c %s "$file") == "$size" ]] && break
    size=$(stat -c %s "$file")
    sleep 0.05
  done
  cat "$file"
}
# Empties the access log once the requests so far are all in it.
clear_access_log() {
  access_log >/dev/null
  : >"$TMP/nginx/access.log"
}
