#!/usr/bin/env bash
# evt.notify posts a signed JSON message to the configured webhook (a
# server on loopback started here), with the secret nowhere in the output.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"
command -v python3 >/dev/null || fail "python3 is needed for the webhook server"

hook_key="hook-key-$RANDOM$RANDOM"
cat >"$TMP/server.py" <<'PY'
import hashlib, hmac, http.server, json, os, sys
key, out, port_file = sys.argv[1].encode(), sys.argv[2], sys.argv[3]
class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        expected = "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()
        ok = hmac.compare_digest(expected, self.headers.get("X-Evt-Signature", ""))
        with open(out, "a") as f:
            f.write(json.dumps({"signature_ok": ok, "body": json.loads(body)}) + "\n")
        self.send_response(204 if ok else 401)
        self.end_headers()
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Hook)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_port))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
PY
python3 "$TMP/server.py" "$hook_key" "$TMP/received" "$TMP/port" &
started $!
for ((i = 0; i < 100; i++)); do [[ -s $TMP/port ]] && break; sleep 0.05; done
[[ -s $TMP/port ]] || fail "the webhook server did not start"
port=$(cat "$TMP/port")

printf '%s\n' "$hook_key" >"$TMP/hook.key"
chmod 600 "$TMP/hook.key"
cat >"$TMP/event.json" <<JSON
{ "site": { "name": "test" },
  "runbook": { "notify": { "webhook": { "url": "http://127.0.0.1:$port/hook",
                                        "secret": { "file": "hook.key" }, "timeout": "2s" },
                           "dedup_window": "1h" } } }
JSON
export EVT_CONFIG=$TMP/event.json
cat >"$TMP/books/page.lua" <<'LUA'
return { description = "pages on-call", run = function()
  assert(evt.notify("uplink down at the gate", {severity = "critical"}), "not delivered")
  assert(not evt.notify("uplink down at the gate"), "not deduplicated")
end }
LUA

run "$RUNBOOK" run "$TMP/books/page.lua"
expect_rc "notify" 0
[[ $(wc -l <"$TMP/received") == 1 ]] || fail "expected one webhook call: $(cat "$TMP/received")"
jq -e '.signature_ok and .body.kind == "notify" and .body.runbook == "page" and .body.severity == "critical"
       and .body.message == "uplink down at the gate"' "$TMP/received" >/dev/null ||
  fail "webhook call: $(cat "$TMP/received")"
! grep -q "$hook_key" "$TMP/out" "$TMP/err" || fail "the hook key leaked"

cat >"$TMP/event.json" <<JSON
{ "site": { "name": "test" },
  "runbook": { "notify": { "webhook": { "url": "http://127.0.0.1:1/nothing", "timeout": "1s" } } } }
JSON
cat >"$TMP/books/unreachable.lua" <<'LUA'
return { description = "pager down", run = function() assert(not evt.notify("x")) end }
LUA
run "$RUNBOOK" run "$TMP/books/unreachable.lua"
expect_rc "unreachable webhook" 0
grep -q "notify: webhook http://127.0.0.1:1/nothing: " "$TMP/err" || fail "unreachable: $(cat "$TMP/err")"
