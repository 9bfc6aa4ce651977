-- An uncaught comparison error from table.sort.
local t = {3, "x", 1}
table.sort(t)
-- expect error: attempt to compare
