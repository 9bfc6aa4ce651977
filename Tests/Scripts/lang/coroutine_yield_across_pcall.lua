-- A coroutine can yield from inside a pcall, and the pcall completes after resuming.
local co = coroutine.create(function()
  local ok, v = pcall(function()
    local got = coroutine.yield("from pcall")
    if got == "boom" then error("raised", 0) end
    return got
  end)
  coroutine.yield(tostring(ok) .. ":" .. v)
  return "end"
end)
print(coroutine.resume(co))
-- expect: true	from pcall
print(coroutine.resume(co, "boom"))
-- expect: true	false:raised
print(coroutine.resume(co))
-- expect: true	end
