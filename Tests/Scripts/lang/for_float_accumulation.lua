-- A float loop with step 0.1 follows the floating point sums exactly like lua.
local n, last = 0, nil
for x = 0, 1, 0.1 do n = n + 1; last = x end
print(n, string.format("%.17g", last))
-- expect: 11	0.99999999999999989
