-- Yields inside generic-for iterator functions (Lua closures and natives) resume the loop.
local function range(n)
  local i = 0
  return function()
    i = i + 1
    if i <= n then coroutine.yield("step " .. i) return i end
  end
end
local gen = coroutine.wrap(function()
  local sum = 0
  for i in range(3) do sum = sum + i end
  for k, v in coroutine.yield, "ignored" do
    if k == "stop" then break end
    sum = sum + v
  end
  return "sum " .. sum
end)
print(gen())
print(gen())
print(gen())
print(gen())
print(gen("a", 10))
print(gen("b", 20))
print(gen("stop"))
-- An iterator with a __call metamethod, and a stateful iterator object with __index methods.
local it = setmetatable({n = 0}, {__call = function(self)
  self.n = self.n + 1
  if self.n <= 2 then return coroutine.yield(self.n) end
end})
local co = coroutine.wrap(function()
  local got = {}
  for v in it do got[#got + 1] = v end
  return table.concat(got, "+")
end)
print(co(), co("x"), co("y"))
-- expect: step 1
-- expect: step 2
-- expect: step 3
-- expect: ignored	nil
-- expect: ignored	a
-- expect: ignored	b
-- expect: sum 36
-- expect: 1	2	x+y
