-- Keeps the components evt-budget's governor sheds paused, and the others
-- running: a reconcile (lib/evt_shed.lua), so the timer that runs it every
-- minute re-applies what a missed run, a failed stop or a restarted service
-- undid, and a run with nothing to do changes nothing. It runs
-- `evt-budget check` itself (that stores the level), then asks each
-- component its status. Hands off while the site is held (`evt-budget state
-- hold`) and for a component under runbooks.shed-non-essential.hold.
local records = require("evt_records")
local shed = require("evt_shed")

local function decide()
  local args = { "check", "--json" }
  if evt.var("at") ~= "" then
    table.insert(args, "--at")
    table.insert(args, evt.var("at"))
  end
  -- A dry run asks for the decision without storing the level, so it can
  -- show the plan; a real check stores it and is a change this runbook makes.
  if evt.dry_run then table.insert(args, "--dry-run") end
  local result = evt.tool("budget", args, { mutates = not evt.dry_run })
  records.require_code(result, "evt-budget check", { 0, 1, 3 })
  return records.first(result, "decision") or error("evt-budget check gave no decision record")
end

local function as_set(list)
  local set = {}
  for _, name in ipairs(list or {}) do set[name] = true end
  return set
end

return {
  description = "keep the components of the tiers evt-budget sheds paused and the others running (a reconcile)",
  params = {
    at = { description = "decide as of this RFC 3339 time instead of now (drills and replays)", default = "" },
  },
  mutates = { "the budget governor's level", "the components' services (runbooks.shed-non-essential.pause/resume)" },
  lock = "shed-non-essential",
  run = function()
    local settings = evt.config() or {}
    shed.check_settings(settings, "runbooks.shed-non-essential")
    local decision = evt.step("decide", decide)
    if not decision then return end
    evt.log.info(decision.action .. " (level " .. decision.previous_level .. " -> " .. decision.level .. "): " .. decision.reason)
    local held = evt.step("site hold", shed.site_hold)
    if held == nil then return end
    if held then
      evt.log.info("site " .. held .. "; leaving the components as they are")
      return
    end
    local done = shed.reconcile(settings, shed.wanted_by_decision(decision), as_set(decision.changed_components))
    evt.step("notify", function()
      if #done.paused + #done.resumed + #done.mismatched == 0 then return end
      local parts = {}
      if #done.paused > 0 then table.insert(parts, "paused " .. table.concat(done.paused, ", ")) end
      if #done.resumed > 0 then table.insert(parts, "resumed " .. table.concat(done.resumed, ", ")) end
      if #done.mismatched > 0 then table.insert(parts, "could not set " .. table.concat(done.mismatched, ", ")) end
      evt.notify("budget level " .. decision.level .. ": " .. table.concat(parts, "; ") .. "; " .. decision.reason,
                 { severity = (decision.level > 0 or #done.mismatched > 0) and "warning" or "info",
                   key = "shed:" .. decision.level .. ":" .. table.concat(parts, ";") })
    end, { always = true })
    if #done.mismatched > 0 then error("not as the governor wants: " .. table.concat(done.mismatched, ", ")) end
  end,
}
