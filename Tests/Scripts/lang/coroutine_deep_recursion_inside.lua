-- Deep recursion inside a coroutine works and overflow is an error, not a crash.
local co = coroutine.create(function()
  local function rec(n) if n == 0 then return 0 end return 1 + rec(n - 1) end
  coroutine.yield(rec(5000))
  local function inf(n) return 1 + inf(n) end
  return inf(1)
end)
print(coroutine.resume(co))
-- expect: true	5000
local ok, e = coroutine.resume(co)
print(ok, e:find("stack overflow", 1, true) ~= nil)
-- expect: false	true
