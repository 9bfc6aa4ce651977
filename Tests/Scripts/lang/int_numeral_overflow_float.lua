-- Decimal integer numerals that overflow become floats; hex ones wrap around.
print(9223372036854775807, math.type(9223372036854775807))
-- expect: 9223372036854775807	integer
print(9223372036854775808, math.type(9223372036854775808))
-- expect: 9.2233720368548e+18	float
print(0xffffffffffffffff, 0x7fffffffffffffff, 0x10000000000000000)
-- expect: -1	9223372036854775807	0
print(-9223372036854775808, math.type(-9223372036854775808))
-- expect: -9.2233720368548e+18	float
print(math.mininteger)
-- expect: -9223372036854775808
