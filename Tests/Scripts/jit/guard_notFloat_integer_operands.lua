-- Float addition compiled from float feedback meets two integers: the float guard fails and the
-- interpreter adds them as integers (the result stays an integer).
local J = dofile("support.lib")
local compiled, deopts = J.compiled, J.deopts
local function add(x, y) return x + y end
print(add(1.5, 2.5), add(0.25, 0.5))
local c = compiled(add)
print(add(1, 2), math.type(add(1, 2)))
deopts(add, c, "notFloat", function() assert(add(1, 2) == 3) end)
print(add(2.0, 0.5))
-- expect: 4.0	0.75
-- expect: 3	integer
-- expect: 2.5
