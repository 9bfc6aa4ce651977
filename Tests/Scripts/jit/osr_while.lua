-- A hot while loop is entered at its header by on-stack replacement; integer sums wrap around.
local J = dofile("support.lib")
local enteredByOSR = J.ranCompiled

local function squares(...)
  local n, start = ...
  local s, i = 0, start
  while i < n do
    s = s + i * i
    i = i + 1
  end
  return s, i
end
print(squares(5000, 0))
enteredByOSR(squares)
print(squares(3037000600, 3037000400))
print(squares(0, 5))
-- expect: 41654167500	5000
-- expect: -578304594900	3037000600
-- expect: 0	5
