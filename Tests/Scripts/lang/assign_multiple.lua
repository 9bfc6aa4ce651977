-- Multiple assignment: extra values dropped, missing ones nil, swap works.
local a, b, c = 1, 2
print(a, b, c)
-- expect: 1	2	nil
local x, y = 1, 2, 3
print(x, y)
-- expect: 1	2
x, y = y, x
print(x, y)
-- expect: 2	1
local function f() return 10, 20, 30 end
local p, q, r, s = f()
print(p, q, r, s)
-- expect: 10	20	30	nil
local u, v = f(), 5
print(u, v)
-- expect: 10	5
