-- Generic for with ipairs stops at the first nil; pairs visits every key once.
local t = {10, 20, 30, nil, 50}
local s = 0
for i, v in ipairs(t) do s = s + i * v end
print(s)
-- expect: 140
local u = {a = 1, b = 2, c = 3, 4, 5}
local keys, sum = 0, 0
for k, v in pairs(u) do keys = keys + 1; sum = sum + v end
print(keys, sum)
-- expect: 5	15
for k, v in next, {} do print("never") end
