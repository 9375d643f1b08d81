# Sourced by evt-probe's CLI tests after ../lib.sh: starts the loopback
# peers the tests need and waits for them to be ready.
PROBE=$EVT_BIN_DIR/evt-probe
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# start_http_server NAME [--tls CERT KEY]: sets PORT_<NAME>.
start_http_server() {
  local name=$1
  shift
  python3 "$HERE/test_server.py" "$TMP/$name.port" "$@" 2>"$TMP/$name.log" &
  started $!
  printf -v "PORT_$name" '%s' "$(wait_port_file "$TMP/$name.port")"
}

start_silent_listener() {
  python3 "$HERE/silent_listener.py" "$TMP/silent.port" &
  started $!
  PORT_silent=$(wait_port_file "$TMP/silent.port")
}

# start_delay_proxy UPSTREAM_PORT MIN_MS MAX_MS: sets PORT_proxy.
start_delay_proxy() {
  python3 "$HERE/delay_proxy.py" "$TMP/proxy.port" "$@" &
  started $!
  PORT_proxy=$(wait_port_file "$TMP/proxy.port")
}

# validate FILE: every record in FILE follows its schema.
validate() {
  [[ -n ${EVT_SCHEMA:-} ]] || return 0
  "$EVT_SCHEMA" validate "$1" >/dev/null 2>"$TMP/validate.err" ||
    fail "records in $1 do not follow their schema: $(cat "$TMP/validate.err")"
}

# make_certs: a CA, a valid server certificate for localhost/127.0.0.1
# ($TMP/good.pem, good.key) and one that expired 3 days ago (expired.pem,
# expired.key), with `openssl ca` since `openssl req -days` refuses the past.
make_certs() {
  local d=$TMP/ca
  mkdir -p "$d/new"
  : >"$d/index.txt"
  echo 1000 >"$d/serial"
  cat >"$d/ca.cnf" <<CNF
[ca]
default_ca = local
[local]
dir = $d
database = $d/index.txt
new_certs_dir = $d/new
serial = $d/serial
default_md = sha256
policy = any
copy_extensions = copy
unique_subject = no
[any]
commonName = supplied
[req]
distinguished_name = dn
prompt = no
[dn]
CN = localhost
[server]
subjectAltName = DNS:localhost,IP:127.0.0.1
CNF
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$d/ca.key" -out "$TMP/ca.pem" -days 30 \
    -subj "/CN=evt test CA" 2>/dev/null
  local name start end
  for name in good expired; do
    openssl req -newkey rsa:2048 -nodes -keyout "$TMP/$name.key" -out "$d/$name.csr" -config "$d/ca.cnf" \
      -addext "subjectAltName = DNS:localhost,IP:127.0.0.1" 2>/dev/null
    if [[ $name == good ]]; then
      start=$(date -u -d '-1 day' +%Y%m%d%H%M%SZ); end=$(date -u -d '+30 days' +%Y%m%d%H%M%SZ)
    else
      start=$(date -u -d '-30 days' +%Y%m%d%H%M%SZ); end=$(date -u -d '-3 days -1 hour' +%Y%m%d%H%M%SZ)
    fi
    openssl ca -batch -config "$d/ca.cnf" -cert "$TMP/ca.pem" -keyfile "$d/ca.key" -in "$d/$name.csr" \
      -out "$TMP/$name.pem" -startdate "$start" -enddate "$end" -notext 2>"$d/$name.log" ||
      fail "openssl ca: $(cat "$d/$name.log")"
  done
}

# start_nginx UPSTREAM_PORT: nginx on loopback in front of the Python
# server, with a private prefix in $TMP, as one process (no master, so the
# cleanup's kill leaves no worker behind). Sets PORT_nginx (HTTP) and
# PORT_nginx_tls (HTTPS with $TMP/good.pem; call make_certs first).
#   /ok          200 "ok"             /fail      500
#   /cached/...  proxy_cache of the upstream, X-Cache-Status from nginx
#   /slow/...    the upstream, uncached (e.g. /slow/delay/300)
start_nginx() {
  local upstream=$1 d=$TMP/nginx
  mkdir -p "$d/cache"
  PORT_nginx=$(free_port)
  PORT_nginx_tls=$(free_port)
  {
    nginx_conf_head "$d" 1024
    cat <<CONF
  access_log off;
  proxy_cache_path $d/cache levels=1 keys_zone=assets:1m;
  server {
    listen 127.0.0.1:$PORT_nginx;
    listen 127.0.0.1:$PORT_nginx_tls ssl;
    ssl_certificate $TMP/good.pem;
    ssl_certificate_key $TMP/good.key;
    location = /ok { default_type text/plain; return 200 "ok\n"; }
    location = /fail { return 500; }
    location /cached/ {
      proxy_pass http://127.0.0.1:$upstream/;
      proxy_cache assets;
      proxy_cache_valid 200 1m;
      add_header X-Cache-Status \$upstream_cache_status always;
    }
    location /slow/ { proxy_pass http://127.0.0.1:$upstream/; }
  }
}
CONF
  } >"$d/nginx.conf"
  run_nginx "$d" "http://127.0.0.1:$PORT_nginx/ok"
}
