-- gethook returns what sethook set; clearing; per-coroutine hooks; argument errors.
print(debug.gethook())
-- expect: nil

local h = function() end
debug.sethook(h, "crl", 7)
local f, m, c = debug.gethook()
debug.sethook()
print(f == h, m, c)
-- expect: true	crl	7

debug.sethook(h, "lc")
f, m, c = debug.gethook()
debug.sethook()
print(f == h, m, c)
-- expect: true	cl	0

debug.sethook(h, "", 3)
f, m, c = debug.gethook()
debug.sethook(nil)
print(f == h, m, c, debug.gethook())
-- expect: true		3	nil

-- An empty mask and no count turns hooks off.
debug.sethook(h, "")
print(debug.gethook())
-- expect: nil

-- Hooks belong to one coroutine: set on a coroutine, they fire only there.
local lines = {}
local co = coroutine.create(function(a)
  local b = a + 1
  coroutine.yield(b)
  return b * 2
end)
debug.sethook(co, function(_, l) lines[#lines + 1] = l end, "l")
print(debug.gethook() == nil, debug.gethook(co) ~= nil)
-- expect: true	true
print(coroutine.resume(co, 1))
-- expect: true	2
local here = 1
print(coroutine.resume(co))
-- expect: true	4
print(table.concat(lines, " "))
-- expect: 32 33 34

-- A hook set inside a coroutine does not fire in the main thread.
local inside = 0
local co2 = coroutine.wrap(function()
  debug.sethook(function() inside = inside + 1 end, "l")
  local x = 1
  coroutine.yield()
  local y = 2
end)
co2()
local main = 0
for i = 1, 3 do main = main + i end
co2()
print(inside, main)
-- expect: 4	6

print(pcall(debug.sethook, h))
-- expect: false	bad argument #2 to 'debug.sethook' (string expected, got no value)
print(pcall(debug.sethook, 42, "l"))
-- expect: false	bad argument #1 to 'debug.sethook' (function expected, got number)

-- A new coroutine takes its creator's mask and count, but not the function.
debug.sethook(h, "l", 5)
local co3 = coroutine.create(function() return 1 end)
debug.sethook()
print(debug.gethook(co3))
-- expect: nil	l	5
print(coroutine.resume(co3))
-- expect: true	1
