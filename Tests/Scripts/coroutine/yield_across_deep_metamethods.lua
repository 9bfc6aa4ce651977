-- Unbounded metamethod recursion raises lua's error (in the main thread and in coroutines), not a crash.
local t = setmetatable({}, {})
getmetatable(t).__index = function(s, k) return s[k] end
print(pcall(function() return t.x end))
local co = coroutine.create(function() return t.x end)
print(coroutine.resume(co))
local u = setmetatable({}, {})
getmetatable(u).__add = function(a, b) return a + b end
print(pcall(function() return u + 1 end))
local c = coroutine.wrap(function() local ok, e = pcall(function() return u + 1 end) coroutine.yield(ok) return "after" end)
print(c(), c())
-- expect: false	yield_across_deep_metamethods.lua:3: C stack overflow
-- expect: false	yield_across_deep_metamethods.lua:3: C stack overflow
-- expect: false	yield_across_deep_metamethods.lua:8: C stack overflow
-- expect: false	after
