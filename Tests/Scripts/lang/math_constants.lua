-- math constants and basic functions.
print(math.pi, math.huge, -math.huge, math.maxinteger, math.mininteger)
-- expect: 3.1415926535898	inf	-inf	9223372036854775807	-9223372036854775808
print(math.sqrt(16), math.sqrt(2), math.max(1, 5, 3), math.min(4, 2.5))
-- expect: 4.0	1.4142135623731	5	2.5
print(math.fmod(7, 3), math.fmod(-7, 3), math.fmod(7, -3), math.fmod(-7.5, 2))
-- expect: 1	-1	1	-1.5
print(pcall(function() return math.fmod(1, 0) end))
-- expect: false	math_constants.lua:8: bad argument #2 to 'fmod' (zero)
