-- The measurements behind preflight's rows. Each check takes the runbook's
-- settings and returns {figure = text, ok = bool}, or {not_run = why}, or
-- {would_run = what} in a dry run; a tool that fails raises, which makes
-- the row an error (no-go).
local records = require("evt_records")
local gates = require("evt_gates")
local ptime = require("preflight_time")
local money = require("evt_money")

local M = {}

local function fmt(n)
  if n == math.floor(n) then return string.format("%d", n) end
  return string.format("%.3g", n)
end

local function contains(list, word)
  for _, w in ipairs(list or {}) do
    if w == word then return true end
  end
  return false
end

local function all_of(result, kind)
  local out = {}
  for _, record in ipairs(result.records or {}) do
    if record.kind == kind then table.insert(out, record) end
  end
  return out
end

local function exec_allowed(argv)
  return contains((evt.config("runbook") or {}).allow_exec, argv[1])
end

function M.config_valid(s)
  local bad = {}
  local tools = s.tools or { "probe", "failover", "price", "token", "scrape", "budget", "runbook" }
  if #tools == 0 then return { not_run = "no tools to check (runbooks.preflight.tools is empty)" } end
  for _, tool in ipairs(tools) do
    local ran, r = pcall(evt.tool, tool, { "config", "check" }, { mutates = false })
    if not ran then
      table.insert(bad, tool .. ": " .. tostring(r))
    elseif r.code ~= 0 then
      table.insert(bad, tool .. ": " .. ((r.stderr or ""):gsub("%s+$", ""):gsub("\n", "; ")))
    end
  end
  if #bad > 0 then return { ok = false, figure = table.concat(bad, " | ") } end
  return { ok = true, figure = #tools .. " tools' config check passed" }
end

function M.clock_synchronised(s)
  local argv = s.clock_command or { "timedatectl", "show", "-p", "NTPSynchronized", "--value" }
  if not exec_allowed(argv) then
    return { not_run = argv[1] .. " is not in runbook.allow_exec" }
  end
  local r = records.require_code(evt.exec(argv, { mutates = false }), table.concat(argv, " "))
  local answer = (r.stdout or ""):gsub("%s+$", "")
  return { ok = answer == "yes", figure = "NTPSynchronized=" .. answer }
end

-- A decode of a fixed unsigned token: read-only on the gate, and its
-- record carries the gate's clock in "ts".
local PROBE_TOKEN = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJwcmVmbGlnaHQifQ.c2ln"

-- How far `gate`'s clock is at least from ours, and the round trip.
local function gate_skew_ms(s, gate)
  local argv = gates.token_argv(s, gate, { "decode", "--json", PROBE_TOKEN })
  local before = evt.now()
  local r = records.require_code(evt.exec(argv, { mutates = false, timeout = s.gate_timeout or "10s" }), "decode on " .. gate)
  local after = evt.now()
  local record = gates.records(r.stdout)[1]
  local at = record and ptime.parse_ms(record.ts)
  if not at then error("no record with a \"ts\" from evt-token decode") end
  -- The gate wrote ts between before and after by our clock: the skew
  -- is at least its distance from that interval.
  return math.max(0, before - at, at - after), after - before
end

function M.gate_clock_skew(s)
  local max_ms = s.max_clock_skew_ms or 500
  local list = gates.gates(s)
  if #list == 0 then return { not_run = "no gates (runbooks.gate-sync.gates)" } end
  local worst, worst_gate, parts, ok = 0, nil, {}, true
  for _, gate in ipairs(list) do
    local measured, skew, rtt = pcall(gate_skew_ms, s, gate)
    if not measured then
      ok = false
      table.insert(parts, gate .. " unmeasured: " .. tostring(skew):gsub("^[^:\n]*%.lua:%d+: ", ""))
    else
      if skew > max_ms then ok = false end
      table.insert(parts, gate .. " " .. fmt(skew) .. " ms (rtt " .. fmt(rtt) .. ")")
      if worst_gate == nil or skew >= worst then worst, worst_gate = skew, gate end
    end
  end
  local head = worst_gate and ("max " .. fmt(worst) .. " ms at " .. worst_gate .. ": ") or ""
  return { ok = ok, figure = head .. table.concat(parts, ", ") }
end

function M.price_cold_start(s)
  if s.cart == nil then return { not_run = "no cart to quote (runbooks.preflight.cart)" } end
  local r = records.require_code(evt.tool("price", { "quote", "--json" }, { stdin = { s.cart }, mutates = false }),
                                 "evt-price quote")
  if not records.first(r, "quote") then error("evt-price quote gave no quote record") end
  return { ok = r.ms <= (s.price_cold_start_ms or 150), figure = fmt(r.ms) .. " ms" }
end

local function duration_ms(text)
  local n, unit = tostring(text):match("^(%d+)(%a+)$")
  local scale = ({ ms = 1, s = 1000, m = 60000, h = 3600000 })[unit]
  if not scale then error("token.code.step: expected a duration such as \"15s\", got " .. tostring(text)) end
  return tonumber(n) * scale
end

-- The ticket as a gate takes it, one line: TOKEN, or TOKEN::CODE when the
-- gates use rotating codes (token.code), with the code `steps_ahead` steps
-- from now, so a second scan is not refused as code_reused before the scan
-- set is asked.
local function with_code(token, code_step, steps_ahead)
  if not code_step then return token .. "\n" end
  local at = os.date("!%Y-%m-%dT%H:%M:%SZ", (evt.now() + steps_ahead * duration_ms(code_step)) // 1000)
  local code = records.require_code(evt.tool("token", { "code", "--at", at }, { stdin = token .. "\n", mutates = false }),
                                    "evt-token code")
  return token .. "::" .. code.stdout:gsub("%s+$", "") .. "\n"
end

function M.ticket_single_admission(s)
  local sub = "preflight-" .. evt.now()
  -- Signing is a change: the key ring keeps the last expiry each key
  -- signed, which holds a rotated-out key valid for verification.
  local signed = evt.tool("token", { "sign", "--json", "--claims", evt.json.encode({ sub = sub }),
                                     "--ttl", s.ticket_ttl or "2m" }, { mutates = true })
  if signed.dry_run then return { would_run = "sign " .. sub .. ", scan it twice" } end
  records.require_code(signed, "evt-token sign")
  local token = records.first(signed, "token") or error("evt-token sign gave no token record")
  local code_step = ((evt.config("token") or {}).code or {}).step
  local scan = { "scan", "--json", "--gate", "preflight" }
  if s.scan_state_dir then scan = { "--state-dir", s.scan_state_dir, table.unpack(scan) } end
  -- The ticket goes on standard input, so (valid until its short ttl ends)
  -- it is not kept in the audit trail's command lines.
  local first = records.require_code(evt.tool("token", scan, { stdin = with_code(token.token, code_step, 0) }),
                                     "the first scan", { 0, 1 })
  local a = records.first(first, "scan") or error("the first scan gave no scan record")
  if not a.ok then
    return { ok = false, figure = "first scan refused: " .. tostring(a.result) .. (a.detail and (" (" .. a.detail .. ")") or "") }
  end
  local second = records.require_code(evt.tool("token", scan, { stdin = with_code(token.token, code_step, 1) }),
                                      "the second scan", { 0, 1 })
  local b = records.first(second, "scan") or error("the second scan gave no scan record")
  if b.ok then return { ok = false, figure = "admitted twice (" .. token.jti .. ")" } end
  return { ok = b.result == "already_admitted", figure = "signed, admitted, then refused: " .. tostring(b.result) }
end

function M.cost_per_1k(s)
  local bounded = {}
  for _, budget in ipairs((evt.config("budget") or {}).budgets or {}) do
    if budget.cost_per_1k then table.insert(bounded, budget.cost_per_1k) end
  end
  if #bounded == 0 then return { not_run = "no budget.budgets[].cost_per_1k" } end
  local parts, ok = {}, true
  for _, bound in ipairs(bounded) do
    local r = records.require_code(evt.tool("budget", { "report", "--json", bound.resource, "--per", "1000" },
                                            { mutates = false }), "evt-budget report " .. bound.resource, { 0, 1 })
    local worst
    for _, cost in ipairs(all_of(r, "budget.cost")) do
      if cost.over or cost.cost_per > bound.max then ok = false end
      if not worst or cost.cost_per > worst.cost_per then worst = cost end
    end
    if worst then
      -- cost_per and max are minor units (cents): shown in the currency's major units.
      table.insert(parts, bound.resource .. " " .. money.format(worst.cost_per, worst.currency) .. "/1k (" ..
                   worst.component .. ") max " .. money.format(worst.max or bound.max, worst.currency))
    else
      table.insert(parts, bound.resource .. ": no usage yet")
    end
  end
  return { ok = ok, figure = table.concat(parts, ", ") }
end

function M.battery(s)
  local r = records.require_code(evt.tool("budget", { "status", "--json" }, { mutates = false }),
                                 "evt-budget status", { 0, 1 })
  local parts, ok, seen = {}, true, false
  for _, b in ipairs(all_of(r, "budget")) do
    if b.unit == "energy" then
      seen = true
      -- burn_rate: the energy needed to reach the end over the energy above the reserve.
      if b.burn_rate == nil then
        ok = false
        table.insert(parts, b.name .. ": no figure yet (" .. tostring(b.reason or "no charge or load reading") .. ")")
      else
        if b.burn_rate > 1 then ok = false end
        table.insert(parts, b.name .. ": needs " .. fmt(math.floor(b.burn_rate * 100 + 0.5)) ..
                     "% of the energy above reserve to " .. tostring(b.window_end) ..
                     (b.runs_out_at and (", runs out " .. b.runs_out_at) or ""))
      end
    end
  end
  if not seen then return { not_run = "no energy budget in budget.budgets" } end
  return { ok = ok, figure = table.concat(parts, "; ") }
end

local function cdn_target(s)
  if s.cdn_target then return s.cdn_target end
  local names = {}
  for name, target in pairs((evt.config("probe") or {}).targets or {}) do
    if target.check == "cdn" then table.insert(names, name) end
  end
  table.sort(names)
  return names[1]
end

function M.cdn_hit_ratio(s)
  local target = cdn_target(s)
  if not target then return { not_run = "no probe target with \"check\": \"cdn\"" } end
  -- A first round warms a cold cache, so the figure is the steady state.
  if s.cdn_warmup ~= false then evt.tool("probe", { "run", "--json", target }, { mutates = false }) end
  local r = records.require_code(evt.tool("probe", { "run", "--json", target }, { mutates = false }),
                                 "evt-probe run " .. target, { 0, 1 })
  local cdn = records.first(r, "probe.cdn") or error("evt-probe run " .. target .. " gave no probe.cdn record")
  local min = s.cdn_min_hit_ratio or 0.85
  return { ok = cdn.failed == 0 and cdn.hit_ratio >= min,
           figure = target .. " " .. fmt(cdn.hit_ratio) .. " (" .. cdn.hits .. " of " .. cdn.probes ..
                    (cdn.failed > 0 and (", " .. cdn.failed .. " failed") or "") .. ")" }
end

-- Every target of every path that is not always_up, with the loss and p95
-- bounds for it: the settings' uplink_max_loss/uplink_max_p95_ms, else the
-- path's degraded.raise limits, else 5% and 1000 ms.
local function uplink_bounds(s)
  local bounds, names = {}, {}
  for _, path in ipairs((evt.config("failover") or {}).paths or {}) do
    local raise = (path.degraded or {}).raise or {}
    for _, target in ipairs(path.targets or {}) do
      if not bounds[target] then
        bounds[target] = { loss = s.uplink_max_loss or raise.loss or 0.05, p95 = s.uplink_max_p95_ms or raise.p95_ms or 1000 }
        table.insert(names, target)
      end
    end
  end
  return bounds, names
end

-- probe.dns_map's names compare without case and trailing dot.
local function dns_name(name) return (name:lower():gsub("%.$", "")) end

-- The names of the `dns` targets whose name probe.dns_map maps, sorted.
function M.mapped_dns_targets()
  local probe = evt.config("probe") or {}
  local mapped = {}
  for name in pairs((probe.dns_map or {}).names or {}) do mapped[dns_name(name)] = true end
  local targets = {}
  for target, t in pairs(probe.targets or {}) do
    if t.check == "dns" and type(t.name) == "string" and mapped[dns_name(t.name)] then table.insert(targets, target) end
  end
  table.sort(targets)
  return targets
end

-- `evt-probe run --environment ENV` of every mapped dns target: evt-probe
-- compares the answers with the map and says whose address came back.
function M.dns_points_at(s)
  local targets = M.mapped_dns_targets()
  if #targets == 0 then return { not_run = "no dns target whose name is in probe.dns_map" } end
  local environment = s.dns_environment or "live"
  local args = { "run", "--json", "--environment", environment }
  for _, target in ipairs(targets) do table.insert(args, target) end
  local r = records.require_code(evt.tool("probe", args, { mutates = false }), "evt-probe run --environment " .. environment,
                                 { 0, 1 })
  local wrong, checked = {}, 0
  for _, probe in ipairs(all_of(r, "probe")) do
    checked = checked + 1
    if not probe.ok then table.insert(wrong, probe.target .. ": " .. tostring(probe.error)) end
  end
  if checked == 0 then error("evt-probe run gave no probe record") end
  if #wrong > 0 then return { ok = false, figure = table.concat(wrong, "; ") } end
  return { ok = true, figure = checked .. (checked == 1 and " name" or " names") .. " at the " .. environment ..
           " addresses (" .. table.concat(targets, ", ") .. ")" }
end

function M.uplinks(s)
  local bounds, names = uplink_bounds(s)
  if #names == 0 then return { not_run = "no failover path with targets" } end
  local count = tostring(s.uplink_count or 10)
  local args = { "run", "--json", "--count", count, "--window", count, "--interval", s.uplink_interval or "200ms" }
  for _, name in ipairs(names) do table.insert(args, name) end
  local r = records.require_code(evt.tool("probe", args, { mutates = false }), "evt-probe run", { 0, 1 })
  local windows = {}
  for _, w in ipairs(all_of(r, "probe.window")) do windows[w.target] = w end
  local parts, ok = {}, true
  for _, name in ipairs(names) do
    local w, b = windows[name], bounds[name]
    if not w then
      ok = false
      table.insert(parts, name .. ": no probe.window")
    else
      local p95 = w.p95_ms
      local good = w.loss <= b.loss and p95 ~= nil and p95 <= b.p95
      if not good then ok = false end
      table.insert(parts, name .. " loss " .. fmt(w.loss * 100) .. "% p95 " .. (p95 and fmt(p95) or "-") ..
                   " ms (max " .. fmt(b.loss * 100) .. "%, " .. fmt(b.p95) .. " ms)")
    end
  end
  return { ok = ok, figure = table.concat(parts, ", ") }
end

return M
