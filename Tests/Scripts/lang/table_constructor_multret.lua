-- A call or ... as the last constructor item expands to all its values.
local function three() return "a", "b", "c" end
local t = {three()}
local u = {three(), "z"}
local v = {(three())}
print(#t, #u, #v, u[2])
-- expect: 3	2	1	z
local function pack(...) return {n = select("#", ...), ...} end
local p = pack(1, 2, 3)
print(p.n, p[3])
-- expect: 3	3
