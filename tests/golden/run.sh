#!/usr/bin/env bash
# Golden outputs: each tool's main commands on fixed inputs, their stdout,
# stderr and exit code compared byte for byte with tests/golden/expected/,
# after the measured parts (wall-clock times, *_ms, temp paths, ports, the
# host and user) are replaced by placeholders. A refactor that keeps
# behaviour keeps these files; one that changes it shows the diff here.
#
#   run.sh            compare; exit 1 with a diff naming each command that differs
#   run.sh --update   rewrite expected/ from the binaries (review the diff!)
#
# EVT_BIN_DIR: the binaries (required; a build's bin/, beside its share/);
# EVT_SOURCE_DIR: the tree (default: this script's). The commands per tool
# are in tools/*.bash and listed in README.md.
set -euo pipefail

UPDATE=0
[[ ${1:-} == --update ]] && UPDATE=1
BIN=${EVT_BIN_DIR:?EVT_BIN_DIR: the folder of the evt-* binaries}
BIN=$(cd "$BIN" && pwd)
for tool in budget failover price probe runbook schema scrape token; do
  [[ -x $BIN/evt-$tool ]] || { echo "golden: $BIN/evt-$tool not found; build first" >&2; exit 66; }
done
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "${EVT_SOURCE_DIR:-$HERE/../..}" && pwd)
EXPECTED=$HERE/expected
TMP=$(mktemp -d "${TMPDIR:-/tmp}/evt-golden.XXXXXX")
TMP=$(cd "$TMP" && pwd -P)
source "$HERE/../cli/debian_python.bash"
use_debian_python "$TMP"
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

# Nothing from the caller's environment reaches the tools.
unset EVT_CONFIG EVT_STATE_DIR NO_COLOR COLUMNS
export XDG_CONFIG_HOME=$TMP/no-config XDG_STATE_HOME=$TMP/no-state LC_ALL=C TZ=UTC
ACTUAL=$TMP/actual
mkdir -p "$ACTUAL"
RUN_START_S=$(date +%s)
PORTS=() # loopback ports of the servers started here, replaced by <port>
SEEN=()
SORTED=()

# golden NAME [<FILE] CMD...: runs CMD (stdin from FILE when the second
# word starts with "<", else /dev/null) and writes actual/NAME.txt: the
# command, its exit code, stdout and stderr. GOLDEN_SORT=1 before it sorts
# stdout (once normalised), for commands whose records come in the order
# their concurrent probes end.
golden() {
  local name=$1 input=/dev/null rc dir
  shift
  if [[ $1 == \<* ]]; then input=${1#<}; shift; fi
  SEEN+=("$name.txt")
  [[ -n ${GOLDEN_SORT:-} ]] && SORTED+=("$name.txt")
  dir=$ACTUAL/${name%/*}
  [[ -d $dir ]] || mkdir -p "$dir"
  set +e
  "$@" <"$input" >"$TMP/out" 2>"$TMP/err"
  rc=$?
  set -e
  {
    printf '$ %s' "${1##*/}"; [[ $# -gt 1 ]] && printf ' %q' "${@:2}"
    [[ $input != /dev/null ]] && printf ' < %s' "$input"
    printf '\nexit %d\n--- stdout\n' "$rc"
    cat "$TMP/out"
    printf -- '--- stderr\n'
    cat "$TMP/err"
  } >"$ACTUAL/$name.txt"
}

for part in "$HERE"/tools/*.bash; do
  # shellcheck source=/dev/null
  source "$part"
done

# Normalise every output in one pass: literal strings first (temp folder,
# binaries, tree, host, user, ports); then wall-clock times of this run
# (RFC 3339 with milliseconds, and epoch milliseconds, within RUN_SLACK_S
# of it) become <now>; *_ms numbers <ms>, but for configured ones (step,
# interval, timeout, ...), and so do metrics named *_ms, as records and as
# exposition lines, and *duration_seconds lines; a hybrid clock's logical
# counter beside a live wall time <n> (two scans in one millisecond or
# not); 16- and 32-hex ids
# (content hashes that include a wall-clock time, run ids) <idN>, numbered
# per file in order of appearance so a record that names another still
# shows it. The inputs are dated a day or more away from any run, so no
# fixture time is caught.
RUN_SLACK_S=600
port_re=''
[[ ${#PORTS[@]} -gt 0 ]] && port_re=$(IFS='|'; echo "${PORTS[*]}")
find "$ACTUAL" -name '*.txt' -print0 | G_KEEP='step|interval|fast_interval|timeout|ttl|hold|window|leeway' \
  G_USER=$(id -un) G_TMP=$TMP G_SRC=$SRC G_BIN=$BIN G_HOST=$(uname -n) G_PORTS=$port_re \
  G_FROM=$((RUN_START_S - RUN_SLACK_S)) G_TO=$(($(date +%s) + RUN_SLACK_S)) xargs -0 perl -MTime::Local -i -pe '
    BEGIN { ($t, $s, $b, $h, $p, $from, $to, $keep, $u) = @ENV{qw(G_TMP G_SRC G_BIN G_HOST G_PORTS G_FROM G_TO G_KEEP G_USER)}; }
    sub now_iso { my @f = @_; my $e = timegm($f[5], $f[4], $f[3], $f[2], $f[1] - 1, $f[0]);
                  ($e >= $from && $e <= $to) ? "<now>" : $f[6] }
    s/\Q$t\E/<tmp>/g; s/\Q$b\E/<bin>/g; s/\Q$s\E/<src>/g;
    s/(127\.0\.0\.1:|localhost:)(?:$p)\b/$1<port>/g if length $p;
    s/"remote_port":(?:$p)\b/"remote_port":"<port>"/g if length $p;
    s/\b\Q$h\E\b/<host>/g if length $h;
    s/"user":"\Q$u\E"/"user":"<user>"/g;
    s/((\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.\d{3}Z)/now_iso($2, $3, $4, $5, $6, $7, $1)/ge;
    s/\b(1\d{12})\b/($1 >= $from * 1000 && $1 <= $to * 1000) ? "<now-ms>" : $1/ge;
    s/("hlc_wall":<now-ms>,"hlc_logical":)\d+/$1"<n>"/g;
    s/"((?!(?:$keep)_ms")[A-Za-z0-9_]*_ms)":-?[0-9][0-9.eE+-]*/"$1":"<ms>"/g;
    s/("name":"[A-Za-z0-9_]*_ms","value":)-?[0-9][0-9.eE+-]*/$1"<ms>"/g;
    s/^([A-Za-z0-9_]*_ms(?:\{[^}]*\})?) -?[0-9][0-9.eE+-]*$/$1 <ms>/;
    s/^([A-Za-z0-9_]*duration_seconds(?:\{[^}]*\})?) -?[0-9][0-9.eE+-]*$/$1 <seconds>/;
    s/"([0-9a-f]{16}|[0-9a-f]{32})"/"\"<id" . ($id{$1} \/\/= ++$ids) . ">\""/ge;
    if (eof) { %id = (); $ids = 0; }
  '

for f in "${SORTED[@]}"; do
  f=$ACTUAL/$f
  {
    sed -n '1,/^--- stdout$/p' "$f"
    sed -n '/^--- stdout$/,/^--- stderr$/{/^--- std/!p;}' "$f" | LC_ALL=C sort
    sed -n '/^--- stderr$/,$p' "$f"
  } >"$f.sorted"
  mv "$f.sorted" "$f"
done

if ((UPDATE)); then
  rm -rf "$EXPECTED"
  cp -R "$ACTUAL" "$EXPECTED"
  echo "golden: wrote ${#SEEN[@]} files under $EXPECTED"
  exit 0
fi
# One diff over both trees: a changed output, and a golden file no command
# wrote any more (a command that went missing), or a new one.
if (cd "$HERE" && diff -ru expected "$ACTUAL") >"$TMP/diff" 2>&1; then
  echo "golden: ${#SEEN[@]} outputs as expected"
  exit 0
fi
sed -i "s|$ACTUAL|actual|g" "$TMP/diff"
grep -E '^(--- |Only in)' "$TMP/diff" | sed -E 's/^--- ([^\t]*).*/\1/; s/^/golden: differs: /' >&2 || true
head -n 400 "$TMP/diff" >&2
echo "golden: $(grep -cE '^(diff |Only in)' "$TMP/diff") of ${#SEEN[@]} outputs differ (first line of each file: the command)" >&2
exit 1
