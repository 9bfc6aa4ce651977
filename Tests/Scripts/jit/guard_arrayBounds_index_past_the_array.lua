-- t[i] compiled as an array-part load meets keys outside 1..#t: the bounds guard exits and the
-- interpreter answers (nil, or the hash part's value).
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
local function get(t, i) return t[i] end
local t = {10, 20, 30}
t[100] = "far"
print(get(t, 1), get(t, 3))
local c = compiled(get)
print(get(t, 4), get(t, 0), get(t, 100), get(t, -1))
deopts(get, c, "arrayBounds", function() assert(get(t, 100) == "far") end)
print(get(t, 2))
-- expect: 10	30
-- expect: nil	nil	far	nil
-- expect: 20
