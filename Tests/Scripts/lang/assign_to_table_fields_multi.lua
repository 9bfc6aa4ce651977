-- Multiple assignment to table fields, including the same field twice.
local t = {}
t.a, t.b, t[1] = "A", "B", "one"
print(t.a, t.b, t[1])
-- expect: A	B	one
local u = {}
u.x, u.y = 1
print(u.x, u.y)
-- expect: 1	nil
local k = {}
k[1], k[2], k[3] = (function() return 7, 8, 9 end)()
print(k[1], k[2], k[3])
-- expect: 7	8	9
