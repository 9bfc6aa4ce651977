-- Constant-folded arithmetic gives what the same operation gives at run time (signs of % and //).
local a, b, c, d, m, s = -5.0, -3, 5.5, -2, math.mininteger, 70
print(-5.0 % -3, a % b)
-- expect: -2.0	-2.0
print(5.5 % -2, c % d)
-- expect: -0.5	-0.5
print(-5.0 // -3, a // b, 7 // -2, 7 // d)
-- expect: 1.0	1.0	-4	-4
print(-7 % 3, (-7) % 3, 7 % -3)
-- expect: 2	2	-2
print(math.mininteger // -1, m // -1, math.mininteger % -1, m % -1)
-- expect: -9223372036854775808	-9223372036854775808	0	0
print(1 << 70, 1 << s, -1 >> 63, -1 >> -1, 1 >> math.mininteger)
-- expect: 0	0	1	-2	0
print(2^2, 3.0^2, (-2)^0.5 ~= (-2)^0.5)
-- expect: 4.0	9.0	true
print(3 % -math.huge, -3 % math.huge)
-- expect: -inf	inf
