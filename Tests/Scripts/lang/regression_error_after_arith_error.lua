-- A bitwise error inside a pcall'd call chain, then a table constructor holding a closure, must leave
-- the VM sane (a random program once crashed here).
local x, y, t = 1, 'a', {}
pcall(function(...) print(((function(...) return 0 end)('s') < ('s' & -0.0))) end, x)
pcall(function(...) t = {(function() return 1 end), 0} end, {math.mininteger, k = 2.5, [0] = 1})
print(#t, type(t[1]))
-- expect: 2	function
