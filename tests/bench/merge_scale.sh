#!/usr/bin/env bash
# Merges at scale: time and peak RSS of `evt-token scans merge` and
# `evt-price redemptions merge` at 10k, 100k and 1M elements (and of the
# export of what each merged, and `evt-price status` over it), beside `cat`
# of the same bytes (the floor: reading the file) in the same run. Doc/design.md §3.8: a merge must stream, so
# its peak RSS stays flat (goal: under 32 MB at 1M elements).
#
#   tests/bench/merge_scale.sh [SIZES="10000 100000 1000000"] [BUILD_DIR=build]
#
# The input is shaped by the real tool: a gate scans two signed tickets and
# revokes one, `scans export` writes them, and each generated element is one
# of those records with a fresh id (and every 100th a second entry for the
# jti before it, a double admission; every 1000th a revocation). Likewise a
# kiosk redeems one quoted cart and exports it; each generated redemption is
# that one under a fresh order id. Ids count up, which keeps each insert
# into an id index near the last; the "rand id" row gives scans 128-bit
# random ids, as gates do, whose inserts land anywhere in the index: past
# SQLite's page cache (2 MB) each one reads a page back from the kernel. The bench checks what it generated: the
# line count and the distinct ids.
set -euo pipefail
sizes=${1:-"10000 100000 1000000"}
build=${2:-build}
bin=$build/bin/evt-token
price=$build/bin/evt-price
for b in "$bin" "$price"; do
  [[ -x $b ]] || { echo "merge_scale: $b not found; build $build first" >&2; exit 66; }
done
for n in $sizes; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "merge_scale: SIZES must be positive integers, got '$n'" >&2; exit 2; }
done
[[ -x /usr/bin/time ]] || { echo "merge_scale: /usr/bin/time (Debian package time) is needed for peak RSS" >&2; exit 69; }

work=$(mktemp -d "${TMPDIR:-/tmp}/evt-bench-merge.XXXXXX")
trap 'rm -rf "$work"' EXIT
[[ -n ${MERGE_SCALE_KEEP:-} ]] && trap - EXIT
export XDG_CONFIG_HOME=$work/no-config
tk() { "$bin" --state-dir "$work/$1" "${@:2}"; }
tk issuer keys new >/dev/null
tk issuer jwks >"$work/jwks.json"
printf '{"sub":"seat-1","aud":"gate"}\n{"sub":"seat-2","aud":"gate"}\n' | tk issuer sign --ttl 1h >"$work/tokens"
tk gate scan --gate g1 --jwks "$work/jwks.json" --aud gate <"$work/tokens" >"$work/scanned"
jti=$(sed -n '1s/.*"jti":"\([^"]*\)".*/\1/p' "$work/scanned")
tk gate revoke --gate g1 "$jti" >/dev/null
tk gate scans export >"$work/template.jsonl"
grep -q '"kind":"scan.event"' "$work/template.jsonl" || { echo "merge_scale: no scan.event in the template export" >&2; exit 70; }
pr=(--promotions "$work/promotions.json")
# A limit no merge here reaches: a merge then looks for over-redemptions,
# and must not read every order that used the promotion to find none.
printf '{"promotions": [{"id": "ten-off", "kind": "cart_amount_off", "amount": 1000, "code": "TEN", "limit": {"total": 100000000, "per_customer": 1000000}}]}\n' >"$work/promotions.json"
printf '{"id":"o-1","customer":"u1","codes":["TEN"],"at":"2026-12-05T18:00:00Z","lines":[{"sku":"TEE-BLK-M","qty":1}]}\n' |
  "$price" quote --state-dir "$work/kiosk" --catalog "$(dirname "$0")/../../examples/price/catalog.json" "${pr[@]}" >"$work/sale.jsonl"
"$price" redeem --state-dir "$work/kiosk" --kiosk k1 "${pr[@]}" "$work/sale.jsonl" >/dev/null
"$price" redemptions export --state-dir "$work/kiosk" >"$work/redemption.jsonl"
grep -q '"kind":"redemption"' "$work/redemption.jsonl" || { echo "merge_scale: no redemption in the kiosk's export" >&2; exit 70; }

# generate_redemptions N FILE: N copies of the kiosk's redemption, each its own order.
generate_redemptions() {
  python3 - "$1" "$work/redemption.jsonl" >"$2" <<'PY'
import re, sys
n = int(sys.argv[1])
line = open(sys.argv[2]).readline().rstrip("\n")
out = sys.stdout
for i in range(1, n + 1):
    l = re.sub(r'"order":"[^"]*"', '"order":"o-%d"' % i, line, count=1)
    l = re.sub(r'"customer":"[^"]*"', '"customer":"u%d"' % (i % 5000), l, count=1)
    out.write(re.sub(r'"seq":[0-9]+', '"seq":%d' % i, l, count=1) + "\n")
PY
  check_generated "$1" "$2" order
}

# check_generated N FILE FIELD: N lines, N distinct values of FIELD.
check_generated() {
  local lines ids
  lines=$(wc -l <"$2")
  ids=$(grep -o "\"$3\":\"[^\"]*\"" "$2" | LC_ALL=C sort -u | wc -l)
  [[ $lines -eq $1 && $ids -eq $1 ]] || { echo "merge_scale: generated $lines lines, $ids distinct ${3}s, wanted $1 of each" >&2; exit 70; }
}

# generate N FILE: N elements from the template's first scan and (if any) revocation.
# generate N FILE [random]: N elements; with "random" each id is 128 random
# bits (seeded by N), as a gate makes them, else a counter.
generate() {
  python3 - "$1" "$work/template.jsonl" "${3:-}" >"$2" <<'PY'
import random, re, sys
n = int(sys.argv[1])
random.seed(n)
ids = (lambda i: "%032x" % random.getrandbits(128)) if sys.argv[3] == "random" else (lambda i: "%016x" % i)
lines = open(sys.argv[2]).read().splitlines()
scan = next(l for l in lines if '"kind":"scan.event"' in l)
rev = next((l for l in lines if '"kind":"revocation"' in l), None)
def element(line, i, jti, gate=None):
    line = re.sub(r'"id":"[^"]*"', '"id":"%s"' % ids(i), line, count=1)
    line = re.sub(r'"jti":"[^"]*"', '"jti":"%s"' % jti, line, count=1)
    line = re.sub(r'"hlc_logical":[0-9]+', '"hlc_logical":%d' % i, line, count=1)
    line = re.sub(r'"seq":[0-9]+', '"seq":%d' % i, line, count=1)
    if gate: line = re.sub(r'"gate":"[^"]*"', '"gate":"%s"' % gate, line, count=1)
    return line
out = sys.stdout
for i in range(1, n + 1):
    if rev and i % 1000 == 0: out.write(element(rev, i, "t%d" % (i - 1)) + "\n")
    elif i % 100 == 0: out.write(element(scan, i, "t%d" % (i - 1), "g2") + "\n")
    else: out.write(element(scan, i, "t%d" % i) + "\n")
PY
  check_generated "$1" "$2" id
}

# measure CMD...: prints "seconds cpu_seconds peak_kib" of one run.
# middle_of LIST: the second smallest of three space-separated numbers.
middle_of() { tr ' ' '\n' <<<"$1" | grep . | sort -n | sed -n 2p; }

measure() {
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || {
    local rc=$?
    [[ $rc -eq 1 ]] || { echo "merge_scale: $* exited $rc:" >&2; cat "$work/stderr" >&2; exit 70; }
  }
  awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$work/time"
}

uptime | sed 's/^/# /'
printf '%-20s %9s %9s %7s %10s %9s %10s %8s\n' merge elements seconds cpu_s peak_MiB cat_s ratio MB
# row NAME N FILE EXPECT CMD...: three runs of CMD, each from an empty state
# dir ($work/merge), checked by EXPECT on its stderr; prints the medians.
row() {
  local name=$1 n=$2 file=$3 expect=$4 times="" cpus="" rss="" s cpu kib cs mb
  shift 4
  mb=$(awk -v b="$(stat -c %s "$file")" 'BEGIN { printf "%.1f", b / 1e6 }')
  for rep in 1 2 3; do
    rm -rf "$work/merge"
    read -r s cpu kib < <(measure "$@" "$file")
    grep -q "$expect" "$work/stderr" ||
      { echo "merge_scale: $name did not merge every element:" >&2; cat "$work/stderr" >&2; exit 70; }
    times="$times $s"; cpus="$cpus $cpu"; rss="$rss $kib"
  done
  read -r cs _ _ < <(measure cat "$file")
  s=$(middle_of "$times")
  cpu=$(middle_of "$cpus")
  kib=$(middle_of "$rss")
  awk -v m="$name" -v n="$n" -v s="$s" -v u="$cpu" -v k="$kib" -v c="$cs" -v mb="$mb" \
    'BEGIN { printf "%-20s %9d %9.2f %7.2f %10.1f %9.2f %10s %8s\n", m, n, s, u, k / 1024, c, (c > 0 ? sprintf("%.0fx", s / c) : "-"), mb }'
}

# export_row NAME N COMMAND...: the export of the set the last merge left,
# which must write N records; as row, without a floor. With EXPECT set in
# its environment, the output must hold EXPECT instead (`price status`'s count).
export_row() {
  local name=$1 n=$2 times="" cpus="" rss="" s cpu kib
  shift 2
  for rep in 1 2 3; do
    read -r s cpu kib < <(measure "$@")
    if [[ -n ${EXPECT:-} ]]; then
      "$@" 2>/dev/null | grep -qF "$EXPECT" || { echo "merge_scale: $name did not write $EXPECT" >&2; exit 70; }
    else
      "$@" 2>/dev/null | wc -l | grep -qx "$n" || { echo "merge_scale: $name did not write $n records" >&2; exit 70; }
    fi
    times="$times $s"; cpus="$cpus $cpu"; rss="$rss $kib"
  done
  s=$(middle_of "$times")
  cpu=$(middle_of "$cpus")
  kib=$(middle_of "$rss")
  awk -v m="$name" -v n="$n" -v s="$s" -v u="$cpu" -v k="$kib" \
    'BEGIN { printf "%-20s %9d %9.2f %7.2f %10.1f %9s %10s %8s\n", m, n, s, u, k / 1024, "-", "-", "-" }'
}

for n in $sizes; do
  generate "$n" "$work/in.jsonl"
  row "scans merge" "$n" "$work/in.jsonl" "merged $n new of " "$bin" -v --state-dir "$work/merge" scans merge
  export_row "scans export" "$n" "$bin" --state-dir "$work/merge" scans export
  generate "$n" "$work/in.jsonl" random
  row "scans merge, rand id" "$n" "$work/in.jsonl" "merged $n new of " "$bin" -v --state-dir "$work/merge" scans merge
  generate_redemptions "$n" "$work/in.jsonl"
  row "redemptions merge" "$n" "$work/in.jsonl" "merged $n redemptions: $n new" \
    "$price" redemptions merge -v --state-dir "$work/merge" "${pr[@]}"
  export_row "redemptions export" "$n" "$price" redemptions export --state-dir "$work/merge"
  EXPECT="\"redemptions\":$n," export_row "price status" "$n" "$price" status --state-dir "$work/merge" "${pr[@]}"
done
echo "# median of 3 runs; cpu_s is user + system seconds; peak_MiB is the merge's maximum RSS (/usr/bin/time %M); ratio is merge time / cat time"
