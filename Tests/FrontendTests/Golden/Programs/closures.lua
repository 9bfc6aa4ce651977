-- closures and upvalues: per-iteration locals, shared upvalues, recursion, nested levels
local fns = {}
for i = 1, 3 do fns[i] = function() return i end end
print(fns[1](), fns[2](), fns[3]())
local acc = {}
local j = 0
while j < 3 do j = j + 1; local k = j; acc[j] = function() k = k + 10; return k end end
print(acc[1](), acc[1](), acc[2](), acc[3]())
local function counter()
  local c = 0
  return function() c = c + 1; return c end, function() return c end
end
local inc, get = counter()
inc(); inc()
print(get())
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(20))
local function outer()
  local x = 1
  local function mid()
    local function inner() x = x + 1; return x end
    return inner
  end
  return mid(), function() return x end
end
local f, g = outer()
f(); f()
print(g())
local r = {}
repeat local z = #r + 1; r[z] = function() return z end until #r == 3
print(r[1](), r[2](), r[3]())
local a, b = 1, 2
local function swap() a, b = b, a end
swap()
print(a, b)
local t = setmetatable({}, {__index = function(t, k) return k .. "!" end})
print(t.x, t[1])
local function va(...)
  local n = select('#', ...)
  local function inner(...) return n, ... end
  return inner(...)
end
print(va(1, nil, 3))
print((va(1, 2)))
