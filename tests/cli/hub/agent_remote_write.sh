#!/usr/bin/env bash
# Fleet metrics from a box nobody can scrape (doc/design.md §18): a hub
# Prometheus with the remote-write receiver, and a box's Prometheus agent
# running the config `evt-scrape agent-config` writes, scraping a local
# node_exporter whose textfile collector holds an evt textfile. The hub goes
# away for a few seconds (the box offline), comes back, and the series
# arrive, including the samples the agent scraped during the outage, with
# their own timestamps (asked of the hub's HTTP API). promtool checks the
# generated YAML as an agent config first. All on loopback, under 30 s.
source "$(dirname "$0")/../lib.sh"
bin=${EVT_BIN_DIR:?set EVT_BIN_DIR}
for program in /usr/bin/prometheus /usr/bin/promtool /usr/bin/prometheus-node-exporter; do
  [[ -x $program ]] || fail "$program is not installed (scripts/install-deps.sh test)"
done
unset EVT_CONFIG EVT_STATE_DIR
export XDG_CONFIG_HOME=$TMP/xdg HOME=$TMP/home
site=gate-cgnat-07
began=$(now_ms)

textfiles=$TMP/textfiles
mkdir -p "$textfiles"
printf '# HELP evt_agent_probe_up a gate textfile\n# TYPE evt_agent_probe_up gauge\nevt_agent_probe_up{target="uplink"} 1\n' \
  >"$textfiles/evt-probe.prom"
exporter_port=$(free_port)
/usr/bin/prometheus-node-exporter --web.listen-address="127.0.0.1:$exporter_port" --collector.disable-defaults \
  --collector.textfile --collector.textfile.directory="$textfiles" >"$TMP/exporter.log" 2>&1 &
started $!

hub_port=$(free_port)
install -m 0600 /dev/null "$TMP/hub.token"
echo "not-checked-by-this-hub" >"$TMP/hub.token"
cat >"$TMP/event.json" <<JSON
{"site": {"name": "$site"},
 "scrape": {"agent": {"remote_write": {"url": "http://127.0.0.1:$hub_port/api/v1/write", "bearer_token_file": "hub.token"},
                      "scrape_interval": "1s", "jobs": {"node": ["127.0.0.1:$exporter_port"]}}}}
JSON
run "$bin/evt-scrape" --config "$TMP/event.json" agent-config
expect_rc "agent-config" 0
expect_no_stderr "agent-config"
cp "$TMP/out" "$TMP/agent.yml"
grep -q "credentials_file: \"$TMP/hub.token\"" "$TMP/agent.yml" || fail "agent-config: no token file: $(cat "$TMP/agent.yml")"
printf 'global: {scrape_interval: 1m}\n' >"$TMP/hub.yml"
hub_pid=
start_hub() {
  /usr/bin/prometheus --config.file="$TMP/hub.yml" --storage.tsdb.path="$TMP/hub-tsdb" \
    --web.listen-address="127.0.0.1:$hub_port" --web.enable-remote-write-receiver >>"$TMP/hub.log" 2>&1 &
  hub_pid=$!
  started "$hub_pid"
  wait_listening "$hub_port"
}
start_hub
wait_listening "$exporter_port"
agent_port=$(free_port)
/usr/bin/prometheus --enable-feature=agent --config.file="$TMP/agent.yml" --storage.agent.path="$TMP/agent-wal" \
  --web.listen-address="127.0.0.1:$agent_port" >"$TMP/agent.log" 2>&1 &
started $!

# While the agent starts (Prometheus takes seconds on a busy box): promtool
# agrees it is an agent config, and a token file others can read is refused
# before Prometheus would send it.
run /usr/bin/promtool check config --agent "$TMP/agent.yml"
expect_rc "promtool check config --agent" 0
chmod 0644 "$TMP/hub.token"
run "$bin/evt-scrape" --config "$TMP/event.json" agent-config
expect_rc "agent-config with a 0644 token" 78
grep -q '/scrape/agent/remote_write/bearer_token_file: .*chmod 600' "$TMP/err" || fail "0644 token: $(cat "$TMP/err")"
chmod 0600 "$TMP/hub.token"

# samples_between FROM_MS TO_MS: how many samples of the textfile's series,
# labelled with the site, the hub holds stamped within (FROM, TO).
samples_between() {
  /usr/bin/python3 - "http://127.0.0.1:$hub_port" "$site" "$1" "$2" <<'PY'
import json, sys, urllib.parse, urllib.request
base, site, lo, hi = sys.argv[1], sys.argv[2], int(sys.argv[3]) / 1000, int(sys.argv[4]) / 1000
query = 'evt_agent_probe_up{site="%s",job="node",target="uplink"}[5m]' % site
try:
    with urllib.request.urlopen(base + "/api/v1/query?" + urllib.parse.urlencode({"query": query}), timeout=2) as r:
        body = json.load(r)
except OSError:
    print(0)
    sys.exit(0)
print(sum(1 for s in body["data"]["result"] for t, _ in s["values"] if lo < t < hi))
PY
}

# wait_samples FROM TO N SECONDS WHAT
wait_samples() {
  local deadline=$(($(now_ms) + $4 * 1000)) n
  while :; do
    n=$(samples_between "$1" "$2")
    ((n >= $3)) && return 0
    (($(now_ms) < deadline)) || fail "$5: $n samples after $4 s, expected $3; agent: $(tail -5 "$TMP/agent.log")"
    sleep 0.5
  done
}

wait_samples 0 $(($(now_ms) + 60000)) 1 12 "the first samples at the hub"
arrived=$(now_ms)

# The box offline: the hub stops (cleanly, as a network outage looks to the
# agent: connection refused) for 5 s while the agent keeps scraping.
kill -TERM "$hub_pid"
wait_exit "$hub_pid" 10
offline_from=$(now_ms)
sleep 5
offline_until=$(now_ms)
start_hub
# Scraped every second: at least 3 of the 5 s are in the WAL, sent once the
# retries reach the hub again (backoff at most 30 s; a few seconds here).
wait_samples "$offline_from" "$offline_until" 3 20 "samples stamped during the outage"
caught_up=$(now_ms)
echo "agent_remote_write: first samples after $((arrived - began)) ms; outage $((offline_until - offline_from)) ms," \
  "its samples at the hub $((caught_up - offline_until)) ms after it came back; total $((caught_up - began)) ms"
