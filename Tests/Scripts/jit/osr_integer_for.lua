-- A hot integer for loop (positive and negative steps, a bound near maxinteger) is entered at its
-- header by on-stack replacement, and the sums are Lua's.
local J = dofile("support.lib")
local enteredByOSR = J.ranCompiled

local function sum(...)
  local first, last, step = ...
  local s, n = 0, 0
  for i = first, last, step do
    s = s + i * 3
    n = n + 1
  end
  return s, n
end
print(sum(1, 5000, 1))
enteredByOSR(sum)
print(sum(1000, 1, -7))
print(sum(9223372036854775807 - 300, 9223372036854775807, 1))
print(sum(5, 1, 1))
-- expect: 37507500	5000
-- expect: 215787	143
-- expect: 9223372036854639455	301
-- expect: 0	0
