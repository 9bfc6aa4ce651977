-- Tail calls pass varargs through unchanged, many levels deep.
local function last(...) return select("#", ...), (select(select("#", ...), ...)) end
local function fwd(n, ...) if n == 0 then return last(...) end return fwd(n - 1, ...) end
print(fwd(100000, 1, 2, 3))
-- expect: 3	3
print(fwd(10, nil, nil))
-- expect: 2	nil
