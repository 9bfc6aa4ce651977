-- Equality and ordering between integers and floats compare mathematical values.
print(1 == 1.0, 2^53 == 2^53 + 1, math.maxinteger == 2^63, math.maxinteger < 2^63)
-- expect: true	true	false	true
print(math.maxinteger + 0.0 == 2^63, math.mininteger == -2^63, math.mininteger <= -2^63)
-- expect: true	true	true
print(9007199254740993 == 2^53, 9007199254740993 < 2^53 + 2, 9007199254740993 > 2^53)
-- expect: false	true	true
