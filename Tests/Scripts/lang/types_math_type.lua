-- math.type tells integers from floats; numbers of either subtype are equal when mathematically equal.
print(math.type(1), math.type(1.0), math.type("1"), math.type(nil))
-- expect: integer	float	nil	nil
print(1 == 1.0, math.type(2^2), math.type(4 // 2), math.type(4.0 // 2))
-- expect: true	float	integer	float
print(math.type(3 / 1), math.type(7 % 2), math.type(7.0 % 2))
-- expect: float	integer	float
