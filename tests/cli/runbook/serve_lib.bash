# Sourced by the `evt-runbook serve` tests after runbook_lib.bash: a
# runbook that counts its runs in a file ($TMP/runs, one line per run: the
# runbook's name and its "what" parameter), so runs are counted by the
# file and not by serve's own records; a config with the test's rules; and
# serve started on a kernel-chosen port.
mkdir -p "$TMP/bin"
cat >"$TMP/bin/count-run" <<SH
#!/bin/sh
echo "\$*" >>"$TMP/runs"
SH
chmod +x "$TMP/bin/count-run"
for book in fix undo page; do
  cat >"$TMP/books/$book.lua" <<LUA
return { description = "counts a run of $book", params = { what = { default = "" } }, run = function()
  evt.exec({"$TMP/bin/count-run", "$book", evt.var("what")})
end }
LUA
done

# serve_config RULES_JSON [EXTRA_RUNBOOK_KEYS_JSON]: writes $TMP/event.json.
serve_config() {
  jq -n --arg books "$TMP/books" --arg exec "$TMP/bin/count-run" --argjson rules "$1" --argjson extra "${2:-{\}}" \
    '{site: {name: "gate-7"}, runbook: ({dirs: [$books], allow_exec: [$exec], rules: $rules} + $extra)}' >"$TMP/event.json"
  export EVT_CONFIG=$TMP/event.json
}

# serve_start [ARGS...]: starts serve on port 0; sets SERVE_PID, SERVE_PORT.
serve_start() {
  "$RUNBOOK" serve --listen 127.0.0.1:0 "$@" >"$TMP/serve.out" 2>"$TMP/serve.err" &
  SERVE_PID=$!
  started "$SERVE_PID"
  local i
  for ((i = 0; i < 200; i++)); do
    grep -q "serving on" "$TMP/serve.err" 2>/dev/null && break
    is_running "$SERVE_PID" || fail "serve ended: $(cat "$TMP/serve.err")"
    sleep 0.05
  done
  SERVE_PORT=$(sed -n 's/.*serving on 127.0.0.1:\([0-9]*\).*/\1/p' "$TMP/serve.err" | head -1)
  [[ -n $SERVE_PORT ]] || fail "serve did not say its port: $(cat "$TMP/serve.err")"
}

# runs_of NAME: how many runs of the runbook NAME the counting file holds.
runs_of() {
  if [[ -f $TMP/runs ]]; then grep -c "^$1 " "$TMP/runs" || true; else echo 0; fi
}

# wait_runs NAME N SECONDS: until NAME ran at least N times.
wait_runs() {
  local i
  for ((i = 0; i < $3 * 20; i++)); do
    [[ $(runs_of "$1") -ge $2 ]] && return 0
    sleep 0.05
  done
  fail "$1 ran $(runs_of "$1") times after $3 s, expected $2; serve: $(cat "$TMP/serve.out" "$TMP/serve.err")"
}
