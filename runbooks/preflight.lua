-- The go/no-go matrix before doors open: each row a figure measured on the
-- live site against its threshold, one step per row, then the matrix on
-- stdout (a `preflight` record, or a table on a terminal: evt.emit) and a
-- "go/no-go" step that fails on any no-go, so
-- the run exits 0 only on go. A row is required when the config has what
-- it checks (the list below); a required row that cannot run is
-- a no-go unless its id is in `optional`, which makes it skipped. A row
-- whose section is absent is skipped, not run. Skipped is neither go nor
-- no-go, but a matrix where nothing was measured is not a go. The final
-- error names the rows that are no-go. A dry run breaks nothing: the drill
-- and the ticket scans are shown, not made.
--
-- Rows, and what in the config makes each required:
--   config     always
--   clock      clock_command, or timedatectl in runbook.allow_exec
--   gate_skew  runbooks.gate-sync.gates
--   price      a price section
--   ticket     a token section
--   cost       a budget with cost_per_1k
--   battery    an energy budget
--   cdn        a probe target with "check": "cdn", or cdn_target
--   dns        a "dns" probe target whose name is in probe.dns_map
--   uplinks    a failover path with targets
--   drill      a failover section
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
--   dns_environment ("live")   the dns row: `evt-probe run --environment` of every
--                              dns target whose name probe.dns_map maps; a name
--                              resolving to another environment's address is a
--                              no-go that says whose address it is
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
--   optional                   row ids whose "not run" is skipped, not a no-go:
--                              config, clock, gate_skew, price, ticket, cost,
--                              battery, cdn, dns, uplinks, drill (another id is an error)
local rows = require("preflight_rows")
local matrix = require("preflight_matrix")

-- Runs one row as a step; fills in row.verdict and row.figure whatever
-- happens. Verdicts: go, no-go, skipped, dry_run.
local function measure(s, row)
  local label = row.name .. (row.limit and (" " .. row.limit(s)) or "")
  row.label = label
  local lacking = row.needs(s)
  if lacking then
    row.verdict, row.figure = "skipped", lacking
    evt.log.info(row.id .. ": skipped: " .. lacking)
    return
  end
  local _, err = evt.step(label, function()
    row.verdict, row.figure = "no-go", nil
    local ok, result = pcall(row.check, s)
    if not ok then
      -- The message without the Lua position of the helper that raised it.
      row.figure = "error: " .. tostring(result):gsub("^[^:\n]*%.lua:%d+: ", "")
      error(row.figure, 0)
    end
    if result.would_run then
      row.verdict, row.figure = "dry_run", "would " .. result.would_run
    elseif result.not_run then
      if rows.is_optional(s, row.id) then
        row.verdict, row.figure = "skipped", "optional, not run: " .. result.not_run
      else
        row.figure = "not run: " .. result.not_run
        error(row.figure, 0)
      end
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
    rows.check_optional(s)
    for _, row in ipairs(rows.ROWS) do measure(s, row) end
    local nogo = matrix.emit(rows.ROWS)
    evt.step("go/no-go", function()
      if nogo then
        evt.log.error(nogo)
        error(nogo, 0)
      end
      evt.log.info(evt.dry_run and "GO so far (dry run: the drill and the scans were not made)" or "GO")
    end, { always = true })
  end,
}
