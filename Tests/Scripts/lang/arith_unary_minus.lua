-- Unary minus on integers, floats and strings.
local x = 5
print(-x, - -x, -(-x), -"3", -"3.0")
-- expect: -5	5	5	-3	-3.0
print(-math.mininteger == math.mininteger, -0 == 0, 1/(-0.0))
-- expect: true	true	-inf
