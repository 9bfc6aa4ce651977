-- `^` is C's pow on floats (manual §3.4.1): square roots of -inf and -0.0 follow pow, not sqrt.
print((-math.huge)^0.5, (-0.0)^0.5, 4^0.5, 2^0.5 == math.sqrt(2))
print(3^2, (-3)^2, (-0.0)^2, 2^-1)
local x, h = -math.huge, 0.5
local z = -0.0
print(x^h, z^h, x^0.5, z^0.5)
-- expect: inf	0.0	2.0	true
-- expect: 9.0	9.0	0.0	0.5
-- expect: inf	0.0	inf	0.0
