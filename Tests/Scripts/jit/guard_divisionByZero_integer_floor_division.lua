-- Integer floor division and modulo guard their divisor: zero exits, and the interpreter raises
-- Lua's error at that instruction (with its line).
-- The engine module where it exists (vmrepl); elsewhere (the reference Lua, which has no JIT)
-- a stand-in that reports the JIT as off, so the same script checks both.
local found, vm = pcall(require, "vmrepl")
if not found then
  vm = { compile = function() return false, "the JIT is off" end,
         tier = function() return { tier = "interpreted", reasons = {}, deopts = 0, osr = 0, versions = 0 } end }
end
-- True when f is now compiled; false only when the JIT is off (anything else fails the test).
local function compiled(f)
  local ok, why = vm.compile(f)
  assert(ok or why == "the JIT is off", why)
  return ok
end
-- When f was compiled: it deoptimized with `reason` at least once since.
local function deopted(f, wasCompiled, reason)
  if wasCompiled then
    local n = vm.tier(f).reasons[reason] or 0
    assert(n >= 1, "expected a deopt for " .. reason)
  end
end
local function fdiv(a, b) return a // b end
local function mod(a, b) return a % b end
print(fdiv(7, 2), fdiv(-7, 2), mod(7, 3), mod(-7, 3))
local c1, c2 = compiled(fdiv), compiled(mod)
print(pcall(function() return fdiv(7, 0) end))
print(pcall(function() return mod(7, 0) end))
-- With --jit=stress every guard of a code version exits once, whichever is reached first: a few
-- more divisions by zero reach the divisor's guard past the operands' forced exits.
for _ = 1, 4 do pcall(function() return fdiv(7, 0) end); pcall(function() return mod(7, 0) end) end
deopted(fdiv, c1, "divisionByZero")
deopted(mod, c2, "divisionByZero")
print(fdiv(9, 4), mod(9, 4), fdiv(7.0, 0), mod(5, -3))
-- expect: 3	-4	1	2
-- expect: false	guard_divisionByZero_integer_floor_division.lua:23: attempt to divide by zero
-- expect: false	guard_divisionByZero_integer_floor_division.lua:24: attempt to perform 'n%0'
-- expect: 2	1	inf	-1
