#!/usr/bin/env bash
# evt-token's sign and verify throughput beside OpenSSL's raw Ed25519, in
# the same run on the same machine.
#
#   tests/bench/token_sign_verify.sh [TOKENS=100000] [BUILD_DIR=build]
#
# Signs TOKENS claims objects from a file (EdDSA, then HS256), verifies the
# two token files, and runs `openssl speed -seconds 3 ed25519` as the
# ceiling. Rates are per CPU second (user+system: one core, steadier than
# the wall clock on a shared machine) and by wall clock. Targets (doc/design.md
# §11): EdDSA verify >= 85% of OpenSSL's raw verify/s; HS256 verify >=
# 300,000/s.
#
# The EdDSA verify ratio that counts is against the raw primitive on the
# same messages (ed25519_verify_reference: the same EVP calls, signatures
# decoded before its clock starts): `openssl speed` verifies a short
# message, and this machine's speed wanders by a third from one minute to
# the next, so evt and the reference run in alternation, ROUNDS times
# (default 3), and the median of the rounds' ratios is printed.
set -euo pipefail
tokens=${1:-100000}
tokens=${tokens:-100000}
build=${2:-build}
[[ $tokens =~ ^[1-9][0-9]*$ ]] || { echo "token_sign_verify: TOKENS must be a positive integer, got '$tokens'" >&2; exit 2; }
rounds=${ROUNDS:-3}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "token_sign_verify: ROUNDS must be a positive integer, got '$rounds'" >&2; exit 2; }
bin=$build/bin/evt-token
reference=$build/tests/bench/ed25519_verify_reference
for b in "$bin" "$reference"; do
  [[ -x $b ]] || { echo "token_sign_verify: $b not found; build $build first" >&2; exit 66; }
done
command -v openssl >/dev/null || { echo "token_sign_verify: openssl not found (scripts/install-deps.sh bench)" >&2; exit 69; }

work=$(mktemp -d "${TMPDIR:-/tmp}/evt-bench-token.XXXXXX")
trap 'rm -rf "$work"' EXIT
export EVT_STATE_DIR=$work/state XDG_CONFIG_HOME=$work/no-config
"$bin" keys new >/dev/null
"$bin" keys new --alg HS256 >/dev/null
awk -v n="$tokens" 'BEGIN { for (i = 1; i <= n; i++) printf "{\"sub\":\"ticket-%d\",\"aud\":\"gate\",\"seat\":\"A%d\"}\n", i, i % 500 }' >"$work/claims.jsonl"

# "WALL CPU" seconds of one run of "$@" < $1 > $2; fails if the command does.
timed() {
  local in=$1 out=$2 TIMEFORMAT='%R %U %S'
  shift 2
  { time "$@" <"$in" >"$out"; } 2>&1 | awk '{ print $1, $2 + $3 }'
}

read -r sign_ed_wall sign_ed_cpu < <(timed "$work/claims.jsonl" "$work/ed.tokens" "$bin" sign --ttl 1h)
read -r sign_hs_wall sign_hs_cpu < <(timed "$work/claims.jsonl" "$work/hs.tokens" "$bin" sign --ttl 1h --alg HS256)
[[ $(wc -l <"$work/ed.tokens") -eq $tokens && $(wc -l <"$work/hs.tokens") -eq $tokens ]] ||
  { echo "token_sign_verify: sign did not write $tokens tokens" >&2; exit 1; }
cat "$work/ed.tokens" "$work/hs.tokens" >/dev/null
public_x=$("$bin" jwks | grep -o '"x":"[^"]*"' | head -n 1 | cut -d '"' -f 4)
[[ -n $public_x ]] || { echo "token_sign_verify: no Ed25519 key in evt-token jwks" >&2; exit 1; }
# Rounds of evt then the reference; "EVT_WALL EVT_CPU REF_CPU" per round.
for ((round = 0; round < rounds; round++)); do
  read -r wall cpu < <(timed "$work/ed.tokens" /dev/null "$bin" verify --aud gate)
  read -r verified ref_cpu < <("$reference" "$public_x" "$work/ed.tokens") ||
    { echo "token_sign_verify: the reference did not verify every token" >&2; exit 1; }
  [[ $verified -eq $tokens ]] || { echo "token_sign_verify: the reference verified $verified of $tokens" >&2; exit 1; }
  echo "$wall $cpu $ref_cpu"
done >"$work/ed.rounds"
# The round with the median ratio gives the EdDSA verify figures.
read -r ver_ed_wall ver_ed_cpu ref_ed_cpu < <(awk '{ print $3 / $2, $0 }' "$work/ed.rounds" | sort -n |
  awk -v m="$(( (rounds + 1) / 2 ))" 'NR == m { print $2, $3, $4 }')
echo "EdDSA verify rounds (evt CPU s, reference CPU s, ratio): $(awk '{ printf "%s%.2f/%.2f=%.3f", (NR > 1 ? ", " : ""), $2, $3, $3 / $2 }' "$work/ed.rounds")"
read -r ver_hs_wall ver_hs_cpu < <(timed "$work/hs.tokens" /dev/null "$bin" verify --aud gate)
# Every verdict must be ok, or the figures measure failures.
"$bin" verify --aud gate <"$work/ed.tokens" | tail -n 1 | grep -q '"ok":true' || { echo "token_sign_verify: EdDSA tokens did not verify" >&2; exit 1; }

read -r ossl_sign ossl_verify < <(openssl speed -seconds 3 ed25519 2>/dev/null |
  awk '/Ed25519/ && $NF ~ /^[0-9.]+$/ { print $(NF - 1), $NF }')
[[ -n ${ossl_verify:-} ]] || { echo "token_sign_verify: could not read openssl speed's ed25519 line" >&2; exit 1; }

awk -v n="$tokens" -v os="$ossl_sign" -v ov="$ossl_verify" \
    -v sew="$sign_ed_wall" -v sec="$sign_ed_cpu" -v shw="$sign_hs_wall" -v shc="$sign_hs_cpu" \
    -v rc="$ref_ed_cpu" -v rounds="$rounds" \
    -v vew="$ver_ed_wall" -v vec="$ver_ed_cpu" -v vhw="$ver_hs_wall" -v vhc="$ver_hs_cpu" 'function r(t) { return n / (t > 0 ? t : 0.001) }
BEGIN {
  printf "%d tokens per run; rates per CPU second (one core) and per wall second\n", n
  printf "%-34s %12s %12s\n", "", "per CPU s", "per wall s"
  printf "%-34s %12.0f %12.0f\n", "evt-token sign EdDSA", r(sec), r(sew)
  printf "%-34s %12.0f %12.0f\n", "evt-token sign HS256", r(shc), r(shw)
  printf "%-34s %12.0f %12.0f\n", "evt-token verify EdDSA", r(vec), r(vew)
  printf "%-34s %12.0f %12.0f\n", "evt-token verify HS256", r(vhc), r(vhw)
  printf "%-34s %12.0f\n", "raw Ed25519, same messages", r(rc)
  printf "%-34s %12.0f\n", "openssl speed ed25519 sign/s", os
  printf "%-34s %12.0f\n", "openssl speed ed25519 verify/s", ov
  printf "ratio EdDSA verify / raw Ed25519 on the same messages: %.3f (median of %d alternating rounds; goal >= 0.97)\n", rc / vec, rounds
  printf "ratio EdDSA verify / openssl speed verify: %.2f (target >= 0.85; another message, another minute)\n", r(vec) / ov
  printf "ratio EdDSA sign / openssl raw sign:     %.2f\n", r(sec) / os
  printf "HS256 verify: %.0f/s (target >= 300000/s)\n", r(vhc)
}'
