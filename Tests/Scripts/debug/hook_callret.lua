-- Call, tail call and return hooks: events for Lua and native functions, named from level 2.
local function f(a) return a * 2 end
local function tc(n) if n > 0 then return tc(n - 1) end return 0 end

local ev = {}
local function rec(e)
  local name = debug.getinfo(2, "n").name
  ev[#ev + 1] = e .. "(" .. tostring(name) .. ")"
end

debug.sethook(rec, "cr")
f(2)
debug.sethook()
print(table.concat(ev, " "))
-- expect: return(sethook) call(f) return(f) call(sethook)

ev = {}
debug.sethook(function(e) ev[#ev + 1] = e end, "cr")
tc(2)
debug.sethook()
print(table.concat(ev, " "))
-- expect: return call tail call tail call return call

-- Only calls, then only returns.
ev = {}
debug.sethook(function(e) ev[#ev + 1] = e end, "c")
f(1); f(2)
debug.sethook()
print(table.concat(ev, " "))
-- expect: call call call

ev = {}
debug.sethook(function(e) ev[#ev + 1] = e end, "r")
f(1); f(2)
debug.sethook()
print(table.concat(ev, " "))
-- expect: return return return

-- Native calls made from Lua report both events; the hook sees the native at level 2.
ev = {}
debug.sethook(function(e)
  local info = debug.getinfo(2, "S")
  ev[#ev + 1] = e .. ":" .. info.what
end, "cr")
local s = string.rep("x", 3)
debug.sethook()
print(s, table.concat(ev, " "))
-- expect: xxx	return:C call:C return:C call:C

-- Inside the hook, hooks do not fire (the hook calls f itself).
local depth, calls = 0, 0
debug.sethook(function(e)
  calls = calls + 1
  depth = depth + 1
  f(0)
  depth = depth - 1
end, "c")
f(5)
debug.sethook()
print(calls, depth)
-- expect: 2	0

-- The call hook sees the callee's arguments.
local got
debug.sethook(function(e)
  if e == "call" then
    local name, val = debug.getlocal(2, 1)
    if name == "a" then got = val end
  end
end, "c")
f(21)
debug.sethook()
print(got)
-- expect: 21
