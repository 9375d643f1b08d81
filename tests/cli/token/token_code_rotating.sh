#!/usr/bin/env bash
# Rotating codes: `code` prints the ticket's current TOTP (what a wallet
# shows), identical to oathtool's over the per-ticket secret when it is
# installed; a gate with token.code takes TOKEN::CODE, refuses a ticket
# without its code, a stale code (two steps old), another ticket's code,
# and a code used once already.
source "$(dirname "$0")/../lib.sh"
bin=$EVT_BIN_DIR/evt-token
export XDG_CONFIG_HOME=$TMP/no-config EVT_STATE_DIR=$TMP/issuer

validate() {
  if [[ -n ${EVT_SCHEMA:-} ]]; then "$EVT_SCHEMA" validate "$1" || fail "$2: records do not match their schema"; fi
}
field() { jq -r "$1" "$TMP/out"; }

head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$TMP/code.key"
chmod 600 "$TMP/code.key"
cat >"$TMP/event.json" <<JSON
{"site": {"name": "test"},
 "token": {"gate": "gate-a", "reentry": "reentry", "jwks": "jwks.json",
           "code": {"step": "15s", "secret": {"file": "code.key"}}}}
JSON
export EVT_CONFIG=$TMP/event.json
"$bin" keys new >/dev/null
"$bin" jwks >"$TMP/jwks.json"
t1=$("$bin" sign --claims '{"sub":"t1"}' --ttl 1h)
t2=$("$bin" sign --claims '{"sub":"t2"}' --ttl 1h)
jti1=$("$bin" decode --json "$t1" | jq -r .claims.jti)

run "$bin" config check
expect_rc "config check" 0
run "$bin" code "$t1"
expect_rc "code" 0
[[ $(cat "$TMP/out") =~ ^[0-9]{6}$ ]] || fail "code: expected 6 digits, got '$(cat "$TMP/out")'"
run "$bin" code --json "$t1"
expect_rc "code --json" 0
validate "$TMP/out" "code --json"
[[ $(field .jti) == "$jti1" && $(field .code) =~ ^[0-9]{6}$ && $(field .step_ms) == 15000 ]] ||
  fail "code --json: $(cat "$TMP/out")"
now=$(date -u +%s)
at() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
[[ $("$bin" code --at "$(at $now)" <<<"$t1") == $("$bin" code --at "$(at $now)" "$t1") ]] || fail "code from stdin differs"
code_at() { "$bin" code --at "$(at "$1")" "$t1"; }
[[ $(code_at $((now / 15 * 15))) == $(code_at $((now / 15 * 15 + 14))) ]] || fail "the code changes within a step"
[[ $(code_at $((now / 15 * 15))) != $(code_at $((now / 15 * 15 + 15))) ]] || fail "the code does not rotate"
if command -v oathtool >/dev/null; then
  secret=$(printf '%s' "$jti1" | openssl dgst -sha256 -mac HMAC -macopt "key:$(cat "$TMP/code.key")" -hex | awk '{print $NF}')
  [[ $(oathtool --totp --time-step-size 15s -N "$(at $now)" "$secret") == $(code_at $now) ]] ||
    fail "evt-token code and oathtool disagree"
fi

gate=(--state-dir "$TMP/gate" scan)
run "$bin" "${gate[@]}" "$t1"
expect_rc "a ticket without its code" 1
[[ $(field .result) == code_required ]] || fail "no code: $(cat "$TMP/out")"
stale=$(code_at $((now - 40)))
run "$bin" "${gate[@]}" "$t1::$stale"
expect_rc "a code two steps old" 1
[[ $(field .result) == bad_code ]] || fail "stale code: $(cat "$TMP/out")"
other=$("$bin" code "$t2")
[[ $other != $("$bin" code "$t1") ]] || fail "two tickets show the same code"
run "$bin" "${gate[@]}" "$t1::$other"
expect_rc "another ticket's code" 1
[[ $(field .result) == bad_code ]] || fail "another ticket's code: $(cat "$TMP/out")"

# One step of drift is accepted: the previous step's code, unless the
# clock crosses a step boundary while this runs (then it is two steps old).
code=$("$bin" code "$t1")
run "$bin" "${gate[@]}" "$t1::$code"
expect_rc "the current code" 0
validate "$TMP/out" "scan with a code"
[[ $(field .result) == admitted && $(field .code_step) =~ ^[0-9]+$ ]] || fail "current code: $(cat "$TMP/out")"
run "$bin" "${gate[@]}" --type exit "$t1::$code"
expect_rc "leaving (reentry policy)" 0
run "$bin" "${gate[@]}" "$t1::$code"
expect_rc "the same code again" 1
[[ $(field .result) == code_reused ]] || fail "a reused code: $(cat "$TMP/out")"
next=$(code_at $(( $(date -u +%s) + 15 )))
run "$bin" "${gate[@]}" "$t1::$next"
expect_rc "the next step's code (drift of one step)" 0

# A gate without a code key refuses codes rather than ignore them; code
# without a key is a config error.
printf '{"site": {"name": "test"}, "token": {"jwks": "%s"}}\n' "$TMP/jwks.json" >"$TMP/nocode.json"
run env EVT_CONFIG="$TMP/nocode.json" "$bin" code "$t1"
expect_rc "code without token.code" 78
grep -q "token.code" "$TMP/err" || fail "no hint to set token.code: $(cat "$TMP/err")"
chmod 644 "$TMP/code.key"
run "$bin" code "$t1"
expect_rc "a code key readable by others" 78
echo ok
