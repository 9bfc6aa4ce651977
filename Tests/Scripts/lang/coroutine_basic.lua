-- Coroutines: resume passes values in, yield passes values out.
local co = coroutine.create(function(a, b)
  print("start", a, b)
  local c = coroutine.yield(a + b)
  print("got", c)
  local d, e = coroutine.yield(c * 2)
  return d + e
end)
print(coroutine.resume(co, 1, 2))
-- expect: start	1	2
-- expect: true	3
print(coroutine.resume(co, 10))
-- expect: got	10
-- expect: true	20
print(coroutine.resume(co, 3, 4))
-- expect: true	7
print(coroutine.status(co), coroutine.resume(co))
-- expect: dead	false	cannot resume dead coroutine
