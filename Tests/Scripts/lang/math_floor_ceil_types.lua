-- math.floor/ceil return integers when representable, floats otherwise.
print(math.floor(3.7), math.ceil(3.2), math.floor(-3.5), math.ceil(-3.5))
-- expect: 3	4	-4	-3
print(math.type(math.floor(2.0)), math.floor(1e100) == 1e100, math.type(math.floor(1e100)))
-- expect: integer	true	float
print(math.floor(5), math.abs(-3), math.abs(-3.5), math.abs(math.mininteger))
-- expect: 5	3	3.5	-9223372036854775808
