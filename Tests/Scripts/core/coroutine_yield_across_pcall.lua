-- A coroutine may yield from inside a pcall; an error after the resume is caught by that pcall.
local co = coroutine.create(function(a)
  local ok, v = pcall(function()
    local x = coroutine.yield(a + 1)
    error("after " .. x, 0)
  end)
  coroutine.yield(ok, v)
  return "done"
end)
print(coroutine.resume(co, 1))
print(coroutine.resume(co, "two"))
print(coroutine.resume(co))
print(coroutine.status(co), coroutine.resume(co))
-- expect: true	2
-- expect: true	false	after two
-- expect: true	done
-- expect: dead	false	cannot resume dead coroutine
