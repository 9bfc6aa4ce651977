-- Arithmetic on non-numbers raises errors naming the operand.
local t = {}
print(pcall(function() return t + 1 end))
-- expect: false	arith_errors.lua:3: attempt to perform arithmetic on a table value (upvalue 't')
print(pcall(function() local s = {} return 1 - s end))
-- expect: false	arith_errors.lua:5: attempt to perform arithmetic on a table value (local 's')
print(pcall(function() return nil * 2 end))
-- expect: false	arith_errors.lua:7: attempt to perform arithmetic on a nil value
print(pcall(function() return -{} end))
-- expect: false	arith_errors.lua:9: attempt to perform arithmetic on a table value
print(pcall(function() return undefinedglobal + 1 end))
-- expect: false	arith_errors.lua:11: attempt to perform arithmetic on a nil value (global 'undefinedglobal')
