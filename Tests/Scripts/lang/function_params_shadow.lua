-- Parameters are locals: assigning to them does not affect the caller.
local function modify(a, t) a = 100; t.x = 100; t = nil; return a end
local v, tab = 1, {x = 1}
print(modify(v, tab), v, tab.x)
-- expect: 100	1	100
local function dup(a, a) return a end
print(dup(1, 2))
-- expect: 2
