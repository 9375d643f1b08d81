#!/usr/bin/env bash
# Who may talk to `evt-outbox serve`: a request without the mesh token, or
# with another, gets 401 and nothing is stored; a kiosk syncing with the
# wrong token fails with 78 naming its token file, both outboxes as they
# were; and serve refuses to listen off loopback without a token (78).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/peer_helpers.bash"

PORT[kiosk-a]=$(free_port)
PORT[kiosk-b]=$(free_port)
printf 'not-the-mesh-token\n' >"$TMP/wrong.token"
kiosk_config kiosk-a kiosk-b ../wrong.token
kiosk_config kiosk-b kiosk-a
serve kiosk-b
put_orders kiosk-a 3
put_orders kiosk-b 2
B=http://127.0.0.1:${PORT[kiosk-b]}

# Straight at the endpoints: no token, a wrong one, the right one.
lines=$(on kiosk-a export | grep -v outbox.cursor)
for auth in "" "Authorization: Bearer not-the-mesh-token" "Authorization: Basic bWVzaA=="; do
  code=$(curl -s -o "$TMP/body" -w '%{http_code}' -X POST -H "$auth" --data-binary "$lines" "$B/v1/outbox/merge?kiosk=kiosk-a&cursor=99")
  [[ $code == 401 ]] || fail "merge with '${auth:-no token}' answered $code: $(cat "$TMP/body")"
  code=$(curl -s -o "$TMP/body" -w '%{http_code}' -H "$auth" "$B/v1/outbox/export")
  [[ $code == 401 ]] || fail "export with '${auth:-no token}' answered $code"
done
[[ $(ids kiosk-b | tr '\n' ' ') == "kiosk-b-1 kiosk-b-2 " ]] || fail "an unauthenticated merge stored something: $(ids kiosk-b)"
code=$(curl -s -o "$TMP/body" -w '%{http_code}' -H "Authorization: Bearer $(cat "$TMP/mesh.token")" "$B/v1/outbox/hello?kiosk=probe")
[[ $code == 200 ]] || fail "the right token should be let in, got $code"
[[ $(jq -r .kiosk "$TMP/body") == kiosk-b ]] || fail "hello: $(cat "$TMP/body")"

# A kiosk with the wrong token: 78, naming the token file, nothing moved.
run on kiosk-a sync kiosk-b
expect_rc "sync with the wrong token" 78
grep -q "wrong.token" "$TMP/err" || fail "the message should name the token file: $(cat "$TMP/err")"
grep -q "not-the-mesh-token\|mesh-$SEED" "$TMP/err" && fail "the message shows a token: $(cat "$TMP/err")"
[[ ! -s $TMP/out ]] || fail "no outbox.sync for a refused exchange: $(cat "$TMP/out")"
[[ $(ids kiosk-a | wc -l) -eq 3 && $(ids kiosk-b | wc -l) -eq 2 ]] || fail "a refused sync moved orders"

# Off loopback without a token: refused before listening.
PORT[kiosk-c]=$(free_port)
kiosk_config kiosk-c kiosk-b ../mesh.token ''
run on kiosk-c serve --listen "0.0.0.0:${PORT[kiosk-c]}"
expect_rc "serve on 0.0.0.0 without a token" 78
grep -q "0.0.0.0:${PORT[kiosk-c]}" "$TMP/err" && grep -q token "$TMP/err" || fail "the refusal should say why: $(cat "$TMP/err")"
# ...and with the token it serves there.
PORT[kiosk-d]=$(free_port)
kiosk_config kiosk-d kiosk-b
in_background /dev/null "$TMP/d.err" kiosk-d serve --listen "0.0.0.0:0"
for ((i = 0; i < 100; i++)); do grep -q "serving on" "$TMP/d.err" && break; sleep 0.05; done
port=$(sed -n 's/.*serving on 0.0.0.0:\([0-9]*\).*/\1/p' "$TMP/d.err")
[[ -n $port ]] || fail "serve on port 0 should say where: $(cat "$TMP/d.err")"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v1/outbox/hello")
[[ $code == 401 ]] || fail "serve on 0.0.0.0 with a token answered $code without one"

# SIGTERM ends serve cleanly: 143, and its heartbeat gone from site.db.
[[ $(sqlite3 "$TMP/kiosk-b/state/site.db" "SELECT count(*) FROM heartbeat WHERE daemon = 'outbox serve'") -eq 1 ]] ||
  fail "serve should keep a heartbeat"
kill -TERM "${SERVE_PID[kiosk-b]}"
wait_exit "${SERVE_PID[kiosk-b]}" 5
expect_rc "serve after SIGTERM" 143
[[ $(sqlite3 "$TMP/kiosk-b/state/site.db" "SELECT count(*) FROM heartbeat WHERE daemon = 'outbox serve'") -eq 0 ]] ||
  fail "a cleanly stopped serve should remove its heartbeat"
echo "$TEST_NAME: ok"
