# evt-probe against the CLI tests' loopback HTTP server (test_server.py):
# http with expectations, cache status, redirects; tcp to it and to a
# refused port; a window of three attempts; metrics text; `run` of
# config targets. Timings are normalised; statuses, errors, sizes are not.
python3 "$SRC/tests/cli/probe/test_server.py" "$TMP/probe.port" 2>"$TMP/probe-server.log" &
PIDS+=($!)
disown
for ((i = 0; i < 200; i++)); do [[ -s $TMP/probe.port ]] && break; sleep 0.05; done
probe_port=$(cat "$TMP/probe.port")
PORTS+=("$probe_port")
base=http://127.0.0.1:$probe_port
pr=("$BIN/evt-probe")
golden probe/http-ok "${pr[@]}" http "$base/ok"
GOLDEN_SORT=1 golden probe/http-500 "${pr[@]}" http "$base/status/500" "$base/ok"
golden probe/http-expect-status "${pr[@]}" http --expect-status 500,502-504 "$base/status/500"
golden probe/http-expect-body "${pr[@]}" http --expect-body 'nope' "$base/ok"
golden probe/http-expect-header "${pr[@]}" http --expect-header 'X-Missing:.' --expect-header 'content-type:^text/plain$' "$base/ok"
GOLDEN_SORT=1 golden probe/http-cache "${pr[@]}" http "$base/headers?X-Cache=HIT&Age=12" "$base/headers?CF-Cache-Status=MISS"
golden probe/http-redirect "${pr[@]}" http "$base/redirect/2"
golden probe/http-redirect-follow "${pr[@]}" http -L "$base/redirect/2"
golden probe/http-post "${pr[@]}" http -X POST --data 'hello' --expect-body '^POST hello' "$base/echo"
golden probe/http-refused "${pr[@]}" http --timeout 2s http://127.0.0.1:1/ok
GOLDEN_SORT=1 golden probe/tcp "${pr[@]}" tcp "127.0.0.1:$probe_port" 127.0.0.1:1
GOLDEN_SORT=1 golden probe/http-window "${pr[@]}" http --count 3 --interval 10ms --window 3 "$base/ok" "$base/status/503"
golden probe/http-prometheus "${pr[@]}" http -o prometheus "$base/ok" "$base/status/404"
cat >"$TMP/probe.json" <<JSON
{"site": {"name": "t"},
 "probe": {"targets": {"shop": {"check": "http", "url": "$base/ok"},
                       "api": {"check": "http", "url": "$base/status/502", "expect_status": "2xx"},
                       "uplink": {"check": "tcp", "address": "127.0.0.1:$probe_port"}}}}
JSON
GOLDEN_SORT=1 golden probe/run "${pr[@]}" --config "$TMP/probe.json" run
GOLDEN_SORT=1 golden probe/run-named "${pr[@]}" --config "$TMP/probe.json" run shop uplink
golden probe/config-check "${pr[@]}" --config "$TMP/probe.json" config check
# dns against dnsmasq on loopback (never the system resolver): an answer,
# NXDOMAIN, and an A-only name asked for AAAA.
# A port free for UDP and TCP both (dnsmasq binds both), and a new one if
# it lost a race for it and exited.
for ((try = 0; try < 5; try++)); do
  dns_port=$(python3 -c 'import socket
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 0)); port = u.getsockname()[1]
t = socket.socket(); t.bind(("127.0.0.1", port)); print(port)' 2>/dev/null) || continue
  dnsmasq --no-daemon --port="$dns_port" --listen-address=127.0.0.1 --bind-interfaces --no-resolv --no-hosts \
    --user="$(id -un)" --group="$(id -gn)" --pid-file= --address=/ok.test/10.1.2.3 --address=/nx.test/ 2>>"$TMP/dnsmasq.log" &
  dns_pid=$!
  PIDS+=("$dns_pid")
  disown
  for ((i = 0; i < 100; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$dns_port") 2>/dev/null && break 2
    kill -0 "$dns_pid" 2>/dev/null || break
    sleep 0.05
  done
  kill -KILL "$dns_pid" 2>/dev/null || true
done
PORTS+=("$dns_port")
GOLDEN_SORT=1 golden probe/dns "${pr[@]}" dns --server "127.0.0.1:$dns_port" ok.test nx.test
golden probe/dns-aaaa "${pr[@]}" dns --server "127.0.0.1:$dns_port" --type AAAA ok.test
