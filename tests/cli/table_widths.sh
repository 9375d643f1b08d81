#!/usr/bin/env bash
# Tables that fit (doc/design.md §3.7): the table commands of the tools run
# in tmux panes 120, 80, 60 and 40 columns wide on a small site with long
# URLs, kids and reasons. On every screen: no line wider than the pane and
# none wrapped by the terminal, the table's key column present; under 60
# columns the tables that do not fit are cards; and two health URLs that
# differ only in the port stay apart however they are cut.
# Each command's pane stays after it ends (remain-on-exit); the test polls
# for that, never sleeping a fixed time.
source "$(dirname "$0")/lib.sh"
command -v tmux >/dev/null || fail "tmux is needed: scripts/install-deps.sh test"
command -v jq >/dev/null || fail "jq is needed"
BIN=${EVT_BIN_DIR:?EVT_BIN_DIR: the folder of the evt-* binaries}
SRC=${EVT_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
unset COLUMNS LINES TZ NO_COLOR
export EVT_STATE_DIR="$TMP/state" EVT_CONFIG="$TMP/event.json" XDG_CONFIG_HOME="$TMP/xdg" LC_ALL=C.UTF-8

# --- the site -------------------------------------------------------------
today=$(date -u +%Y-%m-%d)
mkdir -p "$TMP/books"
cp -R "$SRC/runbooks/." "$TMP/books/"
cat >"$EVT_CONFIG" <<JSON
{"site": {"name": "pop-up at the harbour hall", "starts_at": "${today}T00:00:00Z", "ends_at": "${today}T23:59:00Z"},
 "probe": {"targets": {"uplink": {"check": "tcp", "address": "127.0.0.1:1"},
                       "slice": {"check": "tcp", "address": "127.0.0.1:2"}}},
 "failover": {"paths": [{"name": "primary-fibre-uplink", "targets": ["uplink"], "rise": 2, "fall": 2},
                        {"name": "slice-5g-rented", "targets": ["slice"]},
                        {"name": "local-fallback-domain", "always_up": true}]},
 "budget": {"rates": {"edge.exec": {"per": 1000000, "price": 60, "currency": "EUR"}},
            "components": {"checkout": "critical"},
            "budgets": [{"name": "edge-functions-spend", "unit": "money", "limit": 5000, "currency": "EUR",
                         "thresholds": [0.5, 0.8, 1.0]}]},
 "runbook": {"dirs": ["books"]}}
JSON
stream() { python3 "$SRC/tests/cli/failover/probe_stream.py" "$@"; }
# The uplink answers, then fails: a switch with its reason, in the history.
{ stream 0 500 uplink=1111 slice=1; stream 10 500 uplink=00000 slice=1; } |
  "$BIN/evt-failover" decide >/dev/null 2>"$TMP/setup.err" || fail "failover decide: $(cat "$TMP/setup.err")"
printf '{"kind":"usage","v":1,"ts":"%s","id":"u1","component":"checkout","resource":"edge.exec","qty":70000000}\n' \
  "$(date -u +%Y-%m-%dT%H:%M:%S.000Z)" | "$BIN/evt-budget" ingest - >/dev/null 2>"$TMP/setup.err" ||
  fail "budget ingest: $(cat "$TMP/setup.err")"
for _ in 1 2; do "$BIN/evt-token" keys new >/dev/null 2>"$TMP/setup.err" || fail "keys new: $(cat "$TMP/setup.err")"; done
kids=$("$BIN/evt-token" keys list --json | jq -r .kid)
# Two health URLs that differ only in the port, on ports nothing listens on
# (bash's /dev/tcp: python3 would cost seconds on a busy machine).
refused() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_a=$((20000 + RANDOM % 40000))
until refused "$port_a" && refused $((port_a + 1)); do port_a=$((20000 + RANDOM % 40000)); done
port_b=$((port_a + 1))
url_a="http://127.0.0.1:$port_a/api/v1/health/ready"
url_b="http://127.0.0.1:$port_b/api/v1/health/ready"
ex=$SRC/examples/price

# --- the commands: NAME, KEY (a regex the key column shows), CARD (the
# card's first line under 60 columns; "" where the tool lays out its own),
# then the command ------------------------------------------------------------
NAMES=() KEYS=() CARDS=() CMDS=()
table() { NAMES+=("$1"); KEYS+=("$2"); CARDS+=("$3"); shift 3; CMDS+=("$(printf '%q ' "$@")"); }
table runbook-list 'failover-to-local' '^name: ' "$BIN/evt-runbook" list
table failover-status 'primary-fibre-uplink' '^path: ' "$BIN/evt-failover" status
table failover-history 'switch' '^event: ' "$BIN/evt-failover" history
table budget-status 'edge-functions-spend' '^budget: ' "$BIN/evt-budget" status
kid=${kids%%$'\n'*}
table token-keys "${kid:0:6}" '^kid: ' "$BIN/evt-token" keys list
table probe-http 'http' '^target: ' "$BIN/evt-probe" http --timeout 2s "$url_a" "$url_b"
table price-receipt 'TEE-BLK-M' '^sku: ' "$BIN/evt-price" quote --catalog "$ex/catalog.json" \
  --promotions "$ex/promotions.json" "$ex/carts.jsonl"
table evt-status 'primary-fibre-uplink' '' "$BIN/evt" status
for i in "${!NAMES[@]}"; do [[ ${NAMES[$i]} != probe-http ]] || P=$i; done

# --- tmux ------------------------------------------------------------------
TM=(tmux -u -S "$TMP/tmux.sock" -f /dev/null)
trap '"${TM[@]}" kill-server 2>/dev/null || true; cleanup' EXIT
"${TM[@]}" new-session -d -s keep -x 80 -y 10 "cat"
"${TM[@]}" set-option -g remain-on-exit on
"${TM[@]}" set-option -g history-limit 5000

# start WIDTH I: runs command I in a pane WIDTH columns wide, stderr aside.
start() {
  local w=$1 i=$2
  printf 'exec %s 2>%q\n' "${CMDS[$i]}" "$TMP/err-$w-${NAMES[$i]}" >"$TMP/cmd-$w-$i.sh"
  "${TM[@]}" new-session -d -s "w$w-$i" -x "$w" -y 200 "bash $TMP/cmd-$w-$i.sh"
}

# shown: a captured pane without tmux's "Pane is dead" line and the empty
# rows below the output.
shown() { grep -v '^Pane is dead' | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'; }

# finished WIDTH I: waits (20 s) until the command has ended, then keeps its
# screen twice: as shown (screen) and with wrapped lines joined (joined).
# A pane that died showing nothing, or only the start of its output (a
# few panes in a hundred on a loaded machine: tmux had not drawn all the
# output of the process that ended; seen as a status line without the
# table below it), runs its command once more: a key column missing twice
# is the command's.
finished() {
  local w=$1 i=$2 deadline=$((SECONDS + 20)) s="w$1-$2" try
  for try in 1 2; do
    until [[ $("${TM[@]}" display-message -p -t "$s" '#{pane_dead}' 2>/dev/null) == 1 ]]; do
      ((SECONDS <= deadline)) || fail "${NAMES[$i]} at $w columns did not end within 20s"
      sleep 0.05
    done
    "${TM[@]}" capture-pane -p -t "$s" -S - -E - | shown >"$TMP/screen-$w-$i" || true
    [[ -s $TMP/screen-$w-$i ]] && grep -q -e "${KEYS[$i]}" "$TMP/screen-$w-$i" && break
    echo "table_widths: ${NAMES[$i]} at $w columns showed nothing or not its key column; once more" >&2
    "${TM[@]}" respawn-pane -k -t "$s" "bash $TMP/cmd-$w-$i.sh"
  done
  "${TM[@]}" capture-pane -p -J -t "$s" -S - -E - | shown >"$TMP/joined-$w-$i" || true
  "${TM[@]}" kill-session -t "$s"
}

# columns FILE: the widest line in display columns (wc -L counts East
# Asian wide characters as two in a UTF-8 locale).
columns() { wc -L <"$1"; }

# targets FILE: the probe targets as shown, one a line (table rows or cards).
targets() {
  sed -n -e 's/^target: *//p' -e '/^[^ ]*\/ready /s/ .*//p' "$1"
}

checked=0
for w in 120 80 60 40; do
  for i in "${!NAMES[@]}"; do start "$w" "$i"; done
  for i in "${!NAMES[@]}"; do
    finished "$w" "$i"
    name=${NAMES[$i]} screen=$TMP/screen-$w-$i
    what="$name at $w columns"
    [[ -s $screen ]] || fail "$what: an empty screen; stderr: $(cat "$TMP/err-$w-$name")"
    (($(columns "$TMP/joined-$w-$i") <= w)) ||
      fail "$what: a line wider than the pane, wrapped by the terminal:"$'\n'"$(cat "$TMP/joined-$w-$i")"
    [[ $(wc -l <"$screen") == $(wc -l <"$TMP/joined-$w-$i") ]] ||
      fail "$what: the terminal wrapped a line:"$'\n'"$(cat "$screen")"
    grep -q -e "${KEYS[$i]}" "$screen" || fail "$what: the key column (${KEYS[$i]}) is missing:"$'\n'"$(cat "$screen")"
    if ((w < 60)) && [[ -n ${CARDS[$i]} ]]; then
      grep -q -e "${CARDS[$i]}" "$screen" || fail "$what: no cards:"$'\n'"$(cat "$screen")"
    fi
    checked=$((checked + 1))
  done
  probe=$TMP/screen-$w-$P
  [[ $(targets "$probe" | sort -u | wc -l) == 2 ]] ||
    fail "probe at $w columns: the two health URLs are not two targets:"$'\n'"$(cat "$probe")"
done
# The narrowest screens cut the URLs, in the middle, and kept them apart.
targets "$TMP/screen-40-$P" | grep -q '…' || fail "probe at 40 columns: the URLs are not cut:"$'\n'"$(cat "$TMP/screen-40-$P")"
targets "$TMP/screen-40-$P" | grep -q "^http.*…" || fail "probe at 40 columns: the URLs lost their head"
echo "table_widths: $checked screens of ${#NAMES[@]} commands (${NAMES[*]}) at 120, 80, 60 and 40 columns:"
echo "  no line wider than the pane, none wrapped, each key column shown, cards under 60 columns,"
echo "  two health URLs apart at every width (at 40: $(targets "$TMP/screen-40-$P" | tr '\n' ' '))"
