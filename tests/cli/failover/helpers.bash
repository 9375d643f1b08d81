# Sourced by evt-failover's CLI tests after ../lib.sh.
FAILOVER=$EVT_BIN_DIR/evt-failover

# validate FILE: every record in FILE follows its schema.
validate() {
  [[ -n ${EVT_SCHEMA:-} ]] || return 0
  "$EVT_SCHEMA" validate "$1" >/dev/null 2>"$TMP/validate.err" ||
    fail "records in $1 do not follow their schema: $(cat "$TMP/validate.err")"
}

# start_nginx NAME PORT: one nginx process (no master, so SIGSTOP freezes
# all of it and SIGKILL leaves no worker) on 127.0.0.1:PORT serving /ok.
# Sets NGINX_<NAME> to its pid.
start_nginx() {
  local name=$1 port=$2 d=$TMP/nginx-$1
  mkdir -p "$d"
  {
    nginx_conf_head "$d" 256
    cat <<CONF
  access_log off;
  server {
    listen 127.0.0.1:$port;
    location = /ok { default_type text/plain; return 200 "$name\n"; }
  }
}
CONF
  } >"$d/nginx.conf"
  run_nginx "$d" "http://127.0.0.1:$port/ok"
  printf -v "NGINX_$name" '%s' "$NGINX_PID"
}

# wait_record FILE JQ_FILTER SECONDS: waits until a line of FILE matches
# the jq filter (given each record); prints that record.
wait_record() {
  local file=$1 filter=$2 seconds=$3 i line
  for ((i = 0; i < seconds * 50; i++)); do
    line=$(jq -c "select($filter)" "$file" 2>/dev/null | head -n 1)
    [[ -n $line ]] && { echo "$line"; return 0; }
    sleep 0.02
  done
  return 1
}
