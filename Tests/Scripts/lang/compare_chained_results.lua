-- Comparison results are booleans; comparisons share one precedence level and associate left.
local a, b, c = 1, 2, 3
print((a < b) == (b < c), (a < b) == true)
-- expect: true	true
print(pcall(function() return a < b == b < c end))
-- expect: false	compare_chained_results.lua:5: attempt to compare boolean with number
print(type(a < b), not (a > b))
-- expect: boolean	true
