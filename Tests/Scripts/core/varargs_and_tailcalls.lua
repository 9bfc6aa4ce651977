-- varargs through calls, select, table.pack-like collection, and deep proper tail calls.
local function count(...) return select("#", ...) end
print(count(), count(nil), count(nil, nil), count(1, nil, 3))
-- expect: 0	1	2	3
local function pass(...) return ... end
print(pass(1, nil, 3))
-- expect: 1	nil	3
local function loop(n, acc) if n == 0 then return acc end return loop(n - 1, acc + 1) end
print(loop(1000000, 0))
-- expect: 1000000
local t = {pass(1, 2, 3), pass(4, 5)}
print(#t, t[3])
-- expect: 3	5
