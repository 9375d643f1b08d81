#!/usr/bin/env bash
# `evt status --watch` in tmux at 80 and then 40 columns while the paths
# fail: the screen is redrawn in place (one header, never scrolled copies),
# the active path changes on it, and at 40 columns each path is a card.
# Polls capture-pane up to a deadline; never sleeps a fixed time.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/evt_lib.bash"
command -v tmux >/dev/null || fail "tmux is needed: scripts/install-deps.sh test"
write_site
decide 0 1111

TMUX_CMD=(tmux -S "$TMP/tmux.sock" -f /dev/null)
cleanup_tmux() { "${TMUX_CMD[@]}" kill-server 2>/dev/null || true; }
trap 'cleanup_tmux; cleanup' EXIT
"${TMUX_CMD[@]}" new-session -d -s front -x 80 -y 30 \
  "env EVT_CONFIG='$EVT_CONFIG' EVT_STATE_DIR='$EVT_STATE_DIR' NO_COLOR=1 '$EVT' status --watch --interval 100ms"

# wait_screen SECONDS GREP_PATTERN: polls the pane until a line matches.
wait_screen() {
  local deadline=$((SECONDS + $1))
  while ((SECONDS <= deadline)); do
    "${TMUX_CMD[@]}" capture-pane -p -t front >"$TMP/screen" 2>/dev/null || true
    grep -q -e "$2" "$TMP/screen" && return 0
    sleep 0.05
  done
  fail "no line matching '$2' on the screen within ${1}s: $(cat "$TMP/screen")"
}

# one_screen: the header once, at the top: redrawn, not scrolled.
one_screen() {
  [[ $(grep -c "^evt status  " "$TMP/screen") == 1 ]] || fail "$1: the header is not on the screen once: $(cat "$TMP/screen")"
  head -n 1 "$TMP/screen" | grep -q "^evt status  " || fail "$1: the header is not at the top: $(cat "$TMP/screen")"
}

wait_screen 10 "^Paths  active: primary"
one_screen "80 columns, primary active"
grep -q "^  ▶ primary *up" "$TMP/screen" || fail "80 columns: the active primary row: $(cat "$TMP/screen")"

# The uplink fails: the 5G slice takes over, on the same screen.
decide 10 00000
wait_screen 10 "^Paths  active: slice-5g"
one_screen "80 columns, after the failover"
grep -q "^    primary *down" "$TMP/screen" || fail "80 columns: primary is not shown down: $(cat "$TMP/screen")"

# 40 columns (a tmux split): cards, laid out again at once on SIGWINCH.
"${TMUX_CMD[@]}" resize-window -t front -x 40 -y 30
wait_screen 10 "^  ▶ slice-5g$"
one_screen "40 columns"
(( $(widest "$TMP/screen") <= 40 )) || fail "a line wider than 40 columns: $(cat "$TMP/screen")"
cp "$TMP/screen" "$TMP/screen-40-before"

# The slice fails too: the local fallback, still one screen at 40 columns.
decide 20 0 00000
wait_screen 10 "^Paths  active: local"
one_screen "40 columns, after the second failover"
grep -q "^    state down" "$TMP/screen" || fail "40 columns: no path card says down: $(cat "$TMP/screen")"

# A resize is laid out again at once (SIGWINCH), not at the next interval:
# an hour here.
"${TMUX_CMD[@]}" kill-session -t front
"${TMUX_CMD[@]}" new-session -d -s front -x 80 -y 30 \
  "env EVT_CONFIG='$EVT_CONFIG' EVT_STATE_DIR='$EVT_STATE_DIR' NO_COLOR=1 '$EVT' status --watch --interval 1h"
wait_screen 10 "^  ▶ local  *up"
"${TMUX_CMD[@]}" resize-window -t front -x 40 -y 30
wait_screen 5 "^  ▶ local$"
one_screen "40 columns after a resize"
echo "status_watch: ok"
