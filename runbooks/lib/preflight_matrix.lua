-- preflight's matrix as it leaves the run: a `preflight` record (see
-- evt(7)) where stdout takes records, a table on a terminal, both through
-- evt.emit; and the verdict the go/no-go step fails with.
local M = {}

-- "NO-GO: gate_skew (max 3000 ms at gate-fast), ..." naming every no-go
-- row; "NO-GO: nothing measured ..." when every row was skipped; nil on go.
function M.verdict(rows)
  local nogo, measured = {}, 0
  for _, row in ipairs(rows) do
    if row.verdict == "no-go" then table.insert(nogo, row.id .. " (" .. row.figure .. ")") end
    if row.verdict == "go" or row.verdict == "dry_run" then measured = measured + 1 end
  end
  if #nogo > 0 then return "NO-GO: " .. table.concat(nogo, "; ") end
  if measured == 0 then return "NO-GO: nothing measured: every row was skipped" end
  return nil
end

local function text(rows, nogo)
  local width = #"CHECK"
  for _, row in ipairs(rows) do width = math.max(width, utf8.len(row.label) or #row.label) end
  local format = "%-" .. math.min(width, 99) .. "s  %-8s  %s\n"
  local out = { string.format(format, "CHECK", "VERDICT", "FIGURE") }
  for _, row in ipairs(rows) do
    table.insert(out, string.format(format, row.label, (row.verdict:gsub("_", " ")), row.figure))
  end
  table.insert(out, nogo or (evt.dry_run and "GO so far (dry run)" or "GO"))
  return table.concat(out) .. "\n"
end

-- Emits the matrix of `rows` (each with id, label, verdict, figure).
function M.emit(rows)
  local nogo = M.verdict(rows)
  local record = { kind = "preflight", v = 1, verdict = nogo and "no-go" or "go", message = nogo,
                   dry_run = evt.dry_run, rows = {} }
  for _, row in ipairs(rows) do
    table.insert(record.rows, { id = row.id, check = row.label, verdict = row.verdict, figure = row.figure })
  end
  evt.emit(record, text(rows, nogo))
  return nogo
end

return M
