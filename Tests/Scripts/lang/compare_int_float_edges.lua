-- Int/float comparisons near 2^63 and with fractions must be exact.
local big = math.maxinteger
print(big < 9.2233720368547758e18, big <= 9.2233720368547758e18, big > 9.2233720368547748e18)
-- expect: true	true	true
print(1 < 1.5, 2 > 1.5, -1 < -0.5, 3 <= 3.0, 3 >= 3.0)
-- expect: true	true	true	true	true
print(math.mininteger < -9.2233720368547758e18, math.mininteger >= -9.2233720368547758e18)
-- expect: false	true
print(5 < math.huge, 5 > -math.huge, math.mininteger > -math.huge)
-- expect: true	true	true
print(0/0 < 1, 1 < 0/0, 0/0 >= 0/0)
-- expect: false	false	false
