-- All expressions are evaluated before any assignment happens.
local t = {1, 2, 3}
local i = 1
i, t[i] = i + 1, "x"
print(i, t[1], t[2])
-- expect: 2	x	2
local a = {}
local k = "first"
k, a[k] = "second", 99
print(k, a.first, a.second)
-- expect: second	99	nil
local m, n = 1, 2
m, n = n, m
print(m, n)
-- expect: 2	1
