-- Negative zero: equal to zero, prints as -0.0, and keeps its sign through some operations.
local nz = -0.0
print(nz == 0, nz, 0.0 * -1, -0.0 + 0.0, 1 / nz)
-- expect: true	-0.0	-0.0	0.0	-inf
print(math.type(-0), -0, 0 // -1, 0.0 // -1)
-- expect: integer	0	0	-0.0
print(-0.0 % 1, 0.0 % -1)
-- expect: -0.0	0.0
