-- Float modulo: sign of divisor, infinities and zero divisors.
print(5.5 % 2, -5.5 % 2, 5.5 % -2, 7 % 2.0)
-- expect: 1.5	0.5	-0.5	1.0
print(1 % math.huge, -1 % math.huge, 1 % -math.huge)
-- expect: 1.0	inf	-inf
local r = 1 % 0.0
print(r ~= r)
-- expect: true
