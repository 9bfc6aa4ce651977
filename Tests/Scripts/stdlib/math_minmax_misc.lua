-- max/min keep the winner's subtype; tointeger, type, ult, logs, trig.
-- compare-lua54: lupa's 5.4.8 is built without LUA_COMPAT_5_3 (no math.pow, ldexp, frexp, log10)
local function try(f, ...) local ok, e = pcall(f, ...) print(ok, (tostring(e):gsub("^.-:%d+: ", ""))) end

print(math.max(1, 2.0, 2), math.min(3, 1.0, 1), math.max(-1), math.min(1, 2, -3.5))
print(math.max(math.maxinteger, 2^63), math.min(math.mininteger, -2^63))
print(math.tointeger(3.0), math.tointeger(3.5), math.tointeger("8"), math.tointeger(2^63), math.tointeger({}))
print(math.type(1), math.type(1.0), math.type("1"), math.type(nil))
print(math.ult(1, -1), math.ult(-1, 1), math.ult(2, 3))
print(math.sqrt(16), math.exp(0), math.log(1), math.log(8, 2), math.log(1000, 10), math.log(27, 3))
print(math.sin(0), math.cos(0), math.tan(0), math.asin(1) * 2 == math.pi, math.acos(1), math.atan(1, 1) * 4 == math.pi)
print(math.atan(1), math.deg(math.pi), math.rad(180))
print(math.pow(2, 10), math.log10(1000), math.ldexp(0.5, 4), math.frexp(8))
print(math.cosh(0), math.sinh(0), math.tanh(0))
try(function() return math.max() end)
try(function() return math.type() end)
try(function() return math.floor("x") end)
try(function() return math.ldexp(1, 1.5) end)
-- expect: 2.0	1.0	-1	-3.5
-- expect: 9.2233720368548e+18	-9223372036854775808
-- expect: 3	nil	8	nil	nil
-- expect: integer	float	nil	nil
-- expect: true	false	true
-- expect: 4.0	1.0	0.0	3.0	3.0	3.0
-- expect: 0.0	1.0	0.0	true	0.0	true
-- expect: 0.78539816339745	180.0	3.1415926535898
-- expect: 1024.0	3.0	8.0	0.5	4
-- expect: 1.0	0.0	0.0
-- expect: false	bad argument #1 to 'max' (value expected)
-- expect: false	bad argument #1 to 'type' (value expected)
-- expect: false	bad argument #1 to 'floor' (number expected, got string)
-- expect: false	bad argument #2 to 'ldexp' (number has no integer representation)
