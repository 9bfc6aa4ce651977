-- Non-numeric for bounds are errors naming which one; numeric strings are converted.
print(pcall(function() for i = "a", 2 do end end))
-- expect: false	for_numeric_bad_values.lua:2: bad 'for' initial value (number expected, got string)
print(pcall(function() for i = 1, {} do end end))
-- expect: false	for_numeric_bad_values.lua:4: bad 'for' limit (number expected, got table)
print(pcall(function() for i = 1, 2, nil do end end))
-- expect: false	for_numeric_bad_values.lua:6: bad 'for' step (number expected, got nil)
print(pcall(function() local n = 0 for i = "1", 2 do n = n + 1 end return n end))
-- expect: true	2
