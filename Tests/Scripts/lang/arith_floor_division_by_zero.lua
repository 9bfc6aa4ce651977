-- Integer floor division by zero is an error (lua5.4 words it "attempt to divide by zero").
-- no-lua-compare: lua 5.4.4 reports a stale line number for an uncaught division by zero in the main chunk
print(pcall(function() local a, b = 1, 0 return a // b end))
-- expect: false	arith_floor_division_by_zero.lua:3: attempt to divide by zero
local z = 0
print(5 // z)
-- expect error: attempt to divide by zero
