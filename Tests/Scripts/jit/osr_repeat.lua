-- A hot repeat loop is entered at its header by on-stack replacement; the until condition sees
-- the body'\''s values, and the body runs once even when the condition holds at once.
local J = dofile("support.lib")
local enteredByOSR = J.ranCompiled

local function countdown(...)
  local n, step = ...
  local s, i = 0, n
  repeat
    s = s + i
    i = i - step
  until i <= 0
  return s, i
end
print(countdown(5000, 1))
enteredByOSR(countdown)
print(countdown(1000, 7))
print(countdown(-5, 1))
print(countdown(2.5, 0.5))
-- expect: 12502500	0
-- expect: 71929	-1
-- expect: -5	-6
-- expect: 7.5	0.0
