-- A hot while loop is entered at its header by on-stack replacement; integer sums wrap around.
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

local function squares(...)
  local n, start = ...
  local s, i = 0, start
  while i < n do
    s = s + i * i
    i = i + 1
  end
  return s, i
end
print(squares(5000, 0))
enteredByOSR(squares)
print(squares(3037000600, 3037000400))
print(squares(0, 5))
-- expect: 41654167500	5000
-- expect: -578304594900	3037000600
-- expect: 0	5
