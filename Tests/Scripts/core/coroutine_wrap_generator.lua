-- coroutine.wrap as a generator in a generic for; status and running from inside.
local function range(n)
  return coroutine.wrap(function()
    for i = 1, n do coroutine.yield(i) end
  end)
end
local s = 0
for v in range(100) do s = s + v end
print(s)
-- expect: 5050
local co
co = coroutine.create(function()
  print(coroutine.status(co), coroutine.isyieldable(), select(2, coroutine.running()))
end)
coroutine.resume(co)
-- expect: running	true	false
print(coroutine.isyieldable(), select(2, coroutine.running()))
-- expect: false	true
