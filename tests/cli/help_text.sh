#!/usr/bin/env bash
# --help that helps (doc/design.md §7.3), on every subcommand of every tool:
# no CLI11 internals (":INT", ":TEXT", "in [", "{...}" choice lists,
# "REQUIRED", "[Option Group"), no line wider than the terminal, examples on
# every command that does something, and every example parses
# (--evt-generate examples). Then "did you mean" for a mistyped subcommand
# and long option, and the hint on a terminal stdin, which a pipe, a file
# and -q do not get.
source "$(dirname "$0")/lib.sh"

bin_dir=${EVT_BIN_DIR:?EVT_BIN_DIR must name the built tools}
tools=()
for tool in "$bin_dir"/evt "$bin_dir"/evt-*; do
  [[ -x $tool && $(basename "$tool") != evt-schema ]] && tools+=("$tool")
done
((${#tools[@]} >= 11)) || fail "expected the 11 tools in $bin_dir, found ${#tools[@]}"

# One pass over a help text: the faults on stderr, one a line, and the
# subcommands listed under "Commands:" on stdout. Columns, not bytes:
# UTF-8 continuation bytes take none (LC_ALL=C).
read -r -d '' AUDIT <<'AWK' || true
BEGIN { split(":INT|:UINT|:FLOAT|:TEXT|TEXT:| in [|REQUIRED|[Option Group|SUBCOMMAND|Subcommands:", internals, "|") }
{
  line = $0
  gsub(/[\200-\277]/, "", line)
  if (length(line) > width) print "wider than " width " columns: " $0 > "/dev/stderr"
  if ($0 == "Examples:") examples = 1
  # A choice list the CLI11 way is "{a,b}"; examples may hold JSON braces.
  if (!examples) {
    for (i in internals) if (index($0, internals[i])) print "CLI11's '" internals[i] "': " $0 > "/dev/stderr"
    if ($0 ~ /\{[^}]*,[^}]*\}/) print "a {a,b} choice list: " $0 > "/dev/stderr"
  }
  if ($0 ~ /^Usage:/) in_usage = 1
  else if ($0 == "") in_usage = 0
  if (in_usage) usage = usage " " $0
  if ($0 == "Commands:") { in_commands = 1; next }
  if ($0 == "") in_commands = 0
  if (in_commands && $0 ~ /^  [^ ]/) { name = $1; sub(/,.*/, "", name); print name }
}
END {
  # A command that does something (no required COMMAND) has examples.
  if (is_command && usage !~ / COMMAND *$/ && !examples) print "no examples" > "/dev/stderr"
}
AWK

# check_help WIDTH TOOL [COMMAND...]: the help of one command at WIDTH
# columns; prints its subcommands (one per line) on stdout.
check_help() {
  local width=$1 tool=$2
  shift 2
  local what="$(basename "$tool") $* --help (COLUMNS=$width)" help="$TMP/help"
  COLUMNS=$width "$tool" "$@" --help </dev/null >"$help" 2>"$TMP/err" || fail "$what: exit $?: $(cat "$TMP/err")"
  [[ ! -s $TMP/err ]] || fail "$what: wrote to stderr: $(cat "$TMP/err")"
  LC_ALL=C awk -v width="$width" -v is_command=$(($# > 0)) "$AUDIT" "$help" 2>"$TMP/faults"
  [[ ! -s $TMP/faults ]] || fail "$what:"$'\n'"$(cat "$TMP/faults")"
}

# walk TOOL [COMMAND...]: every command below, depth first.
walk() {
  local tool=$1
  shift
  local sub subs
  subs=$(check_help 80 "$tool" "$@")
  for sub in $subs; do walk "$tool" "$@" "$sub"; done
}

commands=0
for tool in "${tools[@]}"; do
  walk "$tool"
  run "$tool" --evt-generate examples
  expect_rc "$(basename "$tool") --evt-generate examples" 0
  commands=$((commands + $(cut -d: -f1 "$TMP/out" | sort -u | wc -l)))
done
((commands >= 100)) || fail "only $commands commands have examples"

# The narrowest and the widest terminal, on a few commands with long lines.
for width in 40 120; do
  check_help "$width" "$bin_dir/evt-token" >/dev/null
  check_help "$width" "$bin_dir/evt-token" scan >/dev/null
  check_help "$width" "$bin_dir/evt-probe" http >/dev/null
  check_help "$width" "$bin_dir/evt-price" quote >/dev/null
done

# Did you mean: a mistyped subcommand, a nested one, a long option; exit 2.
token=$bin_dir/evt-token
run "$token" statsu
expect_rc "evt-token statsu" 2
grep -q "^evt-token: .*statsu.*; did you mean 'status'?$" "$TMP/err" || fail "evt-token statsu: $(cat "$TMP/err")"
run "$token" keys rotaet
expect_rc "evt-token keys rotaet" 2
grep -q "did you mean 'rotate'?" "$TMP/err" || fail "evt-token keys rotaet: $(cat "$TMP/err")"
run "$token" scan --gaet north
expect_rc "evt-token scan --gaet north" 2
grep -q "did you mean '--gate'?" "$TMP/err" || fail "evt-token scan --gaet: $(cat "$TMP/err")"
run "$token" scan --jsno
grep -q "did you mean '--json'?" "$TMP/err" || fail "evt-token scan --jsno (a common option): $(cat "$TMP/err")"
run "$token" frobnicate
expect_rc "evt-token frobnicate" 2
! grep -q "did you mean" "$TMP/err" || fail "evt-token frobnicate: a stranger word got a suggestion: $(cat "$TMP/err")"
run "$bin_dir/evt" statsu
grep -q "did you mean 'status'?" "$TMP/err" || fail "evt statsu: $(cat "$TMP/err")"

# The stdin hint: once on a terminal (script(1) gives the command a pty;
# printf ends its input with ^D), never from a pipe, a file or under -q.
hint='reading records from stdin, Ctrl-D to end'
reach="$bin_dir/evt-probe reach"
on_terminal() { printf '\004' | timeout 10 script -qec "$1" /dev/null >"$TMP/tty" 2>&1 || true; }
on_terminal "$reach"
[[ $(grep -c "evt-probe: $hint" "$TMP/tty") -eq 1 ]] || fail "reach on a terminal: no hint, or not once: $(cat "$TMP/tty")"
on_terminal "$reach -q"
! grep -q "$hint" "$TMP/tty" || fail "reach -q on a terminal hinted: $(cat "$TMP/tty")"
run $reach </dev/null
! grep -q "$hint" "$TMP/err" || fail "reach from a file hinted: $(cat "$TMP/err")"
set +e
printf '' | $reach >"$TMP/out" 2>"$TMP/err"
set -e
! grep -q "$hint" "$TMP/err" || fail "reach from a pipe hinted: $(cat "$TMP/err")"
echo "help_text: ok, $commands commands with examples"
