-- Rotates the key that signs tickets without a gate ever refusing a good
-- one: a new key is made (published, not signing), its public half goes to
-- every gate, each gate is asked until it holds it, and only then does the
-- new key sign; the old one keeps verifying for the grace period.
local records = require("evt_records")
local gates = require("evt_gates")

return {
  description = "new signing key: publish to the gates, wait until each holds it, switch signing, keep the old for grace",
  params = {
    grace = { description = "how long the old key keeps verifying (default: token.ttl plus leeway)", default = "" },
    confirm_tries = { description = "how many times to ask each gate for the new key", default = "10" },
  },
  mutates = { "the key ring (keys new, keys rotate)", "every gate's key ring (keys import)" },
  lock = "rotate-signing-key",
  run = function()
    local settings = evt.config() or {}
    local kid = evt.step("new key", function()
      local result = records.require_code(evt.tool("token", { "keys", "new", "--json" }), "evt-token keys new")
      if evt.dry_run then return "NEW-KEY" end
      local key = records.first(result, "token.key") or error("evt-token keys new gave no token.key record")
      if key.state ~= "published" then
        error("the new key " .. key.kid .. " is " .. key.state .. ", not published: is there no active key to rotate from?")
      end
      return key.kid
    end)
    if not kid then return end
    local jwks = evt.step("export " .. kid, function()
      if evt.dry_run then return "" end
      return records.require_code(evt.tool("token", { "keys", "export", "--", kid }, { mutates = false }), "evt-token keys export").stdout
    end)
    local rotated = false
    local tries = tonumber(evt.var("confirm_tries")) or error("confirm_tries: expected a number")
    for _, gate in ipairs(gates.gates(settings)) do
      evt.step("publish to " .. gate, function()
        records.require_code(evt.exec(gates.token_argv(settings, gate, { "keys", "import", "-" }), { stdin = jwks }),
                             "keys import on " .. gate)
      end, { retry = 2, delay = "2s" })
      evt.step("confirm " .. gate, function()
        if evt.dry_run then return end
        local listed = records.require_code(
            evt.exec(gates.token_argv(settings, gate, { "keys", "list", "--json" }), { mutates = false }), "keys list on " .. gate)
        for _, key in ipairs(gates.records(listed.stdout)) do
          if key.kid == kid then return end
        end
        error(gate .. " does not hold " .. kid .. " yet")
      end, { retry = tries - 1, delay = "2s" })
    end
    evt.step("switch signing to " .. kid, function()
      local args = { "keys", "rotate", "--to", kid, "--json" }
      if evt.var("grace") ~= "" then
        table.insert(args, "--grace")
        table.insert(args, evt.var("grace"))
      end
      records.require_code(evt.tool("token", args), "evt-token keys rotate")
      rotated = true
    end)
    evt.step("notify", function()
      if rotated then
        evt.notify("signing key rotated to " .. kid .. " after " .. #gates.gates(settings) .. " gate(s) confirmed it",
                   { severity = "info", key = "rotate-signing-key:" .. kid })
      else
        evt.notify("signing key rotation stopped before switching: " .. kid .. " is published but does not sign; "
                   .. "see evt-runbook history", { severity = "critical", key = "rotate-signing-key:" .. kid })
      end
    end, { always = true })
  end,
}
