return {
  description = "say hello",
  params = { who = { description = "whom", default = "world" } },
  mutates = { "nothing" },
  run = function()
    evt.step("greet", function() evt.log.info("hello", evt.var("who")) end)
    evt.step("fail once", function() error("boom") end, {retry = 1, delay = "10ms"})
    evt.step("after", function() end)
    evt.step("cleanup", function() evt.log.info("cleaning") end, {always = true})
  end,
}
