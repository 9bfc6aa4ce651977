-- __index is consulted for absent integer keys too, and # ignores it.
local t = setmetatable({1, 2}, {__index = function(_, k) return k * 100 end})
print(t[1], t[3], t[-1], #t)
-- expect: 1	300	-100	2
