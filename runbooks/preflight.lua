-- The go/no-go matrix before doors open: each row a figure measured on the
-- live site against its threshold, one step per row, then a summary table
-- (evt.log.info lines) and a "go/no-go" step that fails on any no-go, so
-- the run exits 0 only on go. A row that cannot run is "not run" and counts
-- as no-go unless its id is in `optional`. A dry run breaks nothing: the
-- drill and the ticket scans are shown, not made.
--
-- Settings, runbooks.preflight:
--   price_cold_start_ms (150)  `evt-price quote` of `cart` (a cart object,
--                              {"id": "preflight", "lines": [{"sku": ..., "qty": 1}]})
--   failover_max_ms (5000)     the drill: `drill = {"break": argv, "restore": argv}`
--                              (evt.exec, so listed in runbook.allow_exec) breaks
--                              `drill_path`, which must be active; the time until
--                              evt-failover status shows another path active;
--                              restore always runs. drill_wait_ms (2x max),
--                              drill_poll ("100ms"), drill_command_timeout ("30s");
--                              traffic returns after failover.failback_after
--   cdn_min_hit_ratio (0.85)   `evt-probe run` of `cdn_target` (default: the first
--                              "cdn" target) after one warm-up round (cdn_warmup)
--   cost per 1k                `evt-budget report RESOURCE --per 1000` against every
--                              budget.budgets[].cost_per_1k
--   ticket                     a throwaway ticket (sub "preflight-<ms>") signed and
--                              scanned twice at gate "preflight": admitted, then
--                              refused. The scans land in the gate's scan set unless
--                              `scan_state_dir` names a preflight-only state dir
--                              (it then verifies with token.jwks). ticket_ttl ("2m")
--   uplinks                    `evt-probe run` of every failover path's targets,
--                              uplink_count (10) probes every uplink_interval
--                              ("200ms"); loss and p95 against uplink_max_loss and
--                              uplink_max_p95_ms, else the path's degraded.raise,
--                              else 5% and 1000 ms
--   battery                    `evt-budget status`: each energy budget's need to
--                              reach site.ends_at within the energy above reserve
--   clock                      `clock_command` (timedatectl show -p NTPSynchronized
--                              --value) says "yes"; not run unless allow_exec lists it
--   gate skew, max_clock_skew_ms (500)  `evt-token decode` run on each gate through
--                              the gate-sync transport; its record's ts against
--                              this clock before and after the call (gate_timeout
--                              "10s"); a gate that cannot be reached is a no-go
--   config                     `config check` of every tool in `tools` (all)
--   step_timeout ("2m")        how long any row but the drill may take
--   optional                   row ids whose "not run" is not a no-go: config,
--                              clock, gate_skew, price, ticket, cost, battery, cdn,
--                              uplinks, drill
local checks = require("preflight_checks")
local drill = require("preflight_drill")

local ROWS = {
  { id = "config", name = "site config valid", check = checks.config_valid },
  { id = "clock", name = "clock synchronised", check = checks.clock_synchronised },
  { id = "gate_skew", name = "gate clock skew", limit = function(s) return "<= " .. (s.max_clock_skew_ms or 500) .. " ms" end,
    check = checks.gate_clock_skew },
  { id = "price", name = "price engine cold start", limit = function(s) return "<= " .. (s.price_cold_start_ms or 150) .. " ms" end,
    check = checks.price_cold_start },
  { id = "ticket", name = "ticket signed, scanned, refused on rescan", check = checks.ticket_single_admission },
  { id = "cost", name = "cost per 1k edge executions", limit = function() return "<= cost_per_1k.max" end,
    check = checks.cost_per_1k },
  { id = "battery", name = "battery covers the remaining hours", check = checks.battery },
  { id = "cdn", name = "CDN cache hit ratio", limit = function(s) return ">= " .. (s.cdn_min_hit_ratio or 0.85) end,
    check = checks.cdn_hit_ratio },
  { id = "uplinks", name = "uplink loss and latency", check = checks.uplinks },
  -- Last: it breaks a path on purpose.
  { id = "drill", name = "failover to the fallback", limit = function(s) return "<= " .. (s.failover_max_ms or 5000) .. " ms" end,
    check = drill.run },
}

local function is_optional(s, id)
  for _, o in ipairs(s.optional or {}) do
    if o == id then return true end
  end
  return false
end

-- Runs one row as a step; fills in row.verdict and row.figure whatever happens.
local function measure(s, row)
  local label = row.name .. (row.limit and (" " .. row.limit(s)) or "")
  row.label = label
  local _, err = evt.step(label, function()
    row.verdict, row.figure = "no-go", nil
    local ok, result = pcall(row.check, s)
    if not ok then
      -- The message without the Lua position of the helper that raised it.
      row.figure = "error: " .. tostring(result):gsub("^[^:\n]*%.lua:%d+: ", "")
      error(row.figure, 0)
    end
    if result.would_run then
      row.verdict, row.figure = "dry run", "would " .. result.would_run
    elseif result.not_run then
      row.verdict = is_optional(s, row.id) and "not run (optional)" or "not run"
      row.figure = result.not_run
      if row.verdict == "not run" then error("not run: " .. result.not_run, 0) end
    else
      row.verdict, row.figure = result.ok and "go" or "no-go", result.figure
      if not result.ok then error(row.figure, 0) end
    end
    evt.log.info(row.id .. ": " .. row.verdict .. ": " .. row.figure)
  end, { always = true, timeout = row.id ~= "drill" and (s.step_timeout or "2m") or nil })
  -- A step ended from outside (its timeout) left no figure of its own.
  if row.figure == nil then row.verdict, row.figure = "no-go", "error: " .. tostring(err) end
end

return {
  description = "the go/no-go matrix: every check measured against its threshold; exit 0 only on go",
  params = {},
  mutates = { "the failover drill: runbooks.preflight.drill breaks and restores drill_path",
              "a throwaway ticket: signed (the key ring notes its expiry), admitted in the scan set (or scan_state_dir)" },
  lock = "preflight",
  run = function()
    local s = evt.config() or {}
    for _, row in ipairs(ROWS) do measure(s, row) end
    local nogo = {}
    evt.log.info(string.format("%-48s %-20s %s", "CHECK", "VERDICT", "FIGURE"))
    for _, row in ipairs(ROWS) do
      evt.log.info(string.format("%-48s %-20s %s", row.label, row.verdict, row.figure))
      if row.verdict == "no-go" or row.verdict == "not run" then table.insert(nogo, row.id) end
    end
    evt.step("go/no-go", function()
      if #nogo > 0 then
        local verdict = "NO-GO: " .. table.concat(nogo, ", ")
        evt.log.error(verdict)
        error(verdict, 0)
      end
      evt.log.info(evt.dry_run and "GO so far (dry run: the drill and the scans were not made)" or "GO")
    end, { always = true })
  end,
}
