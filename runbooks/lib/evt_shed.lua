-- What should be paused, and making the components match it: the one path
-- every runbook that sheds load goes through (shed-non-essential follows
-- evt-budget's governor; a reduced mode hands in its own set). A reconcile,
-- not a reaction to a change of level: each component is asked through its
-- `status` command and paused or resumed until what is matches what should
-- be, so a run after a missed or failed one still catches up, and a run
-- with nothing to do changes nothing.
--
-- Settings (runbooks.shed-non-essential):
--   pause / resume: {component: argv}
--   status: {component: argv}; exit 0 running, 1 to 63 stopped (as
--     `systemctl is-active`, which exits 3 for inactive); a timeout or an
--     exit of 64 or more cannot tell, and the component is left alone
--   hold: {component: RFC 3339 time}: left alone until then (on-call
--     started it by hand)
local records = require("evt_records")
local times = require("preflight_time")

local M = {}

local KNOWN = { pause = true, resume = true, status = true, hold = true }

-- Unknown keys are errors, as everywhere in the config: a misspelt
-- "staus" would otherwise silently turn the reconcile off.
function M.check_settings(settings, where)
  for key, value in pairs(settings) do
    if not KNOWN[key] then
      error(where .. "." .. tostring(key) .. ": unknown setting (expected pause, resume, status or hold)")
    end
    if type(value) ~= "table" then error(where .. "." .. key .. ": expected an object of component names") end
    for component, entry in pairs(value) do
      local ok = (key == "hold" and times.parse_ms(entry) ~= nil) or (key ~= "hold" and type(entry) == "table" and #entry > 0)
      if not ok then
        error(where .. "." .. key .. "." .. tostring(component) .. ": expected " ..
              (key == "hold" and "an RFC 3339 time" or "an argv (a non-empty list of strings)"))
      end
    end
  end
end

-- The set (name -> true) evt-budget's decision wants paused.
function M.wanted_by_decision(decision)
  local wanted = {}
  for _, name in ipairs(decision.shed_components or {}) do wanted[name] = true end
  return wanted
end

-- The site-wide hold, as `evt-budget state where` shows it ("held until
-- ... by ...: why"), or false.
function M.site_hold()
  local where = records.require_code(evt.tool("budget", { "state", "where" }, { mutates = false }),
                                     "evt-budget state where")
  local text = "\n" .. (where.stdout or "")
  return text:match("\nsite (held[^\n]*)") or false
end

-- true running, false stopped, nil when the status command cannot tell.
function M.observe(argv)
  local result = evt.exec(argv, { mutates = false, timeout = "10s" })
  if result.timed_out or result.code == nil or result.code < 0 or result.code >= 64 then return nil end
  return result.code == 0
end

local function sorted_components(settings, wanted)
  local seen, names = {}, {}
  local function add(name)
    if not seen[name] then seen[name] = true; table.insert(names, name) end
  end
  for name in pairs(wanted) do add(name) end
  for _, key in ipairs({ "pause", "resume", "status" }) do
    for name in pairs(settings[key] or {}) do add(name) end
  end
  table.sort(names)
  return names
end

-- Pauses what `wanted` names and resumes the rest, each until its status
-- says so. `changed` (name -> true) is what to act on for a component
-- without a status command: it cannot be asked, so it follows the change of
-- level only. Returns {paused = {...}, resumed = {...}, mismatched = {...}}.
function M.reconcile(settings, wanted, changed)
  local result = { paused = {}, resumed = {}, mismatched = {} }
  local now = evt.now()
  for _, name in ipairs(sorted_components(settings, wanted)) do
    local verb = wanted[name] and "pause" or "resume"
    local held_until = (settings.hold or {})[name]
    local status = (settings.status or {})[name]
    local argv = (settings[verb] or {})[name]
    if held_until and times.parse_ms(held_until) > now then
      evt.log.info(name .. ": held until " .. held_until .. " (runbooks.shed-non-essential.hold); left as it is")
    elseif status == nil then
      if changed[name] then
        if argv == nil then
          evt.log.warn("no command to " .. verb .. " " .. name .. " (runbooks.shed-non-essential." .. verb .. ")")
        else
          evt.step(verb .. " " .. name, function() records.require_code(evt.exec(argv), table.concat(argv, " ")) end,
                   { retry = 1, delay = "2s" })
          table.insert(verb == "pause" and result.paused or result.resumed, name)
        end
      end
    else
      local running = evt.step("status " .. name, function()
        local seen = M.observe(status)
        if seen == nil then error(table.concat(status, " ") .. ": cannot tell whether " .. name .. " runs") end
        return seen
      end, { always = true })
      if running == nil then
        table.insert(result.mismatched, name)
      elseif running == (verb == "pause") then
        if argv == nil then
          evt.log.warn("no command to " .. verb .. " " .. name .. " (runbooks.shed-non-essential." .. verb .. ")")
          table.insert(result.mismatched, name)
        else
          -- Re-applied until the component says it matches: a stop that
          -- exits 0 but leaves the service running is not done.
          local done = evt.step(verb .. " " .. name, function()
            records.require_code(evt.exec(argv), table.concat(argv, " "))
            if not evt.dry_run and M.observe(status) ~= (verb == "resume") then
              error(name .. " still " .. (verb == "pause" and "runs" or "does not run") .. " after " .. table.concat(argv, " "))
            end
            return true
          end, { retry = 2, delay = "1s", always = true })
          if done then
            table.insert(verb == "pause" and result.paused or result.resumed, name)
          else
            table.insert(result.mismatched, name)
          end
        end
      end
    end
  end
  return result
end

return M
