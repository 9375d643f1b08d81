#!/usr/bin/env bash
# Whether the grow-only-set engine reads and writes the state an older evt
# left: OLD_BIN's evt-token and evt-price build gate and kiosk state
# directories (scans, a revocation, redemptions); each directory is copied,
# and the same commands (merge with duplicates, conflicts and a far-ahead
# element, export, export --since, quarantine, clock rebase, report, over)
# run on one copy with OLD_BIN and on the other with NEW_BIN. Their stdout
# (without "ts"), stderr and exit codes, and the final exports, must match.
#   scripts/gset-state-compat.sh /work/base24/bin build/bin
set -euo pipefail
old=$(realpath "$1")
new=$(realpath "$2")
bin() {  # bin WHICH TOOL: the tool's binary in old or new
  if [[ -x $2/$1/evt-$1 ]]; then echo "$2/$1/evt-$1"; else echo "$2/evt-$1"; fi
}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gset-compat.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export XDG_CONFIG_HOME=$TMP/no-config EVT_STATE_DIR=$TMP/issuer
unset EVT_CONFIG
fails=0
checks=0

# same NAME DIR CMD...: runs CMD with old and new binaries on copies of DIR
# ($TMP/DIR.old, $TMP/DIR.new); tool is CMD's first word (token, price).
same() {
  local name=$1 dir=$2 tool=$3
  shift 3
  local which rc
  for which in old new; do
    local b
    b=$(bin "$tool" "${!which}")
    set +e
    "$b" --state-dir "$TMP/$dir.$which" "$@" >"$TMP/out.$which" 2>"$TMP/err.$which"
    rc=$?
    set -e
    echo "$rc" >"$TMP/rc.$which"
    jq -cS 'del(.ts)' "$TMP/out.$which" >"$TMP/norm.$which" 2>/dev/null || cp "$TMP/out.$which" "$TMP/norm.$which"
  done
  checks=$((checks + 1))
  if cmp -s "$TMP/norm.old" "$TMP/norm.new" && cmp -s "$TMP/err.old" "$TMP/err.new" &&
    cmp -s "$TMP/rc.old" "$TMP/rc.new"; then
    echo "same: $name (rc $(cat "$TMP/rc.new"), $(wc -l <"$TMP/out.new") records)"
    [[ -z ${VERBOSE:-} ]] || cat "$TMP/err.new"
  else
    fails=$((fails + 1))
    echo "DIFFERENT: $name"
    diff <(cat "$TMP/rc.old" "$TMP/norm.old" "$TMP/err.old") <(cat "$TMP/rc.new" "$TMP/norm.new" "$TMP/err.new") | head -20
  fi
}
fork() { for which in old new; do cp -a "$TMP/$1" "$TMP/$1.$which"; done; }

# Token: two gates' state made by the old binary.
token=$(bin token "$old")
"$token" keys new >/dev/null
"$token" jwks >"$TMP/jwks.json"
declare -A tok jti
for t in t1 t2 t3 t4; do
  tok[$t]=$("$token" sign --claims "{\"sub\":\"$t\"}" --ttl 1h)
  jti[$t]=$("$token" decode --json "${tok[$t]}" | jq -r .claims.jti)
done
gate() { "$token" --state-dir "$TMP/gate-$1" "${@:2}"; }
gate A scan --gate A --jwks "$TMP/jwks.json" "${tok[t1]}" >/dev/null
gate A scan --gate A --jwks "$TMP/jwks.json" "${tok[t1]}" >/dev/null || true
gate A revoke --gate A --reason refunded -- "${jti[t3]}" >/dev/null
gate B scan --gate B --jwks "$TMP/jwks.json" "${tok[t1]}" >/dev/null
gate B scan --gate B --jwks "$TMP/jwks.json" "${tok[t2]}" >/dev/null
gate B scan --gate B --jwks "$TMP/jwks.json" "${tok[t4]}" >/dev/null
gate B scans export >"$TMP/b.jsonl"
# B's export, twice over (duplicates), one element of it changed under its
# id (a conflict) and one stamped at the end of time (quarantined).
{
  cat "$TMP/b.jsonl" "$TMP/b.jsonl"
  head -1 "$TMP/b.jsonl" | jq -c '.gate = "rogue"'
  head -1 "$TMP/b.jsonl" | jq -c '.id = "ffffffffffffffff" | .hlc_wall = 9007199254740992'
} >"$TMP/b-merge.jsonl"
fork gate-A
same "token scans merge (new, duplicate, conflict, far ahead)" gate-A token scans merge "$TMP/b-merge.jsonl"
same "token scans export" gate-A token scans export
same "token scans export --since 2" gate-A token scans export --since 2
same "token scans quarantine" gate-A token scans quarantine
same "token scans report" gate-A token scans report
same "token scans clock rebase --dry-run" gate-A token scans clock rebase --dry-run
same "token scan of a revoked ticket" gate-A token scan --gate A --jwks "$TMP/jwks.json" "${tok[t3]}"
same "token scans export after" gate-A token scans export

# Price: two kiosks' redemptions made by the old binary.
price=$(bin price "$old")
ex=$(dirname "$0")/../examples/price
cat >"$TMP/promotions.json" <<'JSON'
{"promotions": [
  {"id": "last-coupon", "kind": "cart_amount_off", "amount": 500, "code": "LAST", "limit": {"total": 2}},
  {"id": "tee25", "kind": "percent_off", "percent": 25, "target": {"skus": ["TEE-BLK-M"]}}
]}
JSON
files=(--catalog "$ex/catalog.json" --promotions "$TMP/promotions.json")
cart() { printf '{"id":"%s","customer":"%s","codes":["LAST"],"at":"2026-12-05T18:%s:00Z","lines":[{"sku":"TEE-BLK-M","qty":1}]}\n' "$@"; }
sell() {
  cart "$2" "$3" "$4" | "$price" quote --state-dir "$TMP/kiosk-$1" "${files[@]}" >"$TMP/quote.jsonl"
  "$price" redeem --state-dir "$TMP/kiosk-$1" --kiosk "$1" --promotions "$TMP/promotions.json" "$TMP/quote.jsonl" \
    >/dev/null || true
}
sell a o-1 u1 00
sell a a-7 u7 10
sell b b-3 u3 12
sell b b-4 u4 13
"$price" redemptions export --state-dir "$TMP/kiosk-b" >"$TMP/kb.jsonl"
{
  cat "$TMP/kb.jsonl" "$TMP/kb.jsonl"
  head -1 "$TMP/kb.jsonl" | jq -c '.order = "a-7" | .at = "2026-12-05T17:00:00.000Z"'  # preferred: replaces
  head -1 "$TMP/kb.jsonl" | jq -c '.order = "o-1" | .at = "2026-12-05T19:00:00.000Z"'  # not preferred: kept
} >"$TMP/kb-merge.jsonl"
fork kiosk-a
same "price redemptions merge (new, duplicate, conflicts both ways)" kiosk-a price redemptions merge \
  --promotions "$TMP/promotions.json" "$TMP/kb-merge.jsonl"
same "price redemptions export" kiosk-a price redemptions export
same "price redemptions export --since 2" kiosk-a price redemptions export --since 2
same "price redemptions over" kiosk-a price redemptions over --promotions "$TMP/promotions.json"
cart a-7 u7 10 | "$price" quote --state-dir "$TMP/kiosk-b" "${files[@]}" >"$TMP/replay.jsonl"
same "price redeem of a conflicting order" kiosk-a price redeem --kiosk a --promotions "$TMP/promotions.json" \
  "$TMP/replay.jsonl"
cart n-1 u9 30 >"$TMP/cart.jsonl"
"$price" quote --state-dir "$TMP/kiosk-b" "${files[@]}" "$TMP/cart.jsonl" >"$TMP/new.jsonl"
same "price redeem past the limit" kiosk-a price redeem --kiosk a --promotions "$TMP/promotions.json" "$TMP/new.jsonl"
same "price quote against the merged set" kiosk-a price quote "${files[@]}" "$TMP/cart.jsonl"
same "price redemptions export after" kiosk-a price redemptions export

echo "$checks checks, $fails different"
((fails == 0))
