-- operators: comparisons with immediates and constants, and/or values, concat, unary
local x, y, s = ...
local lt, le, gt, ge = x < 1, x <= 2.0, x > y, 100 >= x
local eq, ne = x == "a", y ~= nil
local both = x and y or s
local cat = s .. x .. y .. "!"
local u = -x, not x, #s, ~y
local ar = x + 1, x - 1, x * y, x / 2, x // y, x % 3, x ^ 2, 1 - x
local bw = x & 1, x | y, x ~ 3, x << 2, x >> 2, 1 << x
if not (x == 1) then x = nil end
return lt, le, gt, ge, eq, ne, both, cat, u, ar, bw
