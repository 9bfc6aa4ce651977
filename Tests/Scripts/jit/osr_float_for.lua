-- A hot float for loop (fractional, negative and tiny steps) is entered at its header by on-stack
-- replacement, and the float sums are Lua's to the last bit.
-- The engine module where it exists (vmrepl); elsewhere (the reference Lua, which has no JIT)
-- a stand-in that reports the JIT as off, so the same script checks both.
local found, vm = pcall(require, "vmrepl")
if not found then
  vm = { compile = function() return false, "the JIT is off" end,
         tier = function() return { tier = "interpreted", reasons = {}, deopts = 0, osr = 0, versions = 0 } end }
end
-- True when the JIT is on (an empty function compiles); false only when it is off.
local jitOn = vm.compile(function() end)
-- When the JIT is on: f ran compiled, entered at a loop header (on-stack replacement) or whole
-- (eager modes compile a function at its first call; OSR proper, from frames that started
-- interpreted, is tested with thresholds on the command line in JITOSRTests).
local function enteredByOSR(f)
  if jitOn then
    local t = vm.tier(f)
    assert(t.osr >= 1 or t.versions >= 1, "expected compiled code, tier: " .. t.tier .. ", osr refused " .. tostring(t.osrRefused))
  end
end

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
