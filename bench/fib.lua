-- fib: naive doubly recursive Fibonacci; measures Lua-to-Lua call and return cost.
-- Written in the Lua that LuaJIT also runs (no // or bitwise operators); prints one checksum line.
local N = 35

local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

print("checksum", string.format("%d", fib(N)))
