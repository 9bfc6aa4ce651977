-- A numeric for compiled as a counted loop with a positive step meets a negative one: the loop's
-- shape guard exits and the interpreter runs it (downwards).
local J = dofile("support.lib")
local compiled, deopts = J.compiled, J.deopts
local function count(a, b, s)
  local n, last = 0, nil
  for i = a, b, s do n = n + 1; last = i end
  return n, last
end
print(count(1, 10, 1), count(1, 5, 2))
local c = compiled(count)
print(count(10, 1, -1))
print(count(10, 1, -3))
deopts(count, c, "forLoopShape", function() assert(count(3, 1, -1) == 3) end)
print(count(1, 3, 1))
-- expect: 10	3	5
-- expect: 10	1
-- expect: 4	1
-- expect: 3	3
