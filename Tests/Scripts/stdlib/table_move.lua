-- table.move: overlapping ranges and other tables.
local t = {1, 2, 3, 4, 5}
table.move(t, 1, 3, 3) print(table.concat(t, ","))
t = {1, 2, 3, 4, 5} table.move(t, 3, 5, 1) print(table.concat(t, ","))
local a, b = {1, 2, 3}, {} print(table.move(a, 1, 3, 2, b) == b, b[1], b[2], b[3], b[4])
print(#table.move({1, 2}, 1, 0, 5), table.move({}, 1, 2, 1)[1])
-- expect: 1,2,1,2,3
-- expect: 3,4,5,4,5
-- expect: true	nil	1	2	3
-- expect: 2	nil
