#!/usr/bin/env bash
# Writes the man pages and shell completions generated from the parsers:
#   OUT_DIR/man/evt-NAME.1            evt-NAME --evt-generate man man/src/evt-NAME.1.roff
#   OUT_DIR/completions/evt-NAME.bash evt-NAME --evt-generate bash
#   OUT_DIR/completions/_evt-NAME     evt-NAME --evt-generate zsh
#   OUT_DIR/completions/evt-NAME.fish evt-NAME --evt-generate fish
#   OUT_DIR/man/evt.7                 evt-schema evt7 man/src/evt.7.roff
# for every tool built in BUILD_DIR/bin: the NAMEs after --tools (none is
# fine), else every BUILD_DIR/bin/evt-* but evt-schema.
#
# Usage: scripts/gen-docs.sh BUILD_DIR OUT_DIR [--tools [NAME...]]
# `make docs` writes into the source tree; tests/cli/docs_in_sync.sh writes
# into a temporary folder and compares. Every tool needs its hand-written
# part, man/src/evt-NAME.1.roff (DESCRIPTION, EXAMPLES, "EXIT STATUS").
set -euo pipefail

me=gen-docs
if [[ $# -lt 2 || ( $# -ge 3 && $3 != --tools ) ]]; then
  echo "usage: scripts/gen-docs.sh BUILD_DIR OUT_DIR [--tools [NAME...]]" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=$build/bin

tools=()
if [[ $# -ge 3 ]]; then
  tools=("${@:4}")
else
  for exe in "$bin"/evt-*; do
    [[ -x $exe && $(basename "$exe") != evt-schema ]] && tools+=("${exe##*/evt-}")
  done
fi

# The program of tool NAME: evt-NAME, but the front door (tools/evt) is evt.
program() {
  if [[ $1 == evt ]]; then echo evt; else echo "evt-$1"; fi
}

failed=0
fail() {
  echo "$me: $*" >&2
  failed=1
}

# Runs the generator and moves its output into place only when it succeeded,
# so a failure never leaves a half-written file in the tree.
generate() {
  local target=$1
  shift
  local tmp=$target.tmp.$$
  if (cd "$src" && "$@") >"$tmp"; then
    mv "$tmp" "$target"
  else
    rm -f "$tmp"
    fail "$target: \`$*\` failed"
  fi
}

mkdir -p "$out/man" "$out/completions"
[[ -x $bin/evt-schema ]] || fail "$bin/evt-schema is not built; it writes man/evt.7"
[[ -f $src/man/src/evt.7.roff ]] || fail "man/src/evt.7.roff is missing"
for name in "${tools[@]}"; do
  prog=$(program "$name")
  exe=$bin/$prog
  [[ -x $exe ]] || fail "$exe is not built"
  [[ -f $src/man/src/$prog.1.roff ]] ||
    fail "man/src/$prog.1.roff is missing: every tool needs the hand-written part of its man page (DESCRIPTION, EXAMPLES, \"EXIT STATUS\")"
done
[[ $failed == 0 ]] || exit 1

generate "$out/man/evt.7" "$bin/evt-schema" evt7 man/src/evt.7.roff
for name in "${tools[@]}"; do
  prog=$(program "$name")
  exe=$bin/$prog
  generate "$out/man/$prog.1" "$exe" --evt-generate man "man/src/$prog.1.roff"
  generate "$out/completions/$prog.bash" "$exe" --evt-generate bash
  generate "$out/completions/_$prog" "$exe" --evt-generate zsh
  generate "$out/completions/$prog.fish" "$exe" --evt-generate fish
done
exit "$failed"
