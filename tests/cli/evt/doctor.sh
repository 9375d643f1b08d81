#!/usr/bin/env bash
# `evt doctor`: one finding a line and exit 1, doctor.finding records with
# --json or on a pipe; a state root with a live daemon of this shell's user and config,
# and the files the config names there, is no finding.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/evt_lib.bash"
write_site

run "$EVT" doctor
expect_rc "doctor on a state root no daemon used" 1
validate "$TMP/out"
jq -se --arg root "$TMP/state" 'length == 1 and .[0].check == "state root" and .[0].subject == $root
        and (.[0].message | startswith("no daemon has used it (chosen by EVT_STATE_DIR)"))' "$TMP/out" >/dev/null ||
  fail "doctor said: $(cat "$TMP/out")"

# A daemon with this shell's config: no finding about it.
mkfifo "$TMP/probes"
"$FAILOVER" decide <"$TMP/probes" >/dev/null 2>"$TMP/decide.err" &
started $!
exec 3>"$TMP/probes"
for ((i = 0; i < 100; i++)); do
  "$FAILOVER" state where 2>/dev/null | grep -q "failover decide: alive" && break
  sleep 0.05
done
run "$EVT" doctor
expect_rc "doctor with a live daemon like this shell" 0
[[ ! -s $TMP/out ]] || fail "doctor found: $(cat "$TMP/out")"

# Another config for this shell, and a file it names that is not there.
jq '.token = {"jwks": "gates/jwks.json"}' "$EVT_CONFIG" >"$TMP/other.json"
run "$EVT" doctor --config "$TMP/other.json" --json
expect_rc "doctor with another config" 1
validate "$TMP/out"
jq -se 'map(select(.kind == "doctor.finding" and .check == "file" and (.message | test("/token/jwks: does not exist"))))
        | length == 1' "$TMP/out" >/dev/null || fail "no finding for the missing jwks: $(cat "$TMP/out")"
jq -se --arg c "$EVT_CONFIG" 'map(select(.check == "config" and .subject == "failover decide" and (.message | startswith("reads " + $c))))
        | length == 1' "$TMP/out" >/dev/null || fail "no finding for the daemon's other config: $(cat "$TMP/out")"
exec 3>&-
echo "doctor: ok"
