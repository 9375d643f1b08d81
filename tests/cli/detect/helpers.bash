# Shared by evt-detect's black-box tests: the binary, a config with one
# latency series over probe records, and the stream generator.
DETECT=${EVT_BIN_DIR:?set EVT_BIN_DIR}/evt-detect
SCHEMA=${EVT_SCHEMA:?set EVT_SCHEMA}
STREAM="python3 $(dirname "${BASH_SOURCE[0]}")/make_probe_stream.py"
unset EVT_CONFIG
export XDG_CONFIG_HOME=$TMP/xdg HOME=$TMP/home EVT_STATE_DIR=$TMP/state

# The rule: 3 of the last 5 scores above 0.9 raise; 5 in a row below 0.5 clear.
cat >"$TMP/event.json" <<'JSON'
{"site": {"name": "detect-test"},
 "detect": {"series": [{"name": "latency", "kind": "probe", "field": "total_ms"}],
            "rules": {"default": {"raise_above": 0.9, "raise_count": 3, "raise_window": 5, "clear_below": 0.5, "clear_after": 5}},
            "models": {"default": {"kind": "robust_z", "window": 64}}}}
JSON
CONFIG=$TMP/event.json

# edges FILE: the anomaly records' states and sample counts, "raise@303 clear@335".
edges() { jq -r 'select(.kind == "anomaly") | "\(.state)@\(.samples)"' "$1" | tr '\n' ' ' | sed 's/ $//'; }

# expect_valid WHAT FILE: every record of FILE follows its schema.
expect_valid() {
  "$SCHEMA" validate "$2" >"$TMP/validate.out" 2>&1 || fail "$1: records do not follow their schema: $(cat "$TMP/validate.out")"
}
