-- Tables grow through many insertions of both integer and string keys.
local t = {}
for i = 1, 10000 do t[i] = i * 2 end
for i = 1, 1000 do t["k" .. i] = i end
local s = 0
for i = 1, #t do s = s + t[i] end
print(#t, s, t.k500)
-- expect: 10000	100010000	500
for i = 1, 10000 do t[i] = nil end
print(#t, t.k1000)
-- expect: 0	1000
