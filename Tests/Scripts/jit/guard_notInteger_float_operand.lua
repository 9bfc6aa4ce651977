-- A loop that only ever added integers meets a float: the integer guard on the operand fails,
-- the frame continues in the interpreter with the float, and the answer is Lua's.
local J = dofile("support.lib")
local compiled, deopts = J.compiled, J.deopts
local function sum(n, step)
  local s = 0
  for _ = 1, n do s = s + step end
  return s
end
print(sum(10, 1), sum(4, 3))
local c = compiled(sum)
print(sum(10, 1.5))
deopts(sum, c, "notInteger", function() assert(sum(10, 1.5) == 15.0) end)
print(sum(3, 2))
-- expect: 10	12
-- expect: 15.0
-- expect: 6
