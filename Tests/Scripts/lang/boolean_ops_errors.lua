-- Arithmetic and length on booleans and nil are errors.
print(pcall(function() return true + 1 end))
-- expect: false	boolean_ops_errors.lua:2: attempt to perform arithmetic on a boolean value
print(pcall(function() local b = false return #b end))
-- expect: false	boolean_ops_errors.lua:4: attempt to get length of a boolean value (local 'b')
print(pcall(function() local n return #n end))
-- expect: false	boolean_ops_errors.lua:6: attempt to get length of a nil value (local 'n')
print(pcall(function() return #5 end))
-- expect: false	boolean_ops_errors.lua:8: attempt to get length of a number value
