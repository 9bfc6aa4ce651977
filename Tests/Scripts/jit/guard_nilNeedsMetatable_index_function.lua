-- A field read compiled for plain tables meets an absent key in a table whose __index is a
-- function: the load exits and the interpreter calls the metamethod.
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
local function field(o) return o.y end
print(field({y = 1}), field({y = 2}))
local c = compiled(field)
local calls = 0
local proxy = setmetatable({}, {__index = function(_, k) calls = calls + 1 return "mm:" .. k end})
print(field(proxy), calls)
deopts(field, c, "nilNeedsMetatable", function() assert(field(proxy) == "mm:y") end)
-- __index chains of plain tables are the compiled load's own (no exit).
local base = {y = "inherited"}
print(field(setmetatable({}, {__index = base})), field({y = 3}))
-- expect: 1	2
-- expect: mm:y	1
-- expect: inherited	3
