-- Huge steps do not overflow the loop counter.
local out = {}
for i = 1, math.maxinteger, 1 << 62 do out[#out + 1] = i end
print(#out, out[2])
-- expect: 2	4611686018427387905
out = {}
for i = math.maxinteger, 0, math.mininteger do out[#out + 1] = i end
print(#out)
-- expect: 1
out = {}
for i = -10, 10, 7 do out[#out + 1] = i end
print(table.concat(out, " "))
-- expect: -10 -3 4
