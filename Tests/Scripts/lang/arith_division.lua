-- "/" is always float division.
print(6 / 2, 7 / 2, -7 / 2, 1 / 0, -1 / 0)
-- expect: 3.0	3.5	-3.5	inf	-inf
print(0 / 0 ~= 0 / 0, math.type(4 / 2))
-- expect: true	float
print(1 / -0.0, 0.0 / 1)
-- expect: -inf	0.0
