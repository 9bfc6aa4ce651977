-- A field access whose slow path the interpreter took (a constructor adding fields, an __index
-- function answering, a method called on a string) is compiled without the speculation that
-- would fail the same way: the code made after that feedback runs it with the interpreter's
-- semantics and never deoptimizes there.
local J = dofile("support.lib")
local compiled = J.compiled

local function new(x, y) local o = {} o.x = x o.y = y return o end
local proxy = setmetatable({}, {__index = function(_, k) return k .. "!" end})
local function hello(p) return p.hello end
local function upper(s) return s:upper() end
for i = 1, 3 do new(i, i); hello(proxy); upper("a") end

-- Deopts by reason, of the field-access kinds, per function.
local function fieldDeopts(f)
  local r = J.vm.tier(f).reasons
  return (r.storeNeedsSlowPath or 0) + (r.nilNeedsMetatable or 0) + (r.notTable or 0)
end
local cn, ch, cu = compiled(new), compiled(hello), compiled(upper)
local before = { fieldDeopts(new), fieldDeopts(hello), fieldDeopts(upper) }
local sum = 0
for i = 1, 50 do
  local o = new(i, -i)
  sum = sum + o.x + o.y + #hello(proxy) + #upper("abc")
end
print(sum, new(3, 4).y, hello(proxy), upper("xy"))
-- expect: 450	4	hello!	XY
if cn and ch and cu then
  -- (--jit=stress makes every check of a version exit once, counted under its reason; the code
  -- made after the feedback has no such check left at these accesses.)
  local after = { fieldDeopts(new), fieldDeopts(hello), fieldDeopts(upper) }
  for k = 1, 3 do
    assert(after[k] == before[k], "a field access speculated against its feedback: function " .. k)
  end
end
