return { description = "d", params = { a = { default = 1, secret = true } }, mutates = {"x"}, lock = "l", run = function() evt.tool("x") end }
-- evt.nothing
local s = [==[evt.x]==]
