-- Integer arithmetic wraps around modulo 2^64.
print(math.maxinteger + 1 == math.mininteger)
-- expect: true
print(math.mininteger - 1 == math.maxinteger)
-- expect: true
print(math.maxinteger * 2, math.mininteger * -1, -math.mininteger)
-- expect: -2	-9223372036854775808	-9223372036854775808
print(math.maxinteger + 1.0)
-- expect: 9.2233720368548e+18
print(9223372036854775807, -9223372036854775807 - 1)
-- expect: 9223372036854775807	-9223372036854775808
