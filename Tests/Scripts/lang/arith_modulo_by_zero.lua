-- Integer modulo by zero is an error.
-- no-lua-compare: lua 5.4.4 reports a stale line number for an uncaught division by zero in the main chunk
print(pcall(function() local a, b = 1, 0 return a % b end))
-- expect: false	arith_modulo_by_zero.lua:3: attempt to perform 'n%0'
local z = 0
print(5 % z)
-- expect error: attempt to perform 'n%0'
