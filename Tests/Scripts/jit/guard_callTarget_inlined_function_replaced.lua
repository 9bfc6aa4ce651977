-- A small function called in a loop is taken into the caller's code behind a guard of the
-- callee's identity. Another function in its place fails the guard: the call is made by the
-- interpreter, with that function's result.
local J = dofile("support.lib")
local compiled, deopts = J.compiled, J.deopts

local function sq(x) return x * x end
local f = sq
local function sum(n)
  local s = 0
  for i = 1, n do s = s + f(i) end
  return s
end
print(sum(10), sum(10))
local c = compiled(sum)
print(sum(10))
deopts(sum, c, "callTarget", function()
  f = function(x) return -x end
  assert(sum(3) == -6)
  f = sq
end)
print(sum(4))
-- expect: 385	385
-- expect: 385
-- expect: 30

-- Not a function at all: the interpreter's call raises, with the caller's line.
f = 42
print(pcall(sum, 2))
f = sq
print(sum(3))
-- expect: false	guard_callTarget_inlined_function_replaced.lua:11: attempt to call a number value (upvalue 'f')
-- expect: 14

-- Another closure of the same function passes the guard: its body reads no upvalue, so every
-- closure of it computes the same.
local function maker() return function(x) return x + 1 end end
local g = maker()
local function count(n)
  local s = 0
  for _ = 1, n do s = g(s) end
  return s
end
local function guardFailures() return J.jitOn and (J.vm.tier(count).reasons.callTarget or 0) or 0 end
print(count(5), count(5))
compiled(count)
print(count(6))
J.warm(count, function() count(6) end)  -- in --jit=stress, each guard's one forced exit happens here
local before = guardFailures()
g = maker()
print(count(7), guardFailures() - before)
-- expect: 5	5
-- expect: 6
-- expect: 7	0
