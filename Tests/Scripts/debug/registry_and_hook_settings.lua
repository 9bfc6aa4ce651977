-- The registry holds the main thread at [1] and the globals at [2]; debug.sethook keeps the hook
-- functions in registry._HOOKKEY, a table with weak keys (the threads), which stays after the
-- hooks are turned off. debug.gethook returns the count as it was set (also 0 or negative).
local r = debug.getregistry()
print(r[1] == coroutine.running(), r[2] == _G, type(r[1]), r._HOOKKEY)
local h = function() end
debug.sethook(h, "l", 7)
local hk = r._HOOKKEY
print(type(hk), getmetatable(hk).__mode, hk[coroutine.running()] == h)
print(select(2, debug.gethook()))
debug.sethook(h, "", 7)
print(select(2, debug.gethook()))
debug.sethook(h, "c", 0)
print(select(2, debug.gethook()))
debug.sethook(h, "c", -5)
print(select(2, debug.gethook()))
debug.sethook()
print(debug.gethook(), r._HOOKKEY == hk, hk[coroutine.running()])
-- A coroutine's hook is keyed by that coroutine.
local co = coroutine.create(function() end)
debug.sethook(co, h, "r")
print(hk[co] == h, debug.gethook(co) == h, debug.gethook())
-- expect: true	true	thread	nil
-- expect: table	k	true
-- expect: l	7
-- expect: 	7
-- expect: c	0
-- expect: c	-5
-- expect: nil	true	nil
-- expect: true	true	nil
