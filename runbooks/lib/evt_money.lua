-- Money as records carry it, in minor units of an ISO 4217 currency
-- (evt-budget's cost_per may be a fraction of one), shown in major units:
-- 250 EUR minor units are "2.50 EUR", and 0.06 of them "0.0006 EUR".
-- The minor-unit digits are ISO 4217's, as evt-price's currency.cc lists
-- them: 0 and 3 for the currencies below, 2 for the rest.
local M = {}

local NO_MINOR_UNIT = { BIF = true, CLP = true, DJF = true, GNF = true, ISK = true, JPY = true, KMF = true,
                        KRW = true, PYG = true, RWF = true, UGX = true, UYI = true, VND = true, VUV = true,
                        XAF = true, XOF = true, XPF = true }
local THREE_DIGITS = { BHD = true, IQD = true, JOD = true, KWD = true, LYD = true, OMR = true, TND = true }

-- How many digits a currency's minor unit has.
function M.digits(currency)
  if NO_MINOR_UNIT[currency] then return 0 end
  if THREE_DIGITS[currency] then return 3 end
  return 2
end

-- `minor` minor units as "AMOUNT CURRENCY": at least the currency's own
-- digits, and up to six more for a fraction of a minor unit (evt-budget's
-- precision), trailing zeros beyond the currency's digits dropped.
function M.format(minor, currency)
  local digits = M.digits(currency)
  local text = string.format("%." .. (digits + 6) .. "f", minor / 10 ^ digits)
  local keep = #text - 6
  local extra = text:sub(keep + 1):gsub("0+$", "")
  text = text:sub(1, keep) .. extra
  if digits == 0 and extra == "" then text = text:gsub("%.$", "") end
  return text .. " " .. tostring(currency)
end

return M
