# evt-runbook over copies of the shipped runbooks and two of its own, with
# a fake tool (evt-fake, a shell script printing fixed records) on PATH:
# list, show, check, a real run, a dry run, a failing run, and history.
mkdir -p "$TMP/rb/books" "$TMP/rb/bin"
cp -R "$SRC/runbooks/." "$TMP/rb/books/"
printf '{"site":{"name":"t"},"runbook":{"dirs":["books"]}}\n' >"$TMP/rb/event.json"
cat >"$TMP/rb/bin/evt-fake" <<'SH'
#!/bin/sh
# A stand-in evt tool: one record naming its arguments, exit 0.
printf '{"kind":"fake","v":1,"ts":"2025-06-01T12:00:00.000Z","args":"%s"}\n' "$*"
SH
chmod +x "$TMP/rb/bin/evt-fake"
cat >"$TMP/rb/books/switch.lua" <<'LUA'
return {
  description = "switch to a path, then check",
  params = { path = { description = "the path", default = "local" } },
  mutates = { "failover" },
  run = function()
    evt.step("look", function()
      local r = evt.tool("fake", {"status", "--json"})
      assert(r.code == 0 and #r.records == 1, "expected one record")
      evt.log.info("saw", r.records[1].args)
    end)
    evt.step("switch", function()
      local r = evt.tool("fake", {"force", evt.var("path")}, {mutates = true})
      evt.log.info("switched to", evt.var("path"), r.dry_run and "(dry run)" or "")
    end)
  end,
}
LUA
cat >"$TMP/rb/books/broken.lua" <<'LUA'
return {
  description = "a step that fails",
  run = function()
    evt.step("probe", function() error("uplink unreachable") end)
  end,
}
LUA
rb=("$BIN/evt-runbook" --config "$TMP/rb/event.json" --state-dir "$TMP/rb/state")
PATH="$TMP/rb/bin:$PATH" golden runbook/list "${rb[@]}" list
PATH="$TMP/rb/bin:$PATH" golden runbook/show-switch "${rb[@]}" show switch
PATH="$TMP/rb/bin:$PATH" golden runbook/show-preflight "${rb[@]}" show preflight
for book in "$SRC"/runbooks/*.lua; do
  name=$(basename "$book" .lua)
  PATH="$TMP/rb/bin:$PATH" golden "runbook/check-$name" "${rb[@]}" check "$name"
done
PATH="$TMP/rb/bin:$PATH" golden runbook/run-switch "${rb[@]}" run switch --var path=mesh
PATH="$TMP/rb/bin:$PATH" golden runbook/run-switch-dry-run "${rb[@]}" run switch --dry-run
PATH="$TMP/rb/bin:$PATH" golden runbook/run-broken "${rb[@]}" run "$TMP/rb/books/broken.lua"
PATH="$TMP/rb/bin:$PATH" golden runbook/run-unknown-var "${rb[@]}" run switch --var nope=1
PATH="$TMP/rb/bin:$PATH" golden runbook/history "${rb[@]}" history --json
