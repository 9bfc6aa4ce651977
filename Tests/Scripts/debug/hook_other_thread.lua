-- Hooks set from another thread or from a callback take effect at once where they apply.
local ev = {}
local function hook(e, l) ev[#ev + 1] = e .. ":" .. tostring(l) end
local function flush() debug.sethook(); print(table.concat(ev, " ")); ev = {} end
-- Inside a coroutine: its own hooks.
local co = coroutine.create(function()
  debug.sethook(hook, "l")
  coroutine.yield()
  local x = 1
  debug.sethook()
end)
coroutine.resume(co)
local y = 1
coroutine.resume(co)
flush()
-- On the main thread, from inside a coroutine it resumed.
local main = coroutine.running()
local co2 = coroutine.wrap(function()
  debug.sethook(main, hook, "l")
  local z = 1
end)
co2()
local w = 1
local w2 = 2
flush()
-- From a function string.gsub calls.
string.gsub("a", ".", function() debug.sethook(hook, "l") end)
local q = 1
flush()
-- On a suspended coroutine: its next resume is traced.
local co3 = coroutine.create(function()
  coroutine.yield()
  local a = 1
  local b = 2
end)
coroutine.resume(co3)
debug.sethook(co3, hook, "l")
coroutine.resume(co3)
flush()
-- expect: line:8 line:9 line:10
-- expect: line:23 line:24 line:25 line:4
-- expect: line:28 line:29 line:4
-- expect: line:33 line:34 line:35
