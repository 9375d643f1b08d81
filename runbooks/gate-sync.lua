-- Exchanges scan and revocation sets with the other gates (gate-sync's
-- gates and transport): pulls each gate's export into this gate's set,
-- then pushes the union back to each, so after one run every reachable
-- gate holds what any of them held. The merge is a union, so a gate that
-- could not be reached is simply caught up next time. Double admissions
-- the exchange reveals are reported and told to on-call, never dropped.
local records = require("evt_records")
local gates = require("evt_gates")

return {
  description = "exchange scan and revocation sets with the configured gates; report double admissions",
  params = {},
  mutates = { "this gate's scan set (scans merge)", "every gate's scan set (scans merge)" },
  lock = "gate-sync",
  run = function()
    local settings = evt.config() or {}
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
    local doubles = evt.step("report", function()
      local report = records.require_code(evt.tool("token", { "scans", "report", "--json" }, { mutates = false }),
                                          "evt-token scans report", { 0, 1 })
      local found = {}
      for _, record in ipairs(report.records) do
        if record.kind == "double_admission" then table.insert(found, record) end
      end
      return found
    end, { always = true }) or {}
    evt.log.info("synced with " .. #reached .. " gate(s); " .. #unreachable .. " unreachable; " .. #doubles .. " double admission(s)")
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
