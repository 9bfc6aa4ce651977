-- table.insert and table.remove at the end and in the middle.
local t = {1, 2, 3}
table.insert(t, 4) table.insert(t, 1, 0) table.insert(t, 3, 1.5)
print(table.concat(t, ","), #t)
print(table.remove(t), table.remove(t, 1), table.remove(t, 2), table.concat(t, ","))
local e = {} print(table.remove(e), #e, table.remove(e, 0), table.remove(e, 1))
local u = {n = 1} table.insert(u, "a") table.insert(u, #u + 1, "b") print(u[1], u[2], #u)
local w = {1, 2, 3} print(table.remove(w, 4), #w, table.remove(w, 3), #w)
-- expect: 0,1,1.5,2,3,4	6
-- expect: 4	0	1.5	1,2,3
-- expect: nil	0	nil	nil
-- expect: a	b	2
-- expect: nil	3	3	2
