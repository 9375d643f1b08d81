# Sourced by evt-scrape's CLI tests after ../lib.sh: the binary, the
# loopback peers (the fixture console, a dropping server, node_exporter,
# NUT) and schema validation.
SCRAPE=$EVT_BIN_DIR/evt-scrape
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# wait_port_file FILE: the port a helper wrote, once it is listening.
wait_port_file() {
  local file=$1 i
  for ((i = 0; i < 200; i++)); do
    [[ -s $file ]] && { cat "$file"; return 0; }
    sleep 0.05
  done
  fail "no port in $file after 10s"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_listening PORT: until something accepts on 127.0.0.1:PORT (10 s).
wait_listening() {
  local i
  for ((i = 0; i < 200; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  fail "nothing listens on port $1 after 10s"
}

# Sets PORT_console.
start_console() {
  /usr/bin/python3 "$HERE/fixture_server.py" "$TMP/console.port" 2>"$TMP/console.log" &
  started $!
  PORT_console=$(wait_port_file "$TMP/console.port")
}

# validate FILE: every record follows its kind's schema.
validate() {
  [[ -n ${EVT_SCHEMA:-} ]] || return 0
  "$EVT_SCHEMA" validate "$1" >"$TMP/validate.out" 2>&1 || fail "schema: $(cat "$TMP/validate.out")"
}

# metric FILE NAME [SOURCE]: the value of the first metric record NAME.
metric() {
  jq -rs --arg n "$2" --arg s "${3:-}" \
    'map(select(.kind == "metric" and .name == $n and ($s == "" or .source == $s))) | first | .value // "absent"' "$1"
}
