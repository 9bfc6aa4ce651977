-- table.concat, unpack and pack.
print(table.concat({1, 2, 3}), table.concat({1, 2, 3}, ", "), table.concat({}, "x"), table.concat({"a"}, "-"))
print(table.concat({1, 2.5, "x"}, " ", 2), table.concat({1, 2, 3}, "", 2, 3), table.concat({1, 2}, ",", 3))
print(table.unpack({1, 2, 3}), table.unpack({1, 2, 3}, 2), table.unpack({1, 2, 3}, 2, 3))
print(select("#", table.unpack({}, 1, 3)), table.unpack({1, 2}, 3), select("#", table.unpack({}, 5, 4)))
local p = table.pack(1, nil, 3, nil) print(p.n, p[1], p[2], p[3], p[4])
print(table.pack().n, #table.pack(1, 2))
print(table.unpack({"a", "b"}, -1, 1))
-- expect: 123	1, 2, 3		a
-- expect: 2.5 x	23	
-- expect: 1	2	2	3
-- expect: 3	nil	0
-- expect: 4	1	nil	3	nil
-- expect: 0	2
-- expect: nil	nil	a
