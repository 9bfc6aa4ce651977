-- `return pcall(f)` and `return xpcall(f, h)` in a coroutine: f may yield.
local co = coroutine.wrap(function(x)
  local function inner() return pcall(coroutine.yield, x) end
  local a, b = inner()
  local function other() return xpcall(function(v) return coroutine.yield(v) + 1 end, debug.traceback, b) end
  return a, b, other()
end)
print(co(1))
print(co(2))
print(co(40))
-- expect: 1
-- expect: 2
-- expect: true	2	true	41
