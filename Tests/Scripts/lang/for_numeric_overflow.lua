-- Integer for loops near the integer limits do not wrap around.
local n = 0
for i = math.maxinteger - 2, math.maxinteger do n = n + 1 end
print(n)
-- expect: 3
n = 0
for i = math.mininteger, math.mininteger + 2 do n = n + 1 end
print(n)
-- expect: 3
n = 0
for i = math.mininteger + 2, math.mininteger, -1 do n = n + 1 end
print(n)
-- expect: 3
n = 0
for i = 1, math.maxinteger, math.maxinteger // 2 do n = n + 1 end
print(n)
-- expect: 3
n = 0
for i = math.maxinteger, math.maxinteger - 1 do n = n + 1 end
print(n)
-- expect: 0
n = 0
for i = 1, 3.7 do n = n + 1 end
for i = 1, math.huge do n = n + 1; if n > 10 then break end end
print(n)
-- expect: 11
