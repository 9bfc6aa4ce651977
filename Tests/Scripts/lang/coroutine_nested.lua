-- Coroutines resuming other coroutines; yields go to the direct resumer.
local inner = coroutine.create(function()
  coroutine.yield("inner1")
  return "inner-done"
end)
local outer = coroutine.create(function()
  local _, a = coroutine.resume(inner)
  coroutine.yield("outer saw " .. a)
  local _, b = coroutine.resume(inner)
  return "outer saw " .. b
end)
print(coroutine.resume(outer))
-- expect: true	outer saw inner1
print(coroutine.resume(outer))
-- expect: true	outer saw inner-done
print(coroutine.resume(coroutine.running()))
-- expect: false	cannot resume non-suspended coroutine
