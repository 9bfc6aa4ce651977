-- A loop that only ever added integers meets a float: the integer guard on the operand fails,
-- the frame continues in the interpreter with the float, and the answer is Lua's.
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
-- When f was compiled: running `breaker` deoptimizes it with `reason`. In --jit=stress each run
-- of a code version first exits at one check after another (each once), so it may take a few runs.
local function deopts(f, wasCompiled, reason, breaker)
  for _ = 1, 10 do
    breaker()
    if not wasCompiled or (vm.tier(f).reasons[reason] or 0) >= 1 then return end
  end
  error("expected a deopt for " .. reason)
end
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
