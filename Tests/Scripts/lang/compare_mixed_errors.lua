-- Ordering values of different types (or non-numbers without metamethods) is an error.
print(pcall(function() return 1 < "2" end))
-- expect: false	compare_mixed_errors.lua:2: attempt to compare number with string
print(pcall(function() return {} < {} end))
-- expect: false	compare_mixed_errors.lua:4: attempt to compare two table values
print(pcall(function() return nil > 1 end))
-- expect: false	compare_mixed_errors.lua:6: attempt to compare number with nil
print(pcall(function() return true <= false end))
-- expect: false	compare_mixed_errors.lua:8: attempt to compare two boolean values
local x
print(x < 1)
-- expect error: attempt to compare nil with number
