# Sourced by evt-load's CLI tests after ../lib.sh: the binary, the loopback
# servers the tests load, and readers of the records evt-load writes.
LOAD=$EVT_BIN_DIR/evt-load
LOAD_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# No user or site config leaks into a run (XDG_CONFIG_HOME holds none): a
# test that needs one passes --config.
unset EVT_CONFIG
export XDG_CONFIG_HOME=$TMP/xdg NO_COLOR=1

# start_stall_server NAME [stall_server.py options]: sets PORT_<NAME>; its
# counts go to $TMP/NAME.counts.
start_stall_server() {
  local name=$1
  shift
  /usr/bin/python3 "$LOAD_HERE/stall_server.py" "$TMP/$name.port" --count-file "$TMP/$name.counts" "$@" \
    2>"$TMP/$name.log" &
  started $!
  printf -v "PORT_$name" '%s' "$(wait_port_file "$TMP/$name.port")"
}

# server_count NAME FIELD: requests, resets or connections the stall server
# NAME counted. It rewrites its counts every second: sleep past one more
# rewrite after the run before asking.
server_count() {
  awk -v f="$2" '{ for (i = 1; i < NF; i += 2) if ($i == f) print $(i + 1) }' "$TMP/$1.counts"
}

# start_ok_nginx: nginx on loopback answering every path with 200 "ok",
# keep-alive, room for many connections. Sets PORT_ok.
start_ok_nginx() {
  local d=$TMP/nginx-ok
  mkdir -p "$d"
  PORT_ok=$(free_port)
  {
    nginx_conf_head "$d" 2048
    cat <<CONF
  access_log off;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:$PORT_ok backlog=1024;
    location / { default_type text/plain; return 200 "ok\n"; }
  }
}
CONF
  } >"$d/nginx.conf"
  run_nginx "$d" "http://127.0.0.1:$PORT_ok/"
}

# summary FILE: the run's load.summary record (fails unless exactly one).
summary() {
  local n
  n=$(jq -c 'select(.kind == "load.summary")' "$1" | wc -l)
  [[ $n -eq 1 ]] || fail "$1: $n load.summary records, expected 1: $(tail -c 2000 "$1")"
  jq -c 'select(.kind == "load.summary")' "$1"
}

# field JSON FILTER: one value from a record.
field() { jq -r "$2" <<<"$1"; }

# expect_load_records WHAT FILE: every line is a JSON object of kind
# load.window / load.summary / load.request, marked synthetic, and follows
# its schema when evt-schema is built.
expect_load_records() {
  local what=$1 file=$2 bad
  # One pass, not lib.sh's expect_json_lines: that starts a jq per line,
  # minutes for a --raw file of 5,000 requests.
  python3 - "$file" 2>"$TMP/lines.err" <<'PY' || fail "$what: $(cat "$TMP/lines.err")"
import json, sys
data = open(sys.argv[1], "rb").read()
if data and not data.endswith(b"\n"):
    sys.exit(print("the last line has no newline", file=sys.stderr) or 1)
for n, line in enumerate(data.splitlines(), 1):
    try:
        ok = isinstance(json.loads(line), dict)
    except ValueError:
        ok = False
    if not ok:
        sys.exit(print("line %d is not a JSON object: %r" % (n, line[:200]), file=sys.stderr) or 1)
PY
  bad=$(jq -c 'select((.kind | IN("load.window", "load.summary", "load.request") | not) or .synthetic != "load")' \
    "$file" | head -3)
  [[ -z $bad ]] || fail "$what: records not marked synthetic:\"load\" or of an unknown kind: $bad"
  if [[ -n ${EVT_SCHEMA:-} ]]; then
    "$EVT_SCHEMA" validate "$file" >/dev/null 2>"$TMP/validate.err" ||
      fail "$what: records do not follow their schema: $(cat "$TMP/validate.err")"
  fi
}

# per_second_counts RAW: "SECOND COUNT" lines, the load.request records of
# RAW counted by the whole second of their intended time since the first.
per_second_counts() {
  jq -r 'select(.kind == "load.request") | .intended' "$1" | python3 -c '
import sys, datetime, collections
times = [datetime.datetime.fromisoformat(line.strip().replace("Z", "+00:00")) for line in sys.stdin if line.strip()]
if not times:
    sys.exit(0)
first = min(times)
counts = collections.Counter(int((t - first).total_seconds()) for t in times)
for second in range(max(counts) + 1):
    print(second, counts.get(second, 0))
'
}
