-- Integer numeric for: bounds evaluated once, inclusive limit, steps of either sign.
local out = {}
for i = 1, 5 do out[#out + 1] = i end
print(table.concat(out, " "))
-- expect: 1 2 3 4 5
out = {}
for i = 10, 1, -3 do out[#out + 1] = i end
print(table.concat(out, " "))
-- expect: 10 7 4 1
local n = 0
for i = 1, 0 do n = n + 1 end
for i = 5, 6, -1 do n = n + 1 end
print(n)
-- expect: 0
local limit = 3
for i = 1, limit do limit = 10 end
print(limit)
-- expect: 10
for i = 1, 3 do local j = i; i = i * 10; out[j] = i end
print(out[1], out[2], out[3])
-- expect: 10	20	30
