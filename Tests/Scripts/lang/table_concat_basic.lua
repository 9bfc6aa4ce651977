-- table.concat with separators, ranges and numbers.
print(table.concat({1, 2, 3}), table.concat({"a", "b"}, ", "), table.concat({}, "x"))
-- expect: 123	a, b	
print(table.concat({1, 2.5, "s"}, "-", 2, 3))
-- expect: 2.5-s
print(pcall(table.concat, {1, {}, 3}))
-- expect: false	invalid value (table) at index 2 in table for 'concat'
