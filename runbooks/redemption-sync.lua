-- Exchanges coupon redemptions with the other kiosks
-- (runbooks.redemption-sync.kiosks, reached through .transport, an argv
-- that runs evt-price on a kiosk with "{kiosk}" replaced by its name): pulls
-- each kiosk's export into this kiosk's ledger, then pushes the union back,
-- so a coupon used up at one kiosk is refused at the next. The merge is a
-- union, so a kiosk that could not be reached is caught up next time.
-- Over-redemptions the exchange reveals are told to on-call.
local records = require("evt_records")

local function price_argv(settings, kiosk, args)
  local transport = settings.transport
  if transport == nil or #transport == 0 then
    error("runbooks.redemption-sync.transport: no command to reach the kiosks (e.g. [\"ssh\", \"{kiosk}\", \"evt-price\"])")
  end
  local argv = {}
  for _, word in ipairs(transport) do table.insert(argv, (word:gsub("{kiosk}", kiosk))) end
  for _, word in ipairs(args) do table.insert(argv, word) end
  return argv
end

return {
  description = "exchange coupon redemptions with the configured kiosks; report over-redemptions",
  params = {},
  mutates = { "this kiosk's redemptions (redemptions merge)", "every kiosk's redemptions (redemptions merge)" },
  lock = "redemption-sync",
  run = function()
    local settings = evt.config() or {}
    for key in pairs(settings) do
      if key ~= "kiosks" and key ~= "transport" then
        error("runbooks.redemption-sync." .. tostring(key) .. ": unknown setting (expected kiosks or transport)")
      end
    end
    local reached, unreachable = {}, {}
    for _, kiosk in ipairs(settings.kiosks or {}) do
      local ok = evt.step("pull from " .. kiosk, function()
        local export = records.require_code(
            evt.exec(price_argv(settings, kiosk, { "redemptions", "export" }), { mutates = false }),
            "redemptions export on " .. kiosk)
        records.require_code(evt.tool("price", { "redemptions", "merge", "-" }, { stdin = export.stdout }),
                             "evt-price redemptions merge", { 0, 1 })
        return true
      end, { retry = 1, delay = "2s", always = true })
      if ok then table.insert(reached, kiosk) else table.insert(unreachable, kiosk) end
    end
    local ours = evt.step("export", function()
      return records.require_code(evt.tool("price", { "redemptions", "export" }, { mutates = false }),
                                  "evt-price redemptions export").stdout
    end, { always = true })
    for _, kiosk in ipairs(reached) do
      evt.step("push to " .. kiosk, function()
        records.require_code(evt.exec(price_argv(settings, kiosk, { "redemptions", "merge", "-" }), { stdin = ours }),
                             "redemptions merge on " .. kiosk, { 0, 1 })
      end, { retry = 1, delay = "2s", always = true })
    end
    local over = evt.step("report", function()
      local report = records.require_code(evt.tool("price", { "redemptions", "over", "--json" }, { mutates = false }),
                                          "evt-price redemptions over", { 0, 1 })
      local found = {}
      for _, record in ipairs(report.records) do
        if record.kind == "over_redemption" then table.insert(found, record) end
      end
      return found
    end, { always = true }) or {}
    evt.log.info("synced with " .. #reached .. " kiosk(s); " .. #unreachable .. " unreachable; " .. #over .. " over-redemption(s)")
    evt.step("notify", function()
      if #over > 0 then
        local what = {}
        for _, o in ipairs(over) do table.insert(what, tostring(o.promotion or o.coupon or "?")) end
        evt.notify(#over .. " over-redemption(s) after the kiosks synced: " .. table.concat(what, ", "),
                   { severity = "warning", key = "redemption-sync:over:" .. table.concat(what, ",") })
      end
      if #unreachable > 0 then
        evt.notify("redemption-sync could not reach " .. table.concat(unreachable, ", "),
                   { severity = "warning", key = "redemption-sync:unreachable:" .. table.concat(unreachable, ",") })
      end
    end, { always = true })
    if #unreachable > 0 then error("could not reach " .. table.concat(unreachable, ", ")) end
  end,
}
