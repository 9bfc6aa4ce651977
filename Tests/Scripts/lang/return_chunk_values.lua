-- A chunk is a vararg function; its return values come back from load's function.
local f = load("local a, b = ... return b, a, select('#', ...)")
print(f(1, 2, 3))
-- expect: 2	1	3
print(load("return")())
-- expect: 
