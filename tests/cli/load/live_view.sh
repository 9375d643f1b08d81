#!/usr/bin/env bash
# On a terminal, evt-load's output is its live view, redrawn in place once a
# second on stderr, and a one-line summary at the end; no records scroll it
# away. Run in tmux at 80 and at 40 columns; the screen is polled up to a
# deadline, never read after a fixed sleep.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
command -v tmux >/dev/null || fail "tmux is missing: scripts/install-deps.sh test"
command -v nginx >/dev/null || fail "nginx is missing: scripts/install-deps.sh test"
start_ok_nginx
export TMUX_TMPDIR=$TMP
trap 'tmux kill-server 2>/dev/null || true; cleanup' EXIT

# screen_until WIDTH PATTERN: the pane's text once PATTERN shows, within 20 s.
screen_until() {
  local i
  for ((i = 0; i < 200; i++)); do
    tmux capture-pane -p -J -t "load$1" >"$TMP/screen$1" 2>/dev/null || true
    grep -q -- "$2" "$TMP/screen$1" && return 0
    sleep 0.1
  done
  fail "at $1 columns, \"$2\" never showed; the screen: $(cat "$TMP/screen$1")"
}

for width in 80 40; do
  tmux new-session -d -s "load$width" -x "$width" -y 30 \
    "'$LOAD' run http://127.0.0.1:$PORT_ok/ --rate 200 --duration 3s; sleep 60"
  screen_until "$width" "p99.9"
  screen_until "$width" "done after 3.0s: 600 sent, 0 failed"
  screen_until "$width" "of 200/s, p99"
  printf 'live view at %s columns, the last screen:\n' "$width"
  sed '/^$/d; s/^/  | /' "$TMP/screen$width"
  [[ $(grep -c "^evt-load http" "$TMP/screen$width") == 1 ]] ||
    fail "at $width columns the view was not redrawn in place (its title shows more than once)"
  ! grep -q '"kind"' "$TMP/screen$width" || fail "at $width columns records were printed over the live view"
  # -J joined the lines the terminal wrapped: none may be wider than it.
  /usr/bin/python3 -c 'import sys; w = int(sys.argv[1]); sys.exit(any(len(l.rstrip("\n")) > w for l in open(sys.argv[2], encoding="utf-8")))' \
    "$width" "$TMP/screen$width" || fail "at $width columns a line of the view wraps: $(cat "$TMP/screen$width")"
done
