#!/usr/bin/env bash
# A queue's privacy applies at put, before anything is stored: a canary
# customer id in a dropped field and a canary client IP never reach the
# store (neither the records `export` shows nor the bytes of outbox.db and
# its WAL); pseudonyms are the same for the same value, IPs keep their /24.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tool_helpers.bash"

printf 'site-key-for-tests\n' >"$TMP/privacy.key"
chmod 600 "$TMP/privacy.key"
cat >"$CONFIG" <<JSON
{"site": {"name": "outbox-test"},
 "outbox": {"kiosk": "kiosk-a",
   "queues": {"telemetry": {"class": "non-essential",
     "privacy": {"drop": ["customer", "headers.cookie"], "pseudonymise": ["client_id", "user"],
                 "truncate_ip": ["client_ip", "peer"], "key": {"file": "privacy.key"}}}}}}
JSON

CANARY_CUSTOMER=cust-CANARY-5f3e9a
CANARY_IP=198.51.100.231
for i in 1 2 3; do
  printf '{"kind":"probe","v":1,"ts":"2026-12-06T14:00:00.000Z","id":"p%d","target":"shop","ok":true,"customer":"%s","client_ip":"%s","peer":"%s:443","client_id":"c-7","user":"ann","headers":{"cookie":"sess=%s","ua":"kiosk"}}\n' \
    "$i" "$CANARY_CUSTOMER" "$CANARY_IP" "$CANARY_IP" "$CANARY_CUSTOMER"
done >"$TMP/probes.jsonl"

run "$OUTBOX" put telemetry --json "$TMP/probes.jsonl"
expect_rc "privacy put" 0
expect_valid "privacy put" "$TMP/out"
[[ $(count outbox.put added "$TMP/out") == 3 ]] || fail "not 3 added: $(cat "$TMP/out")"

"$OUTBOX" export >"$TMP/export.jsonl" || fail "export failed"
grep -q "$CANARY_CUSTOMER" "$TMP/export.jsonl" && fail "the canary customer id reached the store: $(cat "$TMP/export.jsonl")"
grep -qF "$CANARY_IP" "$TMP/export.jsonl" && fail "the canary client IP reached the store: $(cat "$TMP/export.jsonl")"
for f in "$EVT_STATE_DIR"/outbox.db*; do
  grep -aq "$CANARY_CUSTOMER" "$f" && fail "the canary customer id is in $f"
  grep -aqF "$CANARY_IP" "$f" && fail "the canary client IP is in $f"
done

jq -c 'select(.kind == "outbox.element") | .record' "$TMP/export.jsonl" >"$TMP/records.jsonl"
[[ $(jq -r .client_ip "$TMP/records.jsonl" | sort -u) == 198.51.100.0 ]] || fail "client_ip not cut to /24: $(cat "$TMP/records.jsonl")"
[[ $(jq -r .peer "$TMP/records.jsonl" | sort -u) == 198.51.100.0:443 ]] || fail "peer not cut to /24: $(cat "$TMP/records.jsonl")"
[[ $(jq -r .user "$TMP/records.jsonl" | sort -u | grep -Ec '^hmac:[0-9a-f]{32}$') == 1 ]] ||
  fail "user is not one pseudonym: $(jq -r .user "$TMP/records.jsonl")"
[[ $(jq -r '.headers | keys | join(",")' "$TMP/records.jsonl" | sort -u) == ua ]] || fail "headers.cookie was kept"
[[ $(jq -r .id "$TMP/records.jsonl" | sort | tr '\n' ' ') == "p1 p2 p3 " ]] || fail "ids changed: $(cat "$TMP/records.jsonl")"

# The same input again: duplicates by id and content, since the transform is deterministic.
run "$OUTBOX" put telemetry --json "$TMP/probes.jsonl"
expect_rc "privacy replay" 0
[[ $(count outbox.put duplicate "$TMP/out") == 3 ]] || fail "a replay is not 3 duplicates: $(cat "$TMP/out")"

# A pseudonymising queue whose key file others can read is refused, naming it.
chmod 644 "$TMP/privacy.key"
run "$OUTBOX" put telemetry "$TMP/probes.jsonl"
expect_rc "a readable key" 78
grep -q 'privacy.key' "$TMP/err" || fail "the key file is not named: $(cat "$TMP/err")"
