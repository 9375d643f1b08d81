-- Helpers the shipped runbooks share for reading what the evt tools print.
local M = {}

-- The first record of `kind` in a tool result's records, or nil.
function M.first(result, kind)
  for _, record in ipairs(result.records or {}) do
    if record.kind == kind then return record end
  end
  return nil
end

-- Fails the step when a tool exited with a code its caller does not accept
-- (`accepted` lists them; default {0}), quoting the tool's own words.
function M.require_code(result, what, accepted)
  for _, code in ipairs(accepted or {0}) do
    if result.code == code then return result end
  end
  local why = (result.stderr or ""):gsub("%s+$", "")
  if result.timed_out then why = "timed out" end
  error(what .. " exited " .. tostring(result.code) .. (why ~= "" and (": " .. why) or ""))
end

return M
