-- A float limit beyond the integer range clips an integer loop; NaN limits run no iterations.
local n = 0
for i = math.maxinteger - 1, 1e100 do n = n + 1 end
print(n)
-- expect: 2
n = 0
for i = 1, 0/0 do n = n + 1 end
print(n)
-- expect: 0
n = 0
for i = -1, -1e100, -1 do n = n + 1; if n == 3 then break end end
print(n)
-- expect: 3
