-- ... in functions: count, adjustments, nils in the middle.
local function count(...) return select("#", ...) end
print(count(), count(nil), count(1, nil, 3), count(nil, nil))
-- expect: 0	1	3	2
local function pass(...) return ... end
print(pass(1, 2, 3))
-- expect: 1	2	3
local function first(...) local a = ... return a end
print(first(9, 8, 7))
-- expect: 9
local function tbl(...) return {...} end
print(#tbl(1, 2, 3), tbl(nil, 5)[2])
-- expect: 3	5
