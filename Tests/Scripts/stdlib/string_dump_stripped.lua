-- Stripped dumps carry no line info or names: positions and tracebacks say so as lua does.
local function e() error("x") end
local g = load(string.dump(function() local ok, m = xpcall(e, debug.traceback) return m end, true))
local tb = g()
print(tb:match("\n\t%?: in ") ~= nil, tb:find("?:-1", 1, true) == nil)
local h = load(string.dump(function() return debug.getinfo(1, "Sl") end, true))
local i = h()
print(i.source, i.short_src, i.currentline, i.linedefined, i.what)
print((debug.getupvalue(load(string.dump(function() return e end, true)), 1)))
local function callup() return e() end
print(pcall(load(string.dump(callup, true))))
print(pcall(load(string.dump(function() error("lvl1") end, true))))
print(pcall(load(string.dump(function() return ("x"):rep({}) end, true))))
-- expect: true	true
-- expect: =?	?	-1	6	Lua
-- expect: (no name)
-- expect: false	?:-1: attempt to call a table value (upvalue '?')
-- expect: false	lvl1
-- expect: false	bad argument #1 to 'rep' (number expected, got table)
