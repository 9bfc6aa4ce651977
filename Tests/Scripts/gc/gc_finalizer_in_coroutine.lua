-- Finalizers may run while a coroutine is running; they can use coroutines themselves, and a
-- cache with weak values works across coroutine switches.
local log = {}
local cache = setmetatable({}, {__mode = "v"})
local co = coroutine.wrap(function()
  for i = 1, 3 do
    local hold = setmetatable({}, {__gc = function()
      local gen = coroutine.wrap(function() coroutine.yield("gen" .. i) end)
      log[#log + 1] = gen()
    end})
    cache[i] = hold
    hold = nil
    collectgarbage()
    coroutine.yield(cache[i] == nil)
  end
end)
print(co(), co(), co())
print(table.concat(log, " "))
-- expect: true	true	true
-- expect: gen1 gen2 gen3
