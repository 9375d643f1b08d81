#!/usr/bin/env bash
# -o prometheus|openmetrics and --textfile: the text exposition
# formats node_exporter's textfile collector and OpenMetrics readers take.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

start_http_server web
base=http://127.0.0.1:$PORT_web

run "$PROBE" http -o prometheus --count 2 --interval 10ms --window 2 "$base/ok" "$base/status/503"
expect_rc "prometheus" 1
# Every line is a comment or `name{labels} value`, with no timestamp.
grep -v -E '^(# (HELP|TYPE) [a-z_]+ .+|[a-z_]+\{[^}]*\} -?[0-9.e+-]+)$' "$TMP/out" &&
  fail "lines that are not the text format above"
grep -q "^evt_probe_success{target=\"$base/ok\",check=\"http\",subject=\"$base/ok\"} 1$" "$TMP/out" ||
  fail "no success gauge: $(cat "$TMP/out")"
grep -q "^evt_probe_http_status_code{target=\"$base/status/503\",.*} 503$" "$TMP/out" || fail "no status gauge"
grep -q "^evt_probe_window_loss_ratio{target=\"$base/status/503\",check=\"http\"} 1$" "$TMP/out" || fail "no loss gauge"
grep -q '^evt_probe_phase_duration_seconds{.*,phase="processing"} ' "$TMP/out" || fail "no phases"
[[ $(grep -c '^# TYPE evt_probe_success gauge$' "$TMP/out") -eq 1 ]] || fail "TYPE lines"
! grep -q '^# EOF' "$TMP/out" || fail "# EOF in the Prometheus format"

run "$PROBE" tcp -o openmetrics --textfile "$TMP/probe.prom" "127.0.0.1:$PORT_web"
expect_rc "openmetrics --textfile" 0
[[ ! -s $TMP/out ]] || fail "--textfile also wrote to stdout: $(cat "$TMP/out")"
[[ $(tail -n1 "$TMP/probe.prom") == "# EOF" ]] || fail "no # EOF: $(cat "$TMP/probe.prom")"
grep -q '^# UNIT evt_probe_duration_seconds seconds$' "$TMP/probe.prom" || fail "no UNIT: $(cat "$TMP/probe.prom")"
ls "$TMP"/probe.prom.tmp.* 2>/dev/null && fail "a temporary file was left behind"

# Beside records, --textfile gets Prometheus text (what a timer that also
# feeds the budget uses): records on stdout, the metrics in the file.
run "$PROBE" --json http --textfile "$TMP/x.prom" "$base/ok"
expect_rc "--textfile beside records" 0
[[ $(jq -r .kind "$TMP/out") == probe ]] || fail "--textfile beside records: no probe record: $(cat "$TMP/out")"
grep -q '^# TYPE evt_probe_success gauge$' "$TMP/x.prom" || fail "--textfile beside records: $(cat "$TMP/x.prom")"
! grep -q '^# EOF' "$TMP/x.prom" || fail "--textfile beside records is OpenMetrics: $(cat "$TMP/x.prom")"
run "$PROBE" http -o yaml "$base/ok"
expect_rc "-o yaml" 2
echo "metrics_output: ok"
