-- The string metatable: methods and arithmetic coercion.
print(("x"):upper(), ("%d"):format(5), #("abc"), ("a,b"):find(","))
print(getmetatable("").__index == string, getmetatable("abc") == getmetatable(""))
print("10" + 1, "3" * "4", "10" / 2, "7" // "2", "7" % "3", "2" ^ "3", -"5", "0x10" + 0, "1e2" + 0)
print(math.type("10" + 1), math.type("10.0" + 1), " 5 " + 1)
local function try(f) local ok, e = pcall(f) print(ok, (tostring(e):gsub("^.-:%d+: ", ""))) end
try(function() return "abc" + 1 end)
try(function() return {} + "1" end)
try(function() return "1" + "x" end)
local t = setmetatable({}, {__add = function(a, b) return "meta" end})
print("x" + t, t + "x")
-- expect: X	5	3	2	2
-- expect: true	true
-- expect: 11	12	5.0	3	1	8.0	-5	16	100.0
-- expect: integer	float	6
-- expect: false	attempt to add a 'string' with a 'number'
-- expect: false	attempt to add a 'table' with a 'string'
-- expect: false	attempt to add a 'string' with a 'string'
-- expect: meta	meta
