-- __close handlers run by a pcall that caught an error may yield; a handler's error replaces
-- the error for the handlers after it, and pcall returns the final one.
local Y = coroutine.yield
local function closer(name, fail)
  return setmetatable({}, {__close = function(_, err)
    local r = Y(name .. " sees " .. tostring(err))
    if fail then error(name .. " failed", 0) end
  end})
end
local co = coroutine.wrap(function()
  local ok, e = pcall(function()
    local a <close> = closer("a")
    local b <close> = closer("b", true)
    local c <close> = closer("c")
    error("boom", 0)
  end)
  local ok2, e2 = xpcall(function()
    local d <close> = closer("d")
    local x = nil + 1
  end, function(m) return "handled: " .. m end)
  return ok, e, ok2, e2
end)
print(co()); print(co()); print(co()); print(co()); print(co())
-- Inside a metamethod that is itself interrupted by the yield.
local t = setmetatable({}, {__index = function(_, k)
  local ok, e = pcall(function() local z <close> = closer("z") error(k, 0) end)
  return e .. "!"
end})
co = coroutine.wrap(function() return t.key end)
print(co()); print(co())
-- A native function as the __close handler yields directly.
co = coroutine.wrap(function()
  return pcall(function() local n <close> = setmetatable({}, {__close = Y}) error("E", 0) end)
end)
print(select("#", co())); print(co())
-- expect: c sees boom
-- expect: b sees boom
-- expect: a sees b failed
-- expect: d sees handled: yield_in_close_after_error.lua:19: attempt to perform arithmetic on a nil value
-- expect: false	b failed	false	handled: yield_in_close_after_error.lua:19: attempt to perform arithmetic on a nil value
-- expect: z sees key
-- expect: key!
-- expect: 2
-- expect: false	E
