-- A hot integer for loop (positive and negative steps, a bound near maxinteger) is entered at its
-- header by on-stack replacement, and the sums are Lua's.
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
