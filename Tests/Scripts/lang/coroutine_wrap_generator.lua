-- coroutine.wrap builds generators usable in generic for.
local function range(n)
  return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end)
end
local s = 0
for i in range(10) do s = s + i end
print(s)
-- expect: 55
local gen = coroutine.wrap(function() coroutine.yield(1) end)
print(gen(), gen())
-- expect: 1
