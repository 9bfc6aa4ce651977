-- A numeric for compiled as a counted loop with a positive step meets a negative one: the loop's
-- shape guard exits and the interpreter runs it (downwards).
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
local function count(a, b, s)
  local n, last = 0, nil
  for i = a, b, s do n = n + 1; last = i end
  return n, last
end
print(count(1, 10, 1), count(1, 5, 2))
local c = compiled(count)
print(count(10, 1, -1))
print(count(10, 1, -3))
deopts(count, c, "forLoopShape", function() assert(count(3, 1, -1) == 3) end)
print(count(1, 3, 1))
-- expect: 10	3	5
-- expect: 10	1
-- expect: 4	1
-- expect: 3	3
