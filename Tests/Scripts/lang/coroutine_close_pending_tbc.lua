-- coroutine.close closes pending to-be-closed variables of a suspended coroutine.
local co = coroutine.create(function()
  local a <close> = setmetatable({}, {__close = function() print("closing a") end})
  coroutine.yield("suspended")
  print("never reached")
end)
print(coroutine.resume(co))
-- expect: true	suspended
print(coroutine.close(co), coroutine.status(co))
-- expect: closing a
-- expect: true	dead
