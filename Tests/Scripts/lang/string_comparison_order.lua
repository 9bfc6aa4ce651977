-- Sorting strings uses byte order.
local t = {"banana", "Apple", "apple", "cherry", "10", "9", ""}
table.sort(t)
print(table.concat(t, ","))
-- expect: ,10,9,Apple,apple,banana,cherry
