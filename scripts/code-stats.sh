#!/usr/bin/env bash
# Lines per .cc file and lines per function (p50 / p90 / max) of the
# production code (common/, engine/, tools/, gen/; not tests/), by the method of
# ../shared/STYLE.md's "evt beside the models" table: a file's lines are
# `wc -l`; a function's are its extent from universal-ctags
# (`--fields=+ne --kinds-c++=f`: definitions, .cc and .h, end - start + 1).
# Percentiles are nearest-rank. One row for the whole tree, one per part,
# then the largest files and functions.
#
#   scripts/code-stats.sh [DIR|REV] [TOP=10]
# DIR: a source tree (default: this one); REV: a commit of this repository,
# read with `git archive` (e.g. 6a4e45c, main).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
what=${1:-$here}
top=${2:-10}
ctags --version 2>/dev/null | grep -q 'Universal Ctags' ||
  { echo "code-stats: universal-ctags not found (scripts/install-deps.sh bench)" >&2; exit 69; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/evt-code-stats.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if [[ -d $what ]]; then
  root=$(cd "$what" && pwd)
  label=$root
else
  rev=$(git -C "$here" rev-parse --verify "$what^{commit}" 2>/dev/null) ||
    { echo "code-stats: $what is neither a folder nor a commit" >&2; exit 2; }
  # engine/ is absent from commits before the probe engine moved there.
  dirs=(common tools gen)
  git -C "$here" cat-file -e "$rev:engine" 2>/dev/null && dirs+=(engine)
  git -C "$here" archive "$rev" "${dirs[@]}" | tar -x -C "$tmp"
  root=$tmp
  label="$what (${rev:0:12})"
fi
cd "$root"
existing=()
for d in common engine tools gen; do [[ -d $d ]] && existing+=("$d"); done
find "${existing[@]}" -type f \( -name '*.cc' -o -name '*.h' \) ! -name '*_test.cc' 2>/dev/null | LC_ALL=C sort >"$tmp/sources"
[[ -s $tmp/sources ]] || { echo "code-stats: no sources under $root/{common,engine,tools,gen}" >&2; exit 66; }

# part FILE: the row a file counts in: common, gen, engine/<name> or tools/<tool>.
# files.tsv: part, lines, file (.cc only). functions.tsv: part, lines, file:line name.
grep '\.cc$' "$tmp/sources" | xargs wc -l | awk '$2 != "total" {
  split($2, p, "/"); part = (p[1] == "tools" || p[1] == "engine") ? p[1] "/" p[2] : p[1]
  printf "%s\t%d\t%s\n", part, $1, $2 }' >"$tmp/files.tsv"
xargs ctags --fields=+ne --kinds-c++=f --language-force=c++ -o - <"$tmp/sources" 2>/dev/null | awk -F'\t' '{
  start = 0; end = 0
  for (i = 4; i <= NF; i++) { if ($i ~ /^line:/) start = substr($i, 6); if ($i ~ /^end:/) end = substr($i, 5) }
  if (!end) next
  split($2, p, "/"); part = (p[1] == "tools" || p[1] == "engine") ? p[1] "/" p[2] : p[1]
  printf "%s\t%d\t%s:%d %s\n", part, end - start + 1, $2, start, $1 }' >"$tmp/functions.tsv"

# stats TSV PART: "N p50 p90 max" of column 2 over the rows of PART (all: every row).
stats() {
  awk -F'\t' -v part="$2" 'part == "all" || $1 == part { print $2 }' "$1" | sort -n | awk '
    { v[NR] = $1 }
    function rank(p,   r) { r = int(p * NR); if (r < p * NR) r++; return v[r < 1 ? 1 : r] }
    END { if (NR) printf "%d %d %d %d\n", NR, rank(0.5), rank(0.9), v[NR]; else print "0 - - -" }'
}

echo "code-stats: $label"
printf '%-18s %6s %18s %10s %20s\n' "part" ".cc" "lines/.cc" "functions" "lines/function"
printf '%-18s %6s %18s %10s %20s\n' "" "" "p50 / p90 / max" "" "p50 / p90 / max"
for part in all common gen $(cut -f1 "$tmp/files.tsv" | grep -E '^(engine|tools)/' | sort -u); do
  read -r fn f50 f90 fmax < <(stats "$tmp/files.tsv" "$part")
  read -r gn g50 g90 gmax < <(stats "$tmp/functions.tsv" "$part")
  printf '%-18s %6s %18s %10s %20s\n' "$part" "$fn" "$f50 / $f90 / $fmax" "$gn" "$g50 / $g90 / $gmax"
done
echo
echo "largest .cc files:"
sort -t$'\t' -k2,2nr -k3,3 "$tmp/files.tsv" | awk -F'\t' -v top="$top" 'NR <= top { printf "  %5d  %s\n", $2, $3 }'
echo "largest functions:"
sort -t$'\t' -k2,2nr -k3,3 "$tmp/functions.tsv" | awk -F'\t' -v top="$top" 'NR <= top { printf "  %5d  %s\n", $2, $3 }'
