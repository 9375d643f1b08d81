-- The failover drill: a real failure induced on the drill path with the
-- configured `drill.break` command, timed until the running evt-failover
-- (watch or decide) moves traffic off it, then `drill.restore`, which runs
-- whatever happened in between.
local records = require("evt_records")
local ptime = require("preflight_time")

local M = {}

local function active_path()
  local r = records.require_code(evt.tool("failover", { "status", "--json" }, { mutates = false }),
                                 "evt-failover status")
  for _, p in ipairs(r.records) do
    if p.kind == "failover.path" and p.active then return p end
  end
  return nil
end

-- Polls until the active path is no longer `path`; returns when it moved
-- (by the decider's active_since when it is after `started`) and where to.
local function wait_switch(path, started, deadline_ms, poll)
  while evt.now() < deadline_ms do
    local active = active_path()
    if active and active.path ~= path then
      local since = ptime.parse_ms(active.active_since)
      local at = (since and since >= started) and since or evt.now()
      return at - started, active.path
    end
    evt.sleep(poll)
  end
  return nil
end

function M.run(s)
  local drill = s.drill
  local path = s.drill_path
  if drill == nil or path == nil then return { not_run = "no drill configured (runbooks.preflight.drill and drill_path)" } end
  local break_argv, restore_argv = drill["break"], drill.restore
  if not break_argv or not restore_argv then error("runbooks.preflight.drill: needs both \"break\" and \"restore\" (argv lists)") end
  local active = active_path()
  if not active then return { not_run = "evt-failover status shows no active path: is evt-failover watch running?" } end
  if active.path ~= path then return { not_run = "the active path is " .. active.path .. ", not the drill path " .. path } end
  local max_ms = s.failover_max_ms or 5000
  local started = evt.now()
  local limit = { timeout = s.drill_command_timeout or "30s" }
  local broken = evt.exec(break_argv, limit)
  if broken.dry_run then
    evt.exec(restore_argv, limit)
    return { would_run = "break " .. path .. " and time the switch" }
  end
  local ok, moved_ms, to = pcall(function()
    records.require_code(broken, "drill.break")
    return wait_switch(path, started, started + (s.drill_wait_ms or 2 * max_ms), s.drill_poll or "100ms")
  end)
  records.require_code(evt.exec(restore_argv, limit), "drill.restore")
  if not ok then error(moved_ms, 0) end
  if not moved_ms then
    return { ok = false, figure = "still on " .. path .. " after " .. (evt.now() - started) ..
                                  " ms (is evt-failover watch or decide running?)" }
  end
  return { ok = moved_ms <= max_ms, figure = string.format("%d ms, %s -> %s", moved_ms, path, to) }
end

return M
