-- Times as the evt tools write them ("2026-12-05T14:03:07.912Z", or with
-- an offset), in milliseconds since the Unix epoch, so preflight can compare
-- a tool's timestamps with evt.now() without os.time's local-time guessing.
local M = {}

-- Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
-- days_from_civil).
local function days_from_civil(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = (y >= 0 and y or y - 399) // 400
  local yoe = y - era * 400
  local mp = (m + 9) % 12
  local doy = (153 * mp + 2) // 5 + d - 1
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  return era * 146097 + doe - 719468
end

-- Milliseconds since the epoch of an RFC 3339 time, or nil when it is not one.
function M.parse_ms(text)
  if type(text) ~= "string" then return nil end
  local y, mo, d, h, mi, s, rest = text:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)[Tt ](%d%d):(%d%d):(%d%d)(.*)$")
  if not y then return nil end
  local fraction, zone = rest:match("^%.(%d+)(.*)$")
  if not fraction then fraction, zone = "0", rest end
  local offset_min
  if zone == "Z" or zone == "z" then
    offset_min = 0
  else
    local sign, oh, om = zone:match("^([+-])(%d%d):(%d%d)$")
    if not sign then return nil end
    offset_min = (tonumber(oh) * 60 + tonumber(om)) * (sign == "-" and -1 or 1)
  end
  local seconds = days_from_civil(tonumber(y), tonumber(mo), tonumber(d)) * 86400 +
                  tonumber(h) * 3600 + tonumber(mi) * 60 + tonumber(s) - offset_min * 60
  return seconds * 1000 + math.floor(tonumber("0." .. fraction) * 1000 + 0.5)
end

return M
