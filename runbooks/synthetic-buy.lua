-- The checkout flow, run by the evt-synthetic-buy timer every 30 s: the
-- configured flow target once through evt-probe, its outcome fed to
-- evt-budget as an event of the error budget whose events_from names the
-- target, and on-call told (once per dedup window) when customers could
-- not have paid. A failed flow fails the run, so the timer's unit shows it.
-- With runbooks.synthetic-buy.textfile, the same run writes the flow's
-- Prometheus series (evt_flow_*) there, for the shipped evt-flows rules.
local records = require("evt_records")

return {
  description = "run the synthetic checkout flow once and feed its outcome to the error budget",
  params = {
    target = { description = "the probe target with \"check\": \"flow\"", default = "checkout" },
    textfile = { description = "also write the run's metrics there, for node_exporter's textfile collector (default: none)",
                 default = "" },
  },
  mutates = { "the error budget's events (evt-budget ingest)" },
  lock = "synthetic-buy",
  run = function()
    local target = evt.var("target")
    local flow = evt.step("flow", function()
      -- The flow buys (POST /cart, /pay): a dry run only shows it.
      -- The same run writes the Prometheus textfile: a second run would buy twice.
      local argv = { "run", "--json", target }
      local textfile = evt.var("textfile")
      if textfile ~= "" then
        table.insert(argv, "--textfile")
        table.insert(argv, textfile)
      end
      local result = evt.tool("probe", argv)
      if result.dry_run then return nil end
      records.require_code(result, "evt-probe run " .. target, { 0, 1 })
      return records.first(result, "flow") or error("evt-probe run " .. target .. " gave no flow record: is it a flow target?")
    end)
    if not flow then return end
    evt.step("feed the error budget", function()
      records.require_code(evt.tool("budget", { "ingest", "-" }, { stdin = { flow } }), "evt-budget ingest")
    end)
    if flow.ok then
      evt.log.info(target .. ": ok in " .. flow.total_ms .. " ms")
      return
    end
    local why = target .. ": the checkout flow failed at " .. tostring(flow.failed_step) .. ": " .. tostring(flow.error)
    evt.step("notify", function()
      evt.notify(why, { severity = "critical", key = "synthetic-buy:" .. target .. ":" .. tostring(flow.failed_step) })
    end, { always = true })
    error(why)
  end,
}
