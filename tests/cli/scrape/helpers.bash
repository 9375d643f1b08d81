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

# start_fake_upsd REPLY_FILE: a NUT upsd answering LIST VAR with the file's
# VAR lines; sets PORT_upsd.
start_fake_upsd() {
  /usr/bin/python3 "$HERE/fake_upsd.py" "$TMP/upsd.port" "$1" 2>"$TMP/upsd.log" &
  started $!
  PORT_upsd=$(wait_port_file "$TMP/upsd.port")
}

# promtool_accepts FILE: Prometheus's own parser takes the text (lint
# findings, exit 3, are the upstreams' style and allowed).
promtool_accepts() {
  local rc=0
  command -v promtool >/dev/null || fail "promtool is not installed (scripts/install-deps.sh test)"
  promtool check metrics <"$1" >"$TMP/promtool.out" 2>&1 || rc=$?
  [[ $rc -eq 0 || $rc -eq 3 ]] && ! grep -q "error while linting" "$TMP/promtool.out" ||
    fail "promtool refuses $1 (exit $rc): $(cat "$TMP/promtool.out") in: $(cat "$1")"
}

# no_repeated_series FILE: no series (name and labels) twice in the text.
no_repeated_series() {
  local repeated
  repeated=$(grep -v '^#' "$1" | awk '{ print $1 }' | sort | uniq -d)
  [[ -z $repeated ]] || fail "repeated series in $1: $repeated"
}
