-- Filling an array backwards still yields a proper sequence.
local t = {}
for i = 100, 1, -1 do t[i] = i end
print(#t, t[1], t[100])
-- expect: 100	1	100
local sum = 0
for _, v in ipairs(t) do sum = sum + v end
print(sum)
-- expect: 5050
