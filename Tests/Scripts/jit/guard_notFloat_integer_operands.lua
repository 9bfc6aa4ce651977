-- Float addition compiled from float feedback meets two integers: the float guard fails and the
-- interpreter adds them as integers (the result stays an integer).
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
local function add(x, y) return x + y end
print(add(1.5, 2.5), add(0.25, 0.5))
local c = compiled(add)
print(add(1, 2), math.type(add(1, 2)))
deopts(add, c, "notFloat", function() assert(add(1, 2) == 3) end)
print(add(2.0, 0.5))
-- expect: 4.0	0.75
-- expect: 3	integer
-- expect: 2.5
