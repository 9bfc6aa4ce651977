-- Operations mixing integers and floats convert the integer to float.
print(1 + 0.0, math.type(1 + 0.0), 2^53 + 1 == 2^53, (2^53 | 0) + 1)
-- expect: 1.0	float	true	9007199254740993
print(math.maxinteger + 0.0 == math.maxinteger, math.maxinteger + 0.0)
-- expect: false	9.2233720368548e+18
