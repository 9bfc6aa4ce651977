-- A hot float for loop (fractional, negative and tiny steps) is entered at its header by on-stack
-- replacement, and the float sums are Lua's to the last bit.
local J = dofile("support.lib")
local enteredByOSR = J.ranCompiled

local function sum(...)
  local first, last, step = ...
  local s, n = 0.0, 0
  for x = first, last, step do
    s = s + x * 0.5
    n = n + 1
  end
  return s, n
end
local function show(s, n) print(string.format("%.17g", s), math.type(s), n) end
show(sum(0.5, 2000, 0.25))
enteredByOSR(sum)
show(sum(10.0, -10, -0.1))
show(sum(1, 2, 1e-3))
show(sum(2.5, 1, 1))
-- expect: 4000499.875	float	7999
-- expect: 2.0117241206207837e-12	float	201
-- expect: 750.74999999997272	float	1001
-- expect: 0	float	0
