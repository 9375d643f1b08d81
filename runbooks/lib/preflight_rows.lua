-- The rows of preflight's go/no-go matrix and when each is required: a row
-- is required when the config has what it checks (a token section: the
-- ticket row), unless runbooks.preflight.optional names it. A row that is
-- not required and cannot run is skipped, which is neither go nor no-go.
local checks = require("preflight_checks")
local drill = require("preflight_drill")

local M = {}

local function contains(list, word)
  for _, w in ipairs(list or {}) do
    if w == word then return true end
  end
  return false
end

-- evt.config gives an absent section as an empty table.
local function has_section(name)
  return next(evt.config(name) or {}) ~= nil
end

local function budgets_with(test)
  for _, budget in ipairs((evt.config("budget") or {}).budgets or {}) do
    if test(budget) then return true end
  end
  return false
end

local function has_cdn_target()
  for _, target in pairs((evt.config("probe") or {}).targets or {}) do
    if target.check == "cdn" then return true end
  end
  return false
end

local function has_path_targets()
  for _, path in ipairs((evt.config("failover") or {}).paths or {}) do
    if path.targets and #path.targets > 0 then return true end
  end
  return false
end

-- Each row: id, name, limit (the threshold as text), check, and `needs`:
-- nil when the config has what the row checks, else what it lacks.
M.ROWS = {
  { id = "config", name = "site config valid", check = checks.config_valid, needs = function() return nil end },
  { id = "clock", name = "clock synchronised", check = checks.clock_synchronised,
    needs = function(s)
      if s.clock_command or contains((evt.config("runbook") or {}).allow_exec, "timedatectl") then return nil end
      return "no clock_command, and timedatectl is not in runbook.allow_exec"
    end },
  { id = "gate_skew", name = "gate clock skew", limit = function(s) return "<= " .. (s.max_clock_skew_ms or 500) .. " ms" end,
    check = checks.gate_clock_skew,
    needs = function()
      local gates = ((evt.config("runbooks") or {})["gate-sync"] or {}).gates
      if gates and #gates > 0 then return nil end
      return "no gates (runbooks.gate-sync.gates)"
    end },
  { id = "price", name = "price engine cold start", limit = function(s) return "<= " .. (s.price_cold_start_ms or 150) .. " ms" end,
    check = checks.price_cold_start, needs = function() return not has_section("price") and "no price section" or nil end },
  { id = "ticket", name = "ticket signed, scanned, refused on rescan", check = checks.ticket_single_admission,
    needs = function() return not has_section("token") and "no token section" or nil end },
  { id = "cost", name = "cost per 1k edge executions", limit = function() return "<= cost_per_1k.max" end,
    check = checks.cost_per_1k,
    needs = function()
      return not budgets_with(function(b) return b.cost_per_1k ~= nil end) and "no budget.budgets[].cost_per_1k" or nil
    end },
  { id = "battery", name = "battery covers the remaining hours", check = checks.battery,
    needs = function()
      return not budgets_with(function(b) return b.unit == "energy" end) and "no energy budget in budget.budgets" or nil
    end },
  { id = "cdn", name = "CDN cache hit ratio", limit = function(s) return ">= " .. (s.cdn_min_hit_ratio or 0.85) end,
    check = checks.cdn_hit_ratio,
    needs = function(s) return not (s.cdn_target or has_cdn_target()) and "no probe target with \"check\": \"cdn\"" or nil end },
  { id = "dns", name = "DNS points at", limit = function(s) return s.dns_environment or "live" end,
    check = checks.dns_points_at,
    needs = function()
      return #checks.mapped_dns_targets() == 0 and "no dns target whose name is in probe.dns_map" or nil
    end },
  { id = "uplinks", name = "uplink loss and latency", check = checks.uplinks,
    needs = function() return not has_path_targets() and "no failover path with targets" or nil end },
  -- Last: it breaks a path on purpose.
  { id = "drill", name = "failover to the fallback", limit = function(s) return "<= " .. (s.failover_max_ms or 5000) .. " ms" end,
    check = drill.run, needs = function() return not has_section("failover") and "no failover section" or nil end },
}

function M.ids()
  local ids = {}
  for _, row in ipairs(M.ROWS) do table.insert(ids, row.id) end
  return ids
end

-- Refuses a runbooks.preflight.optional that names no row: a typo there
-- would otherwise make a required row's failure silently no-go.
function M.check_optional(s)
  local known = {}
  for _, id in ipairs(M.ids()) do known[id] = true end
  for _, id in ipairs(s.optional or {}) do
    if not known[id] then
      error("runbooks.preflight.optional: \"" .. tostring(id) .. "\" is not a row; expected some of " ..
            table.concat(M.ids(), ", "), 0)
    end
  end
end

function M.is_optional(s, id) return contains(s.optional, id) end

return M
