-- math.tointeger converts floats with integral values, else fails (returns nil).
print(math.tointeger(3.0), math.tointeger(3.5), math.tointeger(-0.0), math.tointeger(2^63))
-- expect: 3	nil	0	nil
print(math.tointeger(-2^63), math.tointeger(5))
-- expect: -9223372036854775808	5
