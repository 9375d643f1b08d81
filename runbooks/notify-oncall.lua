-- The notification the other runbooks and operators send to on-call:
-- through runbook.notify's transports (a signed webhook, Alertmanager,
-- ntfy, Slack, Matrix, a command), at most once per dedup window for the
-- same key. The run's exit code says whether the page went out: 0 sent,
-- or held back by the dedup window; 69 no transport delivered it, 75 when
-- trying again later may; 78 when runbook.notify names no transport.
return {
  description = "tell on-call: a message with a severity, deduplicated across runs; fails unless it went out",
  params = {
    message = { description = "what to say", required = true },
    severity = { description = "info, warning or critical", default = "warning" },
    key = { description = "messages with the same key go out once per dedup window (default: the message)", default = "" },
  },
  mutates = { "on-call's pager (runbook.notify)" },
  lock = "notify-oncall",
  run = function()
    local severity = evt.var("severity")
    if severity ~= "info" and severity ~= "warning" and severity ~= "critical" then
      error("severity: expected info, warning or critical, got \"" .. severity .. "\"")
    end
    local opts = { severity = severity, required = true }
    if evt.var("key") ~= "" then opts.key = evt.var("key") end
    evt.step("notify", function() evt.notify(evt.var("message"), opts) end)
  end,
}
