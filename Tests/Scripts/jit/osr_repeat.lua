-- A hot repeat loop is entered at its header by on-stack replacement; the until condition sees
-- the body'\''s values, and the body runs once even when the condition holds at once.
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
