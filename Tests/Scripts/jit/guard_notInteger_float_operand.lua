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
-- When f was compiled: it deoptimized with `reason` at least once since.
local function deopted(f, wasCompiled, reason)
  if wasCompiled then
    local n = vm.tier(f).reasons[reason] or 0
    assert(n >= 1, "expected a deopt for " .. reason)
  end
end
local function sum(n, step)
  local s = 0
  for _ = 1, n do s = s + step end
  return s
end
print(sum(10, 1), sum(4, 3))
local c = compiled(sum)
print(sum(10, 1.5))
deopted(sum, c, "notInteger")
print(sum(3, 2))
-- expect: 10	12
-- expect: 15.0
-- expect: 6
