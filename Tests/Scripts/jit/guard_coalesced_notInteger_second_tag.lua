-- Guard coalescing: the tags of a function's three parameters are checked at once on entry. When
-- the second is not an integer, the combined check fails and the copy keeping every guard runs:
-- a + 1 is computed, then b's guard exits (notInteger, at b * 2) with x in its register, and the
-- interpreter finishes with Lua's answer.
local J = dofile("support.lib")
local function f(a, b, c)
  local x = a + 1
  local y = b * 2
  return x + y + c
end
print(f(1, 2, 3))
local c = J.compiled(f)
print(f(1, 2, 3), f(10, 20, 30))
J.deoptsAt(f, c, "notInteger", 8, function() assert(f(1, 2.5, 3) == 10.0) end)
print(f(1, 2.5, 3), f(4, 5, 6))
-- The third one not an integer: the exit is at the last addition, after x + y.
print(f(1, 2, 0.5), f(1, 2, "3"))
-- expect: 9
-- expect: 9	81
-- expect: 10.0	21
-- expect: 6.5	9
