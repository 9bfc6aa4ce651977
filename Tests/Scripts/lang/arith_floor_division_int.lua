-- Integer floor division rounds toward minus infinity.
print(7 // 2, -7 // 2, 7 // -2, -7 // -2)
-- expect: 3	-4	-4	3
print(6 // 3, -6 // 3, 0 // 5, 1 // 7)
-- expect: 2	-2	0	0
print(math.mininteger // -1, math.mininteger // 1)
-- expect: -9223372036854775808	-9223372036854775808
