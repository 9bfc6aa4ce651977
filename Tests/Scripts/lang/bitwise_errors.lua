-- Bitwise operators on non-numbers raise errors.
print(pcall(function() return {} & 1 end))
-- expect: false	bitwise_errors.lua:2: attempt to perform bitwise operation on a table value
local x
print(pcall(function() return 1 | x end))
-- expect: false	bitwise_errors.lua:5: attempt to perform bitwise operation on a nil value (upvalue 'x')
print(pcall(function() return 1.5 >> 1 end))
-- expect: false	bitwise_errors.lua:7: number has no integer representation
print(pcall(function() return math.huge & 1 end))
-- expect: false	bitwise_errors.lua:9: number (field 'huge') has no integer representation
