-- Arithmetic whose operands have been integers and floats mixed (nbody's bodies, the sun at
-- integer 0) compiles as float arithmetic behind one check that some operand is a float. Two
-- integers then fail that check (notFloat): the interpreter gives the integer result Lua wants.
local J = dofile("support.lib")
local compiled, deopts = J.compiled, J.deopts
local function diff(t, u)
  local s = 0.0
  for i = 1, #t do s = s + (t[i] - u[i]) * (t[i] * u[i]) end
  return s
end
local xs, ys = {0, 1.5, 2, 3.25}, {1.0, 2, 0.5, 3}
print(diff(xs, ys))
local c = compiled(diff)
print(diff(xs, ys), diff({2.5}, {4}))
local function sub(a, b) return a - b, a * b, a % b end
print(sub(1, 2.5), sub(7.5, 2))
local cs = compiled(sub)
print(sub(3, 0.5))
print(math.type((sub(7, 2))), sub(7, 2))
deopts(sub, cs, "notFloat", function() assert(math.type((sub(9, 4))) == "integer") end)
print(sub(-7, 2), sub(-7.0, 2))
-- expect: 2.4375
-- expect: 2.4375	-15.0
-- expect: -1.5	5.5	15.0	1.5
-- expect: 2.5	1.5	0.0
-- expect: integer	5	14	1
-- expect: -9	-9.0	-14.0	1.0
