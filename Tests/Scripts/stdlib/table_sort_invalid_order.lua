-- table.sort detects an inconsistent comparator.
local t = {5, 4, 3, 2, 1, 6, 7, 8, 9, 10, 11, 12}
local ok, e = pcall(table.sort, t, function(a, b) return true end)
print(ok, e)
local u = {} for i = 1, 100 do u[i] = i % 7 end
ok, e = pcall(table.sort, u, function(a, b) return true end)
print(ok, e)
-- expect: false	invalid order function for sorting
-- expect: false	invalid order function for sorting
