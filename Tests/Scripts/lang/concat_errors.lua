-- Concatenating nil, booleans or tables without __concat is an error naming the operand.
local x
print(pcall(function() local y return "a" .. y end))
-- expect: false	concat_errors.lua:3: attempt to concatenate a nil value (local 'y')
print(pcall(function() return "a" .. x end))
-- expect: false	concat_errors.lua:5: attempt to concatenate a nil value (upvalue 'x')
print(pcall(function() return "a" .. {} end))
-- expect: false	concat_errors.lua:7: attempt to concatenate a table value
print(pcall(function() return true .. "" end))
-- expect: false	concat_errors.lua:9: attempt to concatenate a boolean value
local t = {}
print(pcall(function() return t.field .. "x" end))
-- expect: false	concat_errors.lua:12: attempt to concatenate a nil value (field 'field')
local x
print("v=" .. x)
-- expect error: attempt to concatenate a nil value (local 'x')
