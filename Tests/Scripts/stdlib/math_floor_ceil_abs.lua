-- floor/ceil keep integers, convert exact floats; abs wraps.
print(math.floor(3.7), math.floor(-3.7), math.floor(5), math.floor(-0.0), math.floor(1e100))
print(math.ceil(3.2), math.ceil(-3.2), math.ceil(5), math.ceil(-0.5), math.ceil(2^63))
print(math.type(math.floor(3.5)), math.type(math.floor(2^70)), math.floor("3.7"))
print(math.abs(-5), math.abs(5.5), math.abs(-0.0), math.abs(math.mininteger), math.abs(math.mininteger + 1))
print(math.huge, -math.huge, math.pi, math.maxinteger, math.mininteger)
-- expect: 3	-4	5	0	1e+100
-- expect: 4	-3	5	0	9.2233720368548e+18
-- expect: integer	float	3
-- expect: 5	5.5	0.0	-9223372036854775808	9223372036854775807
-- expect: inf	-inf	3.1415926535898	9223372036854775807	-9223372036854775808
