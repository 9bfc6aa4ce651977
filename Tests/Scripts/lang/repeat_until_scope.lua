-- repeat-until runs at least once and its condition sees the body's locals.
local i = 0
repeat local j = i * 2; i = i + 1 until j >= 6
print(i)
-- expect: 4
local runs = 0
repeat runs = runs + 1 until true
print(runs)
-- expect: 1
local fs = {}
local k = 0
repeat
  k = k + 1
  local captured = k
  fs[k] = function() return captured end
until captured == 3
print(fs[1](), fs[2](), fs[3]())
-- expect: 1	2	3
