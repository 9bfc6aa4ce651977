-- table.sort with the default order and with comparators.
local t = {5, 2, 8, 1, 9, 3, 7, 4, 6, 0}
table.sort(t) print(table.concat(t, " "))
table.sort(t, function(a, b) return a > b end) print(table.concat(t, " "))
local s = {"pear", "apple", "fig", "banana", "Apple"} table.sort(s) print(table.concat(s, " "))
local m = {3, 1.5, 2, -1, 2.25} table.sort(m) print(table.concat(m, " "))
local r = {} for i = 1, 200 do r[i] = (i * 7919) % 211 end table.sort(r)
local ok = true for i = 2, 200 do if r[i - 1] > r[i] then ok = false end end print(ok, r[1], r[200])
local recs = {{n = "b", v = 2}, {n = "a", v = 1}, {n = "c", v = 3}}
table.sort(recs, function(x, y) return x.v < y.v end) print(recs[1].n, recs[2].n, recs[3].n)
local one = {1} table.sort(one) print(one[1]) table.sort({})
local big = {} for i = 1, 1000 do big[i] = 1001 - i end table.sort(big) print(big[1], big[500], big[1000])
local same = {} for i = 1, 100 do same[i] = 5 end table.sort(same) print(same[1], same[100])
local mt = setmetatable({}, {__lt = function(a, b) return a.k < b.k end})
local objs = {} for i, k in ipairs({3, 1, 2}) do objs[i] = setmetatable({k = k}, getmetatable(mt)) end
table.sort(objs) print(objs[1].k, objs[2].k, objs[3].k)
-- expect: 0 1 2 3 4 5 6 7 8 9
-- expect: 9 8 7 6 5 4 3 2 1 0
-- expect: Apple apple banana fig pear
-- expect: -1 1.5 2 2.25 3
-- expect: true	1	210
-- expect: a	b	c
-- expect: 1
-- expect: 1	500	1000
-- expect: 5	5
-- expect: 1	2	3
