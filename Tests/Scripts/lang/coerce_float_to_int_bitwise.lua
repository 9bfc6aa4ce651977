-- Bitwise operators accept floats with exact integer values; strings are not coerced for them.
print(3.0 | 0, 2^4 | 1, 7.0 & 5, 1.0 << 2)
-- expect: 3	17	5	4
print(pcall(function() return 1.5 | 0 end))
-- expect: false	coerce_float_to_int_bitwise.lua:4: number has no integer representation
print(pcall(function() return 2^64 | 0 end))
-- expect: false	coerce_float_to_int_bitwise.lua:6: number has no integer representation
print(pcall(function() return "12" & 5 end))
-- expect: false	coerce_float_to_int_bitwise.lua:8: attempt to perform bitwise operation on a string value (constant '12')
local s = "3"
print(pcall(function() return ~s end))
-- expect: false	coerce_float_to_int_bitwise.lua:11: attempt to perform bitwise operation on a string value (upvalue 's')
