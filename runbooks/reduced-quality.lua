-- Switches the encoders to reduced quality and back with the commands in
-- runbooks.reduced-quality.on / .off. With mode=auto it decides: reduced
-- when evt-budget's governor has shed the degraded tier (level 2), or when
-- the uplink's throughput metric (runbooks.reduced-quality.throughput:
-- {source, metric, below}) is under its floor; full quality otherwise.
local records = require("evt_records")

local function budget_wants_reduced()
  local result = evt.tool("budget", { "check", "--dry-run", "--json" }, { mutates = false })
  records.require_code(result, "evt-budget check --dry-run", { 0, 1, 3 })
  local decision = records.first(result, "decision")
  return decision ~= nil and decision.level >= 2, decision and decision.reason or "no decision"
end

local function throughput_wants_reduced(spec)
  if spec == nil then return false, "no throughput floor configured" end
  local result = evt.tool("scrape", { "run", "--json", spec.source }, { mutates = false })
  records.require_code(result, "evt-scrape run " .. spec.source, { 0, 1 })
  for _, record in ipairs(result.records) do
    if record.kind == "metric" and record.name == spec.metric and type(record.value) == "number" then
      return record.value < spec.below, spec.metric .. " = " .. record.value .. " (floor " .. spec.below .. ")"
    end
  end
  return false, spec.metric .. " not found in " .. spec.source .. "'s scrape"
end

return {
  description = "switch encodes to reduced quality when the uplink or the budget says so, and back",
  params = {
    mode = { description = "on, off, or auto (decide from the budget and the uplink's throughput)", default = "auto" },
  },
  mutates = { "the encoders (runbooks.reduced-quality.on/off)" },
  lock = "reduced-quality",
  run = function()
    local settings = evt.config() or {}
    local mode = evt.var("mode")
    if mode ~= "on" and mode ~= "off" and mode ~= "auto" then error("mode: expected on, off or auto, got \"" .. mode .. "\"") end
    local why = "asked for " .. mode
    if mode == "auto" then
      mode = evt.step("decide", function()
        local by_budget, budget_why = budget_wants_reduced()
        local by_uplink, uplink_why = throughput_wants_reduced(settings.throughput)
        why = "budget: " .. budget_why .. "; uplink: " .. uplink_why
        return (by_budget or by_uplink) and "on" or "off"
      end)
      if not mode then return end
    end
    local argv = settings[mode] or error("runbooks.reduced-quality." .. mode .. ": no command configured")
    evt.step("reduced quality " .. mode, function()
      records.require_code(evt.exec(argv), table.concat(argv, " "))
    end, { retry = 1, delay = "2s" })
    evt.log.info("reduced quality " .. mode .. " (" .. why .. ")")
  end,
}
