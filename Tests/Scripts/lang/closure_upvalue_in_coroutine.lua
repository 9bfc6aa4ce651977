-- Closures made inside a coroutine keep working after it yields and after it dies.
local co = coroutine.create(function()
  local count = 0
  local function inc() count = count + 1 return count end
  coroutine.yield(inc)
  inc()
  return inc
end)
local _, f = coroutine.resume(co)
print(f(), f())
-- expect: 1	2
local _, g = coroutine.resume(co)
print(g == f, g(), coroutine.status(co))
-- expect: true	4	dead
