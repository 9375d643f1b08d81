-- Acts on evt-budget's governor: when it sheds a tier, the components of
-- that tier are paused with the commands in runbooks.shed-non-essential.pause;
-- when it restores one, they are resumed with .resume. Run it from a timer
-- or after each scrape; it does nothing when the governor keeps its level.
local records = require("evt_records")

return {
  description = "act on evt-budget check: pause the components of the tiers shed, resume them when restored",
  params = {
    at = { description = "decide as of this RFC 3339 time instead of now (drills and replays)", default = "" },
  },
  mutates = { "the budget governor's level", "the components' services (runbooks.shed-non-essential.pause/resume)" },
  lock = "shed-non-essential",
  run = function()
    local settings = evt.config() or {}
    local args = { "check", "--json" }
    if evt.var("at") ~= "" then
      table.insert(args, "--at")
      table.insert(args, evt.var("at"))
    end
    -- A dry run asks for the decision without storing the level, so it can
    -- show the plan; a real check stores it and is the change this runbook makes.
    if evt.dry_run then table.insert(args, "--dry-run") end
    local decision = evt.step("decide", function()
      local result = evt.tool("budget", args, { mutates = not evt.dry_run })
      records.require_code(result, "evt-budget check", { 0, 1 })
      return records.first(result, "decision") or error("evt-budget check gave no decision record")
    end)
    if not decision then return end
    evt.log.info(decision.action .. " (level " .. decision.previous_level .. " -> " .. decision.level .. "): " .. decision.reason)
    if decision.action == "keep" then return end

    local verb = decision.action == "shed" and "pause" or "resume"
    local commands = settings[verb] or {}
    local done = {}
    for _, component in ipairs(decision.changed_components) do
      local argv = commands[component]
      if argv == nil then
        evt.log.warn("no command to " .. verb .. " " .. component .. " (runbooks.shed-non-essential." .. verb .. ")")
      else
        evt.step(verb .. " " .. component, function()
          records.require_code(evt.exec(argv), table.concat(argv, " "))
          table.insert(done, component)
        end, { retry = 1, delay = "2s" })
      end
    end
    evt.step("notify", function()
      local what = #done > 0 and table.concat(done, ", ") or "nothing"
      evt.notify("budget " .. decision.action .. ": " .. verb .. "d " .. what .. "; " .. decision.reason,
                 { severity = decision.action == "shed" and "warning" or "info", key = "shed-level-" .. decision.level })
    end, { always = true })
  end,
}
