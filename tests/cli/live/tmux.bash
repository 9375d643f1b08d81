# Sourced by the live-view tests after ../lib.sh: a private tmux server
# (its own socket, no user config) whose pane is the terminal a person
# would watch. Screens are read with capture-pane, polled up to a
# deadline, never after a fixed sleep.
command -v tmux >/dev/null || fail "tmux is not installed (scripts/install-deps.sh installs it)"
SOCK=$TMP/tmux.sock
export LC_ALL=C.UTF-8  # ${#line} counts characters, and tmux reads UTF-8
printf 'set -g remain-on-exit on\nset -g history-limit 2000\n' >"$TMP/tmux.conf"
# -u: the tools write UTF-8 ("…", sparklines); a C locale would count its bytes as columns.
tmux_() { LC_ALL=C.UTF-8 tmux -u -S "$SOCK" -f "$TMP/tmux.conf" "$@"; }
trap 'tmux_ kill-server 2>/dev/null || true; cleanup' EXIT

# start_pane NAME COLUMNS COMMAND...: a detached session NAME, COLUMNS x 30,
# running COMMAND in a terminal; COLUMNS unset so the tools ask the terminal.
start_pane() {
  local name=$1 columns=$2
  shift 2
  tmux_ new-session -d -s "$name" -x "$columns" -y 30 env -u COLUMNS TERM=tmux-256color LC_ALL=C.UTF-8 "$@"
}

# screen NAME [all]: the visible screen; with "all", the scrollback too.
screen() {
  if [[ ${2:-} == all ]]; then tmux_ capture-pane -p -t "$1" -S -2000; else tmux_ capture-pane -p -t "$1"; fi
}

# wait_screen NAME REGEX SECONDS: until the pane matches (grep -E). The
# scrollback counts: once a command ends, tmux scrolls its last screen by
# a row to say so. (Stale copies are no_copies' business.)
wait_screen() {
  local deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do
    screen "$1" all | grep -qE -- "$2" && return 0
    sleep 0.05
  done
  fail "$1 never showed /$2/ within $3 s; it shows:
$(screen "$1")"
}

# no_line_wider NAME COLUMNS: nothing on the screen or in the scrollback
# is wider than the pane (a wrapped line breaks an in-place redraw).
no_line_wider() {
  local line
  while IFS= read -r line; do
    ((${#line} <= $2)) || fail "$1: a line wider than $2 columns: $line"
  done < <(screen "$1" all)
}

# type_line NAME TEXT: types TEXT and Enter into the pane, as a person would.
type_line() { tmux_ send-keys -t "$1" -l -- "$2" && tmux_ send-keys -t "$1" Enter; }
