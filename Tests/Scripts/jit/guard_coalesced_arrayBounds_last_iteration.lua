-- Guard coalescing: t[i], t[i + 1] and t[i + 2] share one bounds check at the loop body's head.
-- The last iteration runs off the array part: the check fails, the copy of the body that keeps
-- the three guards runs, its third guard exits (arrayBounds, at t[i + 2]) with the state of that
-- instruction, and the interpreter finishes with Lua's answer.
local J = dofile("support.lib")
local function window(t, n)
  local s = 0
  for i = 1, n do
    local a = t[i]
    local b = t[i + 1]
    local c = t[i + 2]
    s = s + a * 100 + b * 10 + (c or 7)
  end
  return s
end
local t = {1, 2, 3, 4, 5}
print(window(t, 3))
local c = J.compiled(window)
print(window(t, 3), window(t, 1))
J.deoptsAt(window, c, "arrayBounds", 11, function() assert(window(t, 4) == 1159) end)
print(window(t, 4), window(t, 2))
-- expect: 702
-- expect: 702	123
-- expect: 1159	357
