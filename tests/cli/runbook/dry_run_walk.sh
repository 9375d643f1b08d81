#!/usr/bin/env bash
# A dry run changes nothing. Every subcommand of every tool in the
# build's command-access table (so subcommands added later are walked
# without editing this test) is called from one dry run: as written, with
# "--dry-run" after it, and with "--dry-run" as the value of each of its
# options. Read-only ones must run, the others must not (or run with their
# own --dry-run), and afterwards every state database, every file of the
# site and a recording HTTP server must show that nothing changed; the
# runs in the audit log are all dry. Then the tricky cases (doc/design.md §9.2): a key
# exported with --out, a nested `evt-runbook run` that makes a key, `revoke
# --reason --dry-run`, `state backup`, a flow that POSTs.
#
# EVT_COMMAND_TABLE names the table (default: the build's, beside bin/), so
# the walk can be aimed at other binaries with this build's table.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"
command -v python3 >/dev/null || fail "python3 is needed for the recording server"
TABLE=${EVT_COMMAND_TABLE:-$EVT_BIN_DIR/../share/evt/command-access.jsonl}
[[ -s $TABLE ]] || fail "no command-access table at $TABLE"
tools=$(jq -r .tool "$TABLE" | sort -u | tr '\n' ' ')
for tool in token runbook budget price failover scrape probe; do
  [[ " $tools " == *" evt-$tool "* ]] || fail "evt-$tool is not in $TABLE (tools: $tools)"
done

# The recording server: every request as "METHOD PATH", answered 200 {}.
cat >"$TMP/server.py" <<'PY'
import http.server, os, sys
log, port_file = sys.argv[1], sys.argv[2]
class Recorder(http.server.BaseHTTPRequestHandler):
    def answer(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n: self.rfile.read(n)
        with open(log, "a") as f: f.write(self.command + " " + self.path + "\n")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        if self.command != "HEAD": self.wfile.write(b"{}")
    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = answer
    def log_message(self, *args): pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
with open(port_file + ".tmp", "w") as f: f.write(str(server.server_port))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
PY
: >"$TMP/requests.log"
python3 "$TMP/server.py" "$TMP/requests.log" "$TMP/port" &
started $!
port=$(wait_port_file "$TMP/port")

site=$TMP/site
mkdir -p "$site/flows" "$TMP/work"
cat >"$site/flows/buy.json" <<JSON
{"name": "buy", "steps": [
  {"name": "catalog", "url": "http://127.0.0.1:$port/catalog"},
  {"name": "cart", "method": "POST", "url": "http://127.0.0.1:$port/cart", "body": {"sku": "TEE-M"}},
  {"name": "pay", "method": "POST", "url": "http://127.0.0.1:$port/pay"}]}
JSON
cat >"$site/flows/look.json" <<JSON
{"name": "look", "steps": [
  {"name": "catalog", "url": "http://127.0.0.1:$port/look-catalog"},
  {"name": "health", "method": "HEAD", "url": "http://127.0.0.1:$port/look-health"}]}
JSON
cat >"$site/event.json" <<JSON
{"site": {"name": "walk"},
 "probe": {"targets": {"shop": {"check": "http", "url": "http://127.0.0.1:$port/health"},
                       "checkout": {"check": "flow", "flow": "flows/buy.json"}}},
 "token": {"issuer": "walk", "audience": "gate", "gate": "gate-a"},
 "runbook": {"dirs": ["$TMP/books"]}}
JSON
export EVT_CONFIG=$site/event.json
cd "$TMP/work"

# Real state to lose: a signing key, and a ticket that must stay admissible.
run "$EVT_BIN_DIR/evt-token" keys new --json
expect_rc "keys new" 0
keys_before=$("$EVT_BIN_DIR/evt-token" keys list --json | wc -l)
cat >"$TMP/books/make-key.lua" <<'LUA'
return { description = "makes a signing key", run = function()
  evt.tool("token", {"keys", "new"})
end }
LUA

# Each read-only subcommand once for real, so the databases they open
# exist before the snapshot: what a second run changes, the walk finds.
while IFS=$'\t' read -r tool words; do
  read -ra argv <<<"$words"
  timeout 30 "$EVT_BIN_DIR/$tool" "${argv[@]}" </dev/null >/dev/null 2>&1 || true
done < <(jq -r 'select(.access == "read-only") | [.tool, (.command | join(" "))] | @tsv' "$TABLE")

snapshot() {
  find "$EVT_STATE_DIR" "$site" "$TMP/work" -type f ! -name '*-shm' ! -name 'runbook.db*' -exec sha256sum {} + | sort -k2
}
snapshot >"$TMP/before"
requests_before=$(wc -l <"$TMP/requests.log")

# The walk, generated from the table. want: "run" (ran as written) or
# "dry" (not run, or run with the --dry-run evt-runbook added); "any" for
# evt-probe, which the table calls mutating but evt-runbook runs when its
# requests only read (the cases at the end pin that down). A read-only command
# that takes --dry-run (its parent's, as `canary status` does) runs with it:
# reading is what a dry run may do.
{
  cat <<'LUA'
local bad, calls = {}, 0
local function expect(tool, args, want)
  calls = calls + 1
  local r = evt.tool(tool, args, {timeout = "30s"})
  local got = r.dry_run and "dry" or "run"
  if want ~= "any" and got ~= want then
    table.insert(bad, tool .. " " .. table.concat(args, " ") .. ": expected " .. want .. ", got " .. got)
  end
end
return { description = "every subcommand of every tool in a dry run", run = function()
LUA
  jq -r '
    def lua: "\"" + gsub("\\\\"; "\\\\\\\\") + "\"";
    def args(extra): "{" + ((.command + extra) | map(lua) | join(", ")) + "}";
    select((.subcommands | length) == 0 and (.command | length) > 0) |
    (if .tool == "evt-probe" then "any" elif .access == "read-only" then "run" else "dry" end) as $want |
    (if .tool == "evt-probe" then "any"
     elif .access == "read-only" then (if (.flags | index("--dry-run")) then "run" else "dry" end)
     elif .dry_run == false then "dry" else "run" end)
      as $flag |
    "  expect(\(.tool | lua), \(args([])), \"\($want)\")",
    "  expect(\(.tool | lua), \(args(["--dry-run"])), \"\($flag)\")",
    (. as $c | ($c.value_options[] | select(. != "--config" and . != "--state-dir")) as $opt |
       "  expect(\($c.tool | lua), \($c | args([$opt, "--dry-run"])), \"\($want)\")")' "$TABLE"
  cat <<LUA
  -- The tricky cases.
  expect("evt-token", {"keys", "export", "--private", "--out", "$TMP/work/exported.jwk"}, "dry")
  expect("evt-token", {"revoke", "--reason", "--dry-run", "jti-walk"}, "dry")
  expect("evt-runbook", {"run", "$TMP/books/make-key.lua"}, "dry")
  expect("evt-probe", {"flow", "$site/flows/buy.json"}, "dry")
  expect("evt-probe", {"flow", "$site/flows/look.json"}, "run")
  expect("evt-probe", {"http", "-X", "POST", "http://127.0.0.1:$port/http-post"}, "dry")
  expect("evt-probe", {"http", "http://127.0.0.1:$port/http-get"}, "run")
  expect("evt-probe", {"run", "--json", "shop"}, "run")
  expect("evt-probe", {"run", "--json", "checkout"}, "dry")
  expect("evt-probe", {"run", "--json"}, "dry")
  expect("evt-probe", {"http", "--textfile", "$TMP/work/probe.prom", "http://127.0.0.1:$port/textfile"}, "dry")
  for _, tool in ipairs({"evt-token", "evt-runbook", "evt-budget", "evt-price", "evt-failover", "evt-scrape"}) do
    expect(tool, {"state", "backup"}, "dry")
  end
  evt.log.info("walked " .. calls .. " calls")
  if #bad > 0 then error(#bad .. " of " .. calls .. " calls misjudged: " .. table.concat(bad, "; ")) end
end }
LUA
} >"$TMP/books/walk.lua"
grep -c 'expect(' "$TMP/books/walk.lua" >/dev/null

run "$RUNBOOK" -v run "$TMP/books/walk.lua" --dry-run --json
cp "$TMP/out" "$TMP/walk.out"
cp "$TMP/err" "$TMP/walk.err"
expect_rc "the dry-run walk" 3
grep -q "walked [0-9]* calls" "$TMP/walk.err" || fail "the walk did not finish: $(cat "$TMP/walk.err")"

snapshot >"$TMP/after"
diff "$TMP/before" "$TMP/after" >"$TMP/diff" || fail "the dry run changed files: $(cat "$TMP/diff")"
[[ ! -e $TMP/work/exported.jwk && ! -e $TMP/work/probe.prom ]] || fail "the dry run wrote a file"
[[ $("$EVT_BIN_DIR/evt-token" keys list --json | wc -l) == "$keys_before" ]] || fail "the dry run changed the key ring"
sed -n "$((requests_before + 1)),\$p" "$TMP/requests.log" >"$TMP/requests.walk"
! grep -Ev '^(GET|HEAD) ' "$TMP/requests.walk" >/dev/null ||
  fail "the server saw requests that change things: $(grep -Ev '^(GET|HEAD) ' "$TMP/requests.walk")"
grep -q '^GET /look-catalog' "$TMP/requests.walk" || fail "the GET-only flow did not run: $(cat "$TMP/requests.walk")"
# The nested run made no key, but its pending change is the parent's.
grep -q 'changes pending: evt-runbook run --dry-run' "$TMP/walk.err" ||
  fail "the nested run's pending change was not counted: $(cat "$TMP/walk.err")"
run "$RUNBOOK" history --json
jq -se 'length >= 2 and all(.dry_run)' "$TMP/out" >/dev/null || fail "a run that was not dry: $(cat "$TMP/out")"

# A nested evt-runbook started some other way under a dry run is dry too.
run env EVT_RUNBOOK_DRY_RUN=1 "$RUNBOOK" run "$TMP/books/make-key.lua"
expect_rc "run under EVT_RUNBOOK_DRY_RUN=1" 3
[[ $("$EVT_BIN_DIR/evt-token" keys list --json | wc -l) == "$keys_before" ]] || fail "EVT_RUNBOOK_DRY_RUN=1 made a key"
