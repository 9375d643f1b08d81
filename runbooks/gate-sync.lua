-- Brings this gate's grow-only sets level with the rest of the site, then
-- reports the double admissions the exchange revealed (told to on-call,
-- never dropped). Two ways, chosen by the config (doc/design.md §18):
--
-- * site.hub set: through the PostgreSQL hub. `evt-token scans sync`
--   pushes what the hub lacks and pulls what this gate lacks (scans and
--   revocations); `evt-price redemptions sync` and `evt-budget usage sync`
--   do the same for the sets of the tools the config has a section for.
--   One round trip per set, whatever the number of gates.
-- * otherwise: pairwise, with gate-sync's gates and transport. Pulls each
--   gate's export into this gate's set, then pushes the union back to each,
--   so after one run every reachable gate holds what any of them held.
--
-- Either way the merge is a union, so a gate or hub that could not be
-- reached is simply caught up next time; the run fails and pages so that
-- someone knows the sets may differ meanwhile.
local records = require("evt_records")
local gates = require("evt_gates")

-- evt.config gives an absent section as an empty table.
local function configured(section)
  return next(evt.config(section)) ~= nil
end

-- The hub syncs this gate runs: the scan set always, the others where
-- their tool is configured. `accepted` as the matching merge verbs exit.
local function hub_syncs()
  local syncs = { { tool = "token", args = { "scans", "sync", "--json" }, accepted = { 0 } } }
  if configured("price") then
    table.insert(syncs, { tool = "price", args = { "redemptions", "sync", "--json" }, accepted = { 0, 1 } })
  end
  if configured("budget") then
    table.insert(syncs, { tool = "budget", args = { "usage", "sync", "--json" }, accepted = { 0 } })
  end
  return syncs
end

-- Returns what synced and what could not reach the hub (names for the log
-- and the page).
local function sync_through_hub()
  local synced, failed = {}, {}
  for _, sync in ipairs(hub_syncs()) do
    local what = "evt-" .. sync.tool .. " " .. table.concat(sync.args, " ", 1, 2)
    local ok = evt.step("hub: " .. what, function()
      records.require_code(evt.tool(sync.tool, sync.args), what, sync.accepted)
      return true
    end, { retry = 1, delay = "2s", always = true })
    table.insert(ok and synced or failed, what)
  end
  return synced, failed
end

-- Returns the gates reached and those that were not.
local function sync_pairwise(settings)
  local reached, unreachable = {}, {}
  for _, gate in ipairs(gates.gates(settings)) do
    local ok = evt.step("pull from " .. gate, function()
      local export = records.require_code(
          evt.exec(gates.token_argv(settings, gate, { "scans", "export" }), { mutates = false }), "scans export on " .. gate)
      records.require_code(evt.tool("token", { "scans", "merge", "-" }, { stdin = export.stdout }), "evt-token scans merge")
      return true
    end, { retry = 1, delay = "2s", always = true })
    if ok then table.insert(reached, gate) else table.insert(unreachable, gate) end
  end
  local ours = evt.step("export", function()
    return records.require_code(evt.tool("token", { "scans", "export" }, { mutates = false }), "evt-token scans export").stdout
  end, { always = true })
  for _, gate in ipairs(reached) do
    evt.step("push to " .. gate, function()
      records.require_code(evt.exec(gates.token_argv(settings, gate, { "scans", "merge", "-" }), { stdin = ours }),
                           "scans merge on " .. gate)
    end, { retry = 1, delay = "2s", always = true })
  end
  return reached, unreachable
end

local function double_admissions()
  return evt.step("report", function()
    local report = records.require_code(evt.tool("token", { "scans", "report", "--json" }, { mutates = false }),
                                        "evt-token scans report", { 0, 1 })
    local found = {}
    for _, record in ipairs(report.records) do
      if record.kind == "double_admission" then table.insert(found, record) end
    end
    return found
  end, { always = true }) or {}
end

return {
  description = "exchange scan and revocation sets through the hub (site.hub) or with the configured gates; report double admissions",
  params = {},
  mutates = { "this gate's scan set (scans merge, scans sync)", "every gate's scan set (scans merge)",
              "the hub's sets (scans sync; redemptions sync and usage sync where price and budget are configured)" },
  lock = "gate-sync",
  run = function()
    local settings = evt.config() or {}
    local hub = evt.config("site").hub
    local unreachable
    if hub ~= nil and hub ~= "" then
      local synced
      synced, unreachable = sync_through_hub()
      if #unreachable > 0 then unreachable = { "the hub (" .. table.concat(unreachable, ", ") .. ")" } end
      evt.log.info("synced through the hub: " .. (#synced > 0 and table.concat(synced, ", ") or "nothing"))
    else
      local reached
      reached, unreachable = sync_pairwise(settings)
      evt.log.info("synced with " .. #reached .. " gate(s); " .. #unreachable .. " unreachable")
    end
    local doubles = double_admissions()
    evt.log.info(#doubles .. " double admission(s)")
    evt.step("notify", function()
      if #doubles > 0 then
        local tickets = {}
        for _, d in ipairs(doubles) do table.insert(tickets, tostring(d.jti)) end
        evt.notify(#doubles .. " ticket(s) admitted at two gates before they synced: " .. table.concat(tickets, ", "),
                   { severity = "warning", key = "gate-sync:doubles:" .. table.concat(tickets, ",") })
      end
      if #unreachable > 0 then
        evt.notify("gate-sync could not reach " .. table.concat(unreachable, ", "),
                   { severity = "warning", key = "gate-sync:unreachable:" .. table.concat(unreachable, ",") })
      end
    end, { always = true })
    if #unreachable > 0 then error("could not reach " .. table.concat(unreachable, ", ")) end
  end,
}
