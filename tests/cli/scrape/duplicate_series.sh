#!/usr/bin/env bash
# Series that collide with evt-scrape's own: an
# upstream's own `evt_scrape_up`, and its `source` label. The text keeps
# evt's evt_scrape_up{source=...} and reports the upstream's repeat; an
# upstream's plain `up` is its own series, named as it gave it; an upstream
# `source` label is renamed exported_source (exported_exported_source when
# that is taken too), as Prometheus does, never dropped.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

start_console
printf '{"site": {"name": "test"}, "scrape": {"sources": {"p": {"prometheus": "http://127.0.0.1:%s/hostile.prom"}}}}\n' \
  "$PORT_console" >"$TMP/event.json"

for format in prometheus openmetrics; do
  run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$TMP/state" -o "$format"
  expect_rc "$format" 0
  text=$(cat "$TMP/out")
  no_repeated_series "$TMP/out"
  [[ $format == openmetrics ]] || promtool_accepts "$TMP/out"
  # p answered: its evt_scrape_up is 1, whatever its own `evt_scrape_up 0` says.
  grep -qx 'evt_scrape_up{source="p"} 1' "$TMP/out" || fail "$format: evt's up: $text"
  ! grep -q '^evt_scrape_up{source="p"} 0' "$TMP/out" || fail "$format: the upstream's series stands in for evt's: $text"
  grep -qx 'up{source="p"} 0' "$TMP/out" || fail "$format: the upstream's own up: $text"
  grep -qx 'up{source="p",exported_source="upstream"} 1' "$TMP/out" || fail "$format: upstream source label: $text"
  grep -qx 'plain{source="p",exported_exported_source="theirs",exported_source="also"} 5' "$TMP/out" ||
    fail "$format: exported_ twice: $text"
  grep -qxF 'evt-scrape: warning: p: repeated series evt_scrape_up{source="p"} (first kept)' "$TMP/err" ||
    fail "$format: the repeat is not reported: $(cat "$TMP/err")"
done
exit 0
