-- math.sqrt called in a loop becomes one square-root instruction behind a guard that the callee
-- is still math.sqrt. Integers convert; a string (coerced by the real function) or another
-- function in its place leaves for the interpreter, which makes the call.
local J = dofile("support.lib")
local compiled, deopts = J.compiled, J.deopts

local sqrt = math.sqrt
local function norms(t)
  local s = 0.0
  for i = 1, #t do s = s + sqrt(t[i]) end
  return s
end
local ints, floats = {1, 4, 9, 16}, {0.25, 2.25, 6.25}
print(norms(ints), norms(floats))
local c = compiled(norms)
print(norms(ints), norms(floats), norms({2}) == math.sqrt(2))
print(norms({-1}) ~= norms({-1}), norms({1 / 0}), norms({0.0, -0.0}))
-- expect: 10.0	4.5
-- expect: 10.0	4.5	true
-- expect: true	inf	0.0

-- A numeric string is coerced by math.sqrt itself; a table is its error.
print(norms({"16", 9}))
print(pcall(norms, {{}}))
-- expect: 7.0
-- expect: false	intrinsic_math_sqrt.lua:10: bad argument #1 to 'sqrt' (number expected, got table)

-- Another function in its place (here: the global read each call) fails the identity guard.
local function hyp(n)
  local s = 0
  for i = 1, n do s = s + math.sqrt(i * i) end
  return s
end
print(hyp(4), hyp(4))
local c2 = compiled(hyp)
print(hyp(4))
local saved = math.sqrt
deopts(hyp, c2, "callTarget", function()
  math.sqrt = function(x) return -1 end
  assert(hyp(3) == -3)
  math.sqrt = saved
end)
print(hyp(5))
-- expect: 10.0	10.0
-- expect: 10.0
-- expect: 15.0

-- A numeric string at every call: the argument guard keeps failing, and after a few exits the
-- next version makes the call itself, with no guard left to fail (it does not make version after
-- version until it runs out of versions and stays interpreted).
local function strs(n)
  local s = 0
  for _ = 1, n do s = s + sqrt("4") end
  return s
end
local function failures() return J.jitOn and (J.vm.tier(strs).reasons.notNumber or 0) or 0 end
print(strs(3))
local made = compiled(strs)
J.warm(strs, function() for _ = 1, 40 do strs(3) end end)
local before = failures()
-- (No new version either; in the default mode the speed policy may keep the function
-- interpreted once its guard is gone, as a loop of runtime calls.)
local versions = J.jitOn and J.vm.tier(strs).versions
for _ = 1, 40 do strs(3) end
print(strs(5), failures() - before, not made or J.vm.tier(strs).versions == versions)
-- expect: 6.0
-- expect: 10.0	0	true
