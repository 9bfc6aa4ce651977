-- table.insert and table.remove at the end and in the middle.
local t = {1, 2, 3}
table.insert(t, 4)
table.insert(t, 1, 0)
print(table.concat(t, ","))
-- expect: 0,1,2,3,4
print(table.remove(t), table.remove(t, 1), table.concat(t, ","))
-- expect: 4	0	1,2,3
print(table.remove({}), #t)
-- expect: nil	3
print(pcall(function() table.insert(t, 10, 5) end))
-- expect: false	table_insert_remove.lua:11: bad argument #2 to 'insert' (position out of bounds)
