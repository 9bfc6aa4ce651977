-- Hook events of pcall and xpcall (C functions to the hooks, as in lua) and of natives called
-- from other natives (their callee has no name: it was called from C).
local ev = {}
local function hook(e)
  local info = debug.getinfo(2, "nS")
  ev[#ev + 1] = e .. ":" .. tostring(info.name) .. ":" .. info.what
end
local function bad() error("x") end
local function good(...) return ... end
local function run(f)
  ev = {}
  debug.sethook(hook, "cr")
  f()
  debug.sethook()
  print(table.concat(ev, " "))
end
run(function() pcall(bad) end)
run(function() xpcall(bad, function(m) return m end) end)
run(function() pcall(good, 1, 2) end)
run(function() pcall(type, 1) end)
run(function() pcall(error) end)
run(function() string.gsub("ab", ".", string.upper) end)
run(function() table.sort({3, 2, 1}, function(a, b) return a < b end) end)
run(function() local _ = tostring(setmetatable({}, {__tostring = function() return "x" end})) end)
run(function() local _ = setmetatable({}, {__index = function(t, k) return k end}).x end)
-- A pcall resumed after its callee yielded returns with its own event.
local co = coroutine.create(function() return pcall(coroutine.yield, 1) end)
coroutine.resume(co)
ev = {}
debug.sethook(co, hook, "r")
coroutine.resume(co, 2)
print(table.concat(ev, " "))
co = coroutine.create(function(a) local b = coroutine.yield(a) return b end)
ev = {}
debug.sethook(co, hook, "cr")
coroutine.resume(co, 1)
coroutine.resume(co, 2)
print(table.concat(ev, " "))
-- expect: return:sethook:C call:f:Lua call:pcall:C call:nil:Lua call:error:C return:pcall:C return:f:Lua call:sethook:C
-- expect: return:sethook:C call:f:Lua call:xpcall:C call:nil:Lua call:error:C call:nil:Lua return:nil:Lua return:xpcall:C return:f:Lua call:sethook:C
-- expect: return:sethook:C call:f:Lua call:pcall:C call:nil:Lua return:nil:Lua return:pcall:C return:f:Lua call:sethook:C
-- expect: return:sethook:C call:f:Lua call:pcall:C call:nil:C return:nil:C return:pcall:C return:f:Lua call:sethook:C
-- expect: return:sethook:C call:f:Lua call:pcall:C call:nil:C return:pcall:C return:f:Lua call:sethook:C
-- expect: return:sethook:C call:f:Lua call:gsub:C call:nil:C return:nil:C call:nil:C return:nil:C return:gsub:C return:f:Lua call:sethook:C
-- expect: return:sethook:C call:f:Lua call:sort:C call:nil:Lua return:nil:Lua call:nil:Lua return:nil:Lua call:nil:Lua return:nil:Lua return:sort:C return:f:Lua call:sethook:C
-- expect: return:sethook:C call:f:Lua call:setmetatable:C return:setmetatable:C call:tostring:C call:nil:Lua return:nil:Lua return:tostring:C return:f:Lua call:sethook:C
-- expect: return:sethook:C call:f:Lua call:setmetatable:C return:setmetatable:C call:index:Lua return:index:Lua return:f:Lua call:sethook:C
-- expect: return:nil:C return:pcall:C return:nil:Lua
-- expect: call:nil:Lua call:yield:C return:yield:C return:nil:Lua
