-- After a native returns to a Lua frame, the line hook compares the next instruction with the
-- calling one, even though the return hook's own code ran in between: no extra line event.
local tr = {}
local function h(e, l) tr[#tr + 1] = e .. ":" .. tostring(l) end
local co = coroutine.create(function() local y = coroutine.yield
  y(type(1)) end)
debug.sethook(co, h, "lcr")
coroutine.resume(co)
print(table.concat(tr, " "))
-- expect: call:nil line:5 line:6 call:nil return:nil call:nil
-- The same with only a call hook: its code ran before the native did.
tr = {}
co = coroutine.create(function() local y = coroutine.yield
  y(type(1)) end)
debug.sethook(co, h, "lc")
coroutine.resume(co)
print(table.concat(tr, " "))
-- expect: call:nil line:13 line:14 call:nil call:nil
