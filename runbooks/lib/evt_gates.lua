-- How the shipped runbooks reach the other gates: runbooks.gate-sync.gates
-- (names) and runbooks.gate-sync.transport, an argv that runs evt-token on
-- a gate with "{gate}" replaced by its name (["ssh", "{gate}", "evt-token"]).
-- A runbook's own `gates`/`transport` settings win over gate-sync's.
local M = {}

local function settings_for(own)
  local shared = (evt.config("runbooks") or {})["gate-sync"] or {}
  return {
    gates = (own and own.gates) or shared.gates or {},
    transport = (own and own.transport) or shared.transport,
  }
end

function M.gates(own)
  return settings_for(own).gates
end

-- The argv that runs `evt-token ARGS...` on `gate`.
function M.token_argv(own, gate, args)
  local transport = settings_for(own).transport
  if transport == nil or #transport == 0 then
    error("runbooks.gate-sync.transport: no command to reach the gates (e.g. [\"ssh\", \"{gate}\", \"evt-token\"])")
  end
  local argv = {}
  for _, word in ipairs(transport) do
    table.insert(argv, (word:gsub("{gate}", gate)))
  end
  for _, word in ipairs(args) do table.insert(argv, word) end
  return argv
end

-- The JSON records in a program's standard output.
function M.records(stdout)
  local out = {}
  for line in (stdout or ""):gmatch("[^\n]+") do
    local ok, value = pcall(evt.json.decode, line)
    if ok and type(value) == "table" then table.insert(out, value) end
  end
  return out
end

return M
