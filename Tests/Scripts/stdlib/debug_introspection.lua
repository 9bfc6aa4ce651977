-- debug.getinfo, getlocal/setlocal, getupvalue/setupvalue, upvalueid/join, traceback, setmetatable.
local function f(a, b)
  local c = a + b
  local info = debug.getinfo(1, "Slnu")
  print(info.short_src:match("[^/]*$"), info.currentline, info.linedefined, info.lastlinedefined, info.what, info.name, info.namewhat, info.nparams, info.isvararg, info.nups)
  print(debug.getlocal(1, 1), debug.getlocal(1, 2), debug.getlocal(1, 3))
  debug.setlocal(1, 3, 100)
  print(c)
  return c
end
f(1, 2)
local up1, up2 = 10, 20
local function g() return up1 + up2 end
print(debug.getupvalue(g, 1), debug.getupvalue(g, 2), debug.getupvalue(g, 3))
debug.setupvalue(g, 1, 5) print(g(), up1)
local function h() return up2 end
print(debug.upvalueid(g, 2) == debug.upvalueid(h, 1), debug.upvalueid(g, 1) == debug.upvalueid(h, 1))
debug.upvaluejoin(g, 1, h, 1) print(g())
print(debug.getinfo(print).what, debug.getinfo(print).short_src, debug.getinfo(100))
print(debug.getlocal(f, 1), debug.getlocal(f, 2), debug.getlocal(f, 3))
print(debug.traceback("msg", 1):match("^msg\nstack traceback:\n") ~= nil)
print(debug.traceback({}) ~= nil, type(debug.traceback()))
debug.setmetatable(10, {__index = function(n, k) return k .. n end}) print((5).x) debug.setmetatable(10, nil)
print(debug.getmetatable("").__index == string, type(debug.getregistry()))
local function try(f) local ok, e = pcall(f) print(ok, (tostring(e):gsub("^.-:%d+: ", ""))) end
try(function() return debug.getinfo(1, ">") end)
try(function() return debug.getinfo(1, "x") end)
local function tail() return debug.getinfo(1, "t").istailcall end
local function caller() return tail() end
print(caller())
print(debug.gethook())
-- expect: debug_introspection.lua	4	2	10	Lua	f	local	2	false	1
-- expect: a	b	c	3
-- expect: 100
-- expect: up1	up2
-- expect: 25	5
-- expect: true	false
-- expect: 40
-- expect: C	[C]	nil
-- expect: a	b	nil
-- expect: true
-- expect: true	string
-- expect: x5
-- expect: true	table
-- expect: false	bad argument #2 to 'getinfo' (invalid option '>')
-- expect: false	bad argument #2 to 'getinfo' (invalid option)
-- expect: true
-- expect: nil
