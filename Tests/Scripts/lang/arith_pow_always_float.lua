-- Exponentiation always yields a float.
print(2 ^ 2, 2 ^ 0.5, 2 ^ -1, (-8) ^ (1/3) ~= (-8) ^ (1/3))
-- expect: 4.0	1.4142135623731	0.5	true
print(math.type(2 ^ 2), 10 ^ 15, 2 ^ 63)
-- expect: float	1e+15	9.2233720368548e+18
print(-2 ^ 2, 2 ^ 3 ^ 2)
-- expect: -4.0	512.0
