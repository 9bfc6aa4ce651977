-- t[i] compiled as an array-part load meets keys outside 1..#t: the bounds guard exits and the
-- interpreter answers (nil, or the hash part's value).
local J = dofile("support.lib")
local compiled, deopts = J.compiled, J.deopts
local function get(t, i) return t[i] end
local t = {10, 20, 30}
t[100] = "far"
print(get(t, 1), get(t, 3))
local c = compiled(get)
print(get(t, 4), get(t, 0), get(t, 100), get(t, -1))
deopts(get, c, "arrayBounds", function() assert(get(t, 100) == "far") end)
print(get(t, 2))
-- expect: 10	30
-- expect: nil	nil	far	nil
-- expect: 20
