# Sourced by the completion tests after ../lib.sh: a site whose config
# names one of everything a command line can name, the tools on PATH, and
# each tool's completion for SHELL generated from its parser into
# $TMP/completions.
: "${EVT_BIN_DIR:?EVT_BIN_DIR must name the folder of the built tools}"

COMPLETION_TOOLS=(evt evt-runbook evt-probe evt-failover evt-outbox evt-token evt-scrape evt-price evt-budget)

make_site() {
  mkdir -p "$TMP/site/books/lib" "$TMP/home"
  printf -- '-- drill\n' >"$TMP/site/books/drill-uplink.lua"
  printf -- '-- page\n' >"$TMP/site/books/page-oncall.lua"
  printf -- '-- a library\n' >"$TMP/site/books/lib/helpers.lua"
  cat >"$TMP/site/event.json" <<'JSON'
{
  "site": {"name": "completion-test"},
  "probe": {"targets": {"uplink-a": {"check": "tcp", "address": "127.0.0.1:9"},
                        "mesh-b": {"check": "tcp", "address": "127.0.0.1:9"}}},
  "scrape": {"sources": {"router-x": {"prometheus": "http://127.0.0.1:9/metrics"}}},
  "failover": {"paths": [{"name": "primary-p", "targets": ["uplink-a"]}, {"name": "local-l", "always_up": true}],
               "routes": [{"name": "reads-r"}, {"name": "checkout-r"}]},
  "outbox": {"kiosk": "kiosk-k", "queues": {"orders-q": {"class": "critical"}, "telemetry-q": {"class": "non-essential"}},
             "destinations": {"shop-d": {"type": "http", "url": "http://127.0.0.1:9/orders"}},
             "peers": {"kiosk-peer": {"url": "http://127.0.0.2:9"}}},
  "token": {"gate": "gate-g"},
  "budget": {"rates": {"edge.exec": {"per": 1000, "price": 1, "currency": "EUR"}},
             "budgets": [{"name": "battery", "unit": "energy", "source": "ups-s", "capacity_wh": 100}]},
  "runbook": {"dirs": ["books"]}
}
JSON
  # A second site, named with --config on the line.
  printf '%s\n' '{"site": {"name": "other"}, "outbox": {"queues": {"other-q": {}}}}' >"$TMP/site/other.json"
  export EVT_CONFIG=$TMP/site/event.json HOME=$TMP/home XDG_CONFIG_HOME=$TMP/home/.config
  export PATH=$EVT_BIN_DIR:$PATH
}

# generate_completions bash|zsh|fish: writes $TMP/completions/ as the docs
# script names the files.
generate_completions() {
  local shell=$1 tool file
  mkdir -p "$TMP/completions"
  for tool in "${COMPLETION_TOOLS[@]}"; do
    case $shell in
      bash) file=$tool.bash ;;
      zsh) file=_$tool ;;
      fish) file=$tool.fish ;;
    esac
    "$EVT_BIN_DIR/$tool" --evt-generate "$shell" >"$TMP/completions/$file" || fail "$tool --evt-generate $shell"
  done
}

# expect_candidates WHAT FILE NAME...: each NAME is a line of FILE (its
# first tab-separated field).
expect_candidates() {
  local what=$1 file=$2 name
  shift 2
  for name in "$@"; do
    cut -f1 "$file" | grep -qxF -- "$name" || fail "$what: '$name' not offered; got: $(tr '\n' ' ' <"$file")"
  done
}

# expect_not_candidate WHAT FILE NAME
expect_not_candidate() {
  ! cut -f1 "$2" | grep -qxF -- "$3" || fail "$1: '$3' offered; got: $(tr '\n' ' ' <"$2")"
}
