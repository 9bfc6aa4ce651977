-- Corner cases: mininteger // -1 and % -1 wrap instead of trapping.
local m, n = math.mininteger, -1
print(m // n, m % n, m * n)
-- expect: -9223372036854775808	0	-9223372036854775808
print(math.maxinteger // -1, math.maxinteger % -1)
-- expect: -9223372036854775807	0
