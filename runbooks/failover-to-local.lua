-- Forces the local fallback (order capture with no uplink) through
-- evt-failover, checks with evt-probe that order capture answers there, and
-- tells on-call; action=release hands control back to the rules. Settings
-- (runbooks.failover-to-local): path (default "local"), verify (the probe
-- target that proves order capture answers; none: not checked), for (how
-- long the force holds, default "30m").
local records = require("evt_records")

local function active_path()
  local status = records.require_code(evt.tool("failover", { "status", "--json" }, { mutates = false }), "evt-failover status")
  for _, record in ipairs(status.records) do
    if record.kind == "failover.path" and record.active then return record.path, record end
  end
  return nil
end

return {
  description = "force the local fallback and check order capture answers there; action=release hands control back",
  params = {
    action = { description = "force (default) or release", default = "force" },
  },
  mutates = { "the active path (evt-failover force/release)" },
  lock = "failover",
  run = function()
    local settings = evt.config() or {}
    local path = settings.path or "local"
    local action = evt.var("action")
    if action ~= "force" and action ~= "release" then error("action: expected force or release, got \"" .. action .. "\"") end
    if action == "release" then
      evt.step("release", function() records.require_code(evt.tool("failover", { "release" }), "evt-failover release") end)
      evt.step("notify", function()
        evt.notify("traffic handed back to evt-failover's rules (local fallback released)", { severity = "info" })
      end, { always = true })
      return
    end
    evt.step("force " .. path, function()
      records.require_code(evt.tool("failover", { "force", path, "--for", settings["for"] or "30m" }), "evt-failover force")
    end)
    evt.step("confirm " .. path .. " is active", function()
      if evt.dry_run then return end
      local active = active_path()
      if active ~= path then error("the active path is " .. tostring(active) .. ", not " .. path .. " yet") end
    end, { retry = 10, delay = "500ms" })
    if settings.verify then
      evt.step("order capture answers (" .. settings.verify .. ")", function()
        local probe = records.require_code(evt.tool("probe", { "run", "--json", settings.verify }, { mutates = false }),
                                           "evt-probe run " .. settings.verify, { 0, 1 })
        for _, record in ipairs(probe.records) do
          if (record.kind == "probe" or record.kind == "flow") and not record.ok then
            error(settings.verify .. ": " .. tostring(record.error or record.failed_step or "failed"))
          end
        end
      end, { retry = 2, delay = "1s" })
    else
      evt.log.warn("runbooks.failover-to-local.verify names no probe target: order capture not checked")
    end
    evt.step("notify", function()
      evt.notify("traffic forced to " .. path .. "; release with: evt-runbook run failover-to-local --var action=release",
                 { severity = "critical", key = "failover-to-local:" .. path })
    end, { always = true })
  end,
}
