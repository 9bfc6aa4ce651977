-- A field store compiled for an existing field meets a table without it: the store exits and
-- the interpreter adds the key (or calls __newindex).
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
local function set(o) o.z = 5 return o.z end
print(set({z = 1}), set({z = 2}))
local c = compiled(set)
local fresh = {}
print(set(fresh), fresh.z)
deopts(set, c, "storeNeedsSlowPath", function() assert(set({}) == 5) end)
local log = {}
local guarded = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k rawset(t, k, v * 2) end})
print(set(guarded), log[1])
-- expect: 5	5
-- expect: 5	5
-- expect: 10	z
