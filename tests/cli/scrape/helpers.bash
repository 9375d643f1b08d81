# Sourced by evt-scrape's CLI tests after ../lib.sh: the binary, the
# loopback peers (the fixture console, a dropping server, node_exporter,
# NUT) and schema validation.
SCRAPE=$EVT_BIN_DIR/evt-scrape
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

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
