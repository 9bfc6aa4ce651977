-- A zero step is an error.
print(pcall(function() for i = 1, 10, 0 do end end))
-- expect: false	for_numeric_zero_step.lua:2: 'for' step is zero
print(pcall(function() for i = 1.0, 10, 0.0 do end end))
-- expect: false	for_numeric_zero_step.lua:4: 'for' step is zero
for i = 1, 2, 0 do end
-- expect error: 'for' step is zero
