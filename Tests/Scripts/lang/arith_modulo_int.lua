-- Integer modulo takes the sign of the divisor.
print(7 % 3, -7 % 3, 7 % -3, -7 % -3)
-- expect: 1	2	-2	-1
print(6 % 3, -6 % 3, 0 % 5, 5 % 1)
-- expect: 0	0	0	0
print(math.mininteger % -1, math.maxinteger % 2)
-- expect: 0	1
