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
-- When f was compiled: it deoptimized with `reason` at least once since.
local function deopted(f, wasCompiled, reason)
  if wasCompiled then
    local n = vm.tier(f).reasons[reason] or 0
    assert(n >= 1, "expected a deopt for " .. reason)
  end
end
local function add(x, y) return x + y end
print(add(1.5, 2.5), add(0.25, 0.5))
local c = compiled(add)
print(add(1, 2), math.type(add(1, 2)))
deopted(add, c, "notFloat")
print(add(2.0, 0.5))
-- expect: 4.0	0.75
-- expect: 3	integer
-- expect: 2.5
