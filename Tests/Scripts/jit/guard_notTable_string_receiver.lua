-- A field read compiled for tables meets a string: the table guard exits, and the interpreter
-- indexes the string through its metatable (string methods; an absent key is nil).
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
local function field(o) return o.len end
print(field({len = 1}), field({len = 2}))
local c = compiled(field)
print(field("abc") == string.len, field("abc")("hello"))
deopts(field, c, "notTable", function() assert(field("x") == string.len) end)
print(field({len = 3}), pcall(field, nil))
-- expect: 1	2
-- expect: true	5
-- expect: 3	false	guard_notTable_string_receiver.lua:25: attempt to index a nil value (local 'o')
