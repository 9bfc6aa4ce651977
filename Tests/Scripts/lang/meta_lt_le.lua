-- __lt and __le; the metamethod is also used when only one operand is a table.
local mt = {}
mt.__lt = function(a, b) return a.v < b.v end
mt.__le = function(a, b) return a.v <= b.v end
local function V(v) return setmetatable({v = v}, mt) end
print(V(1) < V(2), V(2) < V(1), V(1) <= V(1), V(2) > V(1), V(1) >= V(2))
-- expect: true	false	true	true	false
local onlylt = {__lt = function(a, b) return true end}
local x, y = setmetatable({}, onlylt), setmetatable({}, onlylt)
print(x < y)
-- expect: true
print(pcall(function() return V(1) < 1 end))
-- expect: false	meta_lt_le.lua:3: attempt to index a number value (local 'b')
