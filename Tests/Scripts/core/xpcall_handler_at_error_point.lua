-- An xpcall's message handler runs at the error point, once, also for errors raised inside
-- metamethods and library callbacks (their frames still stand: a traceback shows them); not for
-- errors a pcall or coroutine.close catches first; again for a __close error that replaces one.
local calls = 0
local function h(m) calls = calls + 1; return "H(" .. tostring(m) .. ")" end
local function strip(s) return (tostring(s):gsub("[%w_/.]+%.lua:%d+: ", "")) end
local mt = {__index = function(t, k) error("idx " .. k, 0) end, __add = function() error("add", 0) end}
local obj = setmetatable({}, mt)
print(strip(select(2, xpcall(function() return obj.x end, h))), calls)
calls = 0
print(strip(select(2, xpcall(function() table.sort({3, 2, 1}, function(a, b) error("cmp", 0) end) end, h))), calls)
calls = 0
print(strip(select(2, xpcall(function() return xpcall(function() return obj.y end, function(m) return "inner " .. m end) end, h))), calls)
calls = 0
print(strip(select(2, xpcall(function() return pcall(function() return obj + 1 end) end, h))), calls)
calls = 0
local co = coroutine.create(function() local x <close> = setmetatable({}, {__close = function() error("closing", 0) end}) coroutine.yield() end)
coroutine.resume(co)
print(xpcall(function() return coroutine.close(co) end, h))
print(calls)
calls = 0
print(xpcall(function() return load(function() error("reader", 0) end) end, h))
print(calls)
calls = 0
print(strip(select(2, xpcall(function()
  local y <close> = setmetatable({}, {__close = function() error("in close", 0) end})
  return obj.z
end, h))), calls)
calls = 0
print(strip(select(2, xpcall(function() return string.gsub("a", "a", function() return obj.w end) end, h))), calls)
calls = 0
print(strip(select(2, xpcall(function() return tostring(setmetatable({}, {__tostring = function() error("ts", 0) end})) end, h))), calls)
-- the handler errors itself
calls = 0
print(strip(select(2, xpcall(function() return obj.q end, function(m) calls = calls + 1; if calls < 3 then error("again", 0) end; return "third " .. m end))), calls)
local tb = select(2, xpcall(function() return obj.t end, debug.traceback))
print(tb:find("in metamethod 'index'", 1, true) ~= nil)
-- expect: H(idx x)	1
-- expect: H(cmp)	1
-- expect: false	0
-- expect: false	0
-- expect: true	false	closing
-- expect: 0
-- expect: true	nil	H(reader)
-- expect: 1
-- expect: H(in close)	2
-- expect: H(idx w)	1
-- expect: H(ts)	1
-- expect: third again	3
-- expect: true
