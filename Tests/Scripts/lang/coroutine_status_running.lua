-- coroutine.status, running and isyieldable from inside and outside.
local main, ismain = coroutine.running()
print(type(main), ismain, coroutine.isyieldable())
-- expect: thread	true	false
local co
co = coroutine.create(function()
  local me, im = coroutine.running()
  print(me == co, im, coroutine.status(co), coroutine.isyieldable())
  coroutine.yield()
end)
print(coroutine.status(co))
-- expect: suspended
coroutine.resume(co)
-- expect: true	false	running	true
print(coroutine.status(co))
-- expect: suspended
coroutine.resume(co)
print(coroutine.status(co))
-- expect: dead
