-- Numbers convert to strings in concatenation, ints without ".0", floats with it.
print(1 .. "", 1.0 .. "", -0.0 .. "", 10 // 3 .. "")
-- expect: 1	1.0	-0.0	3
print(2^63 .. "", 1e100 .. "", 0.1 .. "")
-- expect: 9.2233720368548e+18	1e+100	0.1
print(1 .. 2, 3 .. 4.5)
-- expect: 12	34.5
print(math.huge .. "", -math.huge .. "")
-- expect: inf	-inf
