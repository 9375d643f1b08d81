#!/usr/bin/env bash
# The key ring's life: new, publish, rotate with a grace period that covers
# every token the old key signed, retire; jwks; records match their schema.
source "$(dirname "$0")/../lib.sh"
bin=$EVT_BIN_DIR/evt-token
forge=(/usr/bin/python3 "$(dirname "$0")/forge.py")
export EVT_STATE_DIR=$TMP/state XDG_CONFIG_HOME=$TMP/no-config

validate() {
  if [[ -n ${EVT_SCHEMA:-} ]]; then "$EVT_SCHEMA" validate "$1" || fail "$2: records do not match their schema"; fi
}
epoch() { date -d "$1" +%s; }

run "$bin" keys list
expect_rc "keys list on an empty ring" 0
[[ ! -s $TMP/out ]] || fail "an empty ring lists something: $(cat "$TMP/out")"
run "$bin" sign --claims '{}'
expect_rc "sign without a key" 66
grep -q "keys new" "$TMP/err" || fail "no hint to make a key: $(cat "$TMP/err")"

run "$bin" keys new --kid k1
expect_rc "keys new" 0
validate "$TMP/out" "keys new"
[[ $(jq -r .state "$TMP/out") == active ]] || fail "the first key is not active"
run "$bin" keys new --kid k1
expect_rc "a kid taken" 65
run "$bin" keys new
expect_rc "a second key" 0
k2=$(jq -r .kid "$TMP/out")
[[ $(jq -r .state "$TMP/out") == published && $k2 == $(jq -r .thumbprint "$TMP/out") ]] ||
  fail "the second key: expected published under its thumbprint: $(cat "$TMP/out")"
[[ $("$bin" jwks | jq -r '.keys[].kid' | sort | tr '\n' ' ') == "$(printf '%s\n' k1 "$k2" | sort | tr '\n' ' ')" ]] ||
  fail "jwks does not publish both keys: $("$bin" jwks)"
run "$bin" jwks --json
validate "$TMP/out" "jwks --json"

# Rotation keeps k1 verifying until the latest exp it signed plus leeway.
t_long=$("$bin" sign --claims '{"sub":"long"}' --ttl 2h)
exp_long=$("$bin" decode --json "$t_long" | jq -r .claims.exp)
run "$bin" keys rotate --to "$k2"
expect_rc "keys rotate --to" 0
validate "$TMP/out" "keys rotate"
[[ $(jq -r 'select(.kid == "'"$k2"'") | .state' "$TMP/out") == active ]] || fail "k2 not active: $(cat "$TMP/out")"
[[ $(jq -r 'select(.kid == "k1") | .state' "$TMP/out") == grace ]] || fail "k1 not in grace: $(cat "$TMP/out")"
until=$(epoch "$(jq -r 'select(.kid == "k1") | .verify_until' "$TMP/out")")
[[ $until -eq $((exp_long + 30)) ]] || fail "k1 verifies until $until, expected exp $exp_long + 30 s leeway"
run "$bin" verify <<<"$t_long"
expect_rc "a token of the rotated-out key, in grace" 0
t_new=$("$bin" sign --claims '{"sub":"new"}')
[[ $("$bin" decode --json "$t_new" | jq -r .header.kid) == "$k2" ]] || fail "the new key does not sign"

# Without a long token the grace is the config's ttl plus leeway.
run "$bin" keys rotate
expect_rc "keys rotate" 0
k3=$(jq -r 'select(.state == "active") | .kid' "$TMP/out")
ts=$(epoch "$(jq -r 'select(.kid == "'"$k2"'") | .ts' "$TMP/out")")
until=$(epoch "$(jq -r 'select(.kid == "'"$k2"'") | .verify_until' "$TMP/out")")
(( until - ts >= 929 && until - ts <= 931 )) || fail "k2 grace: $((until - ts)) s, expected 15m + 30s"
run "$bin" keys rotate --to k1
expect_rc "rotating back to a key in grace" 2

# A grace period ends: ttl 1s, leeway 0s in the config.
mkdir -p "$TMP/conf"
printf '{"site":{"name":"t"},"token":{"ttl":"1s","leeway":"0s"}}' >"$TMP/conf/event.json"
"$bin" keys export --format jwk --private --out "$TMP/k3.jwk" -- "$k3"
forged=$("${forge[@]}" sign "{\"alg\":\"EdDSA\",\"kid\":\"$k3\"}" "{\"exp\":$(($(date +%s) + 600))}" "ed:$TMP/k3.jwk")
run "$bin" --config "$TMP/conf/event.json" keys rotate
expect_rc "rotate with a short ttl" 0
run "$bin" --config "$TMP/conf/event.json" verify <<<"$forged"
expect_rc "just after rotation" 0
sleep 1.2
run "$bin" --config "$TMP/conf/event.json" verify <<<"$forged"
expect_rc "after the grace period" 1
[[ $(jq -r .reason "$TMP/out") == unknown_kid ]] || fail "after grace: $(cat "$TMP/out")"

# Retiring.
active=$("$bin" keys list --json | jq -r 'select(.state == "active") | .kid')
# A thumbprint kid begins with "-" one time in 64: after "--" it is a kid,
# not an option.
run "$bin" keys retire -- "$active"
expect_rc "retiring the active key" 2
run "$bin" keys retire no-such-kid
expect_rc "retiring an unknown kid" 65
run "$bin" keys retire k1
expect_rc "keys retire" 0
[[ $(jq -r .state "$TMP/out") == retired ]] || fail "k1 not retired: $(cat "$TMP/out")"
run "$bin" verify <<<"$t_long"
expect_rc "a token of a retired key" 1
[[ $(jq -r .reason "$TMP/out") == unknown_kid ]] || fail "retired key: $(cat "$TMP/out")"
run "$bin" keys retire --force -- "$active"
expect_rc "keys retire --force" 0
run "$bin" sign --claims '{}'
expect_rc "sign with every Ed25519 key retired" 66

run "$bin" keys list
expect_rc "keys list" 0
validate "$TMP/out" "keys list"
[[ $(wc -l <"$TMP/out") -eq 4 ]] || fail "keys list: expected 4 keys: $(cat "$TMP/out")"
[[ $(jq -r .state "$TMP/out" | sort | uniq -c | awk '{print $2 "=" $1}' | tr '\n' ' ') == "grace=2 retired=2 " ]] ||
  fail "states: $(jq -r .state "$TMP/out" | tr '\n' ' ')"

# Import a JWK set exported by another ring, public only: it verifies, never signs.
other=$TMP/other
EVT_STATE_DIR=$other "$bin" keys new --kid other-1 >/dev/null
EVT_STATE_DIR=$other "$bin" jwks >"$TMP/other.jwks"
t_other=$(EVT_STATE_DIR=$other "$bin" sign --claims '{"sub":"o"}')
run "$bin" keys import "$TMP/other.jwks"
expect_rc "import a public JWK set" 0
[[ $(jq -r '"\(.kid) \(.state) \(.private)"' "$TMP/out") == "other-1 published false" ]] || fail "import: $(cat "$TMP/out")"
run "$bin" verify <<<"$t_other"
expect_rc "verify with an imported public key" 0
run "$bin" keys rotate --to other-1
expect_rc "a public key cannot become active" 2
run "$bin" keys import "$TMP/other.jwks"
expect_rc "importing the same set twice" 65

# A kid that begins with "-" (a thumbprint does one time in 64) in every
# place a kid goes: after "--" as an operand, and as an option's value.
export EVT_STATE_DIR=$TMP/dash-state
run "$bin" keys new --kid -first
expect_rc "keys new --kid -first" 0
run "$bin" keys new --kid=-second
expect_rc "keys new --kid=-second" 0
run "$bin" keys export --format jwk -- -second
expect_rc "keys export -- -second" 0
[[ $(jq -r .kid "$TMP/out") == -second ]] || fail "export of -second: $(cat "$TMP/out")"
run "$bin" keys rotate --to -second
expect_rc "keys rotate --to -second" 0
run "$bin" keys retire -- -first
expect_rc "keys retire -- -first" 0
[[ $(jq -r '"\(.kid) \(.state)"' "$TMP/out") == "-first retired" ]] || fail "retire -first: $(cat "$TMP/out")"
# Our own jtis never begin with "-": they are typed after `revoke`.
printf '{}\n%.0s' {1..300} | "$bin" sign | cut -d. -f2 |
  while read -r payload; do printf '%s' "$payload" | tr '_-' '/+' | base64 -d 2>/dev/null | jq -r .jti; done >"$TMP/jtis"
[[ $(wc -l <"$TMP/jtis") -eq 300 ]] || fail "jtis: $(wc -l <"$TMP/jtis") decoded of 300"
grep -q '^-' "$TMP/jtis" && fail "a jti begins with -: $(grep '^-' "$TMP/jtis")"
echo "token_keys: ok"
