-- fmod integer and float rules, modf.
local function try(f, ...) local ok, e = pcall(f, ...) print(ok, (tostring(e):gsub("^.-:%d+: ", ""))) end

print(math.fmod(7, 3), math.fmod(-7, 3), math.fmod(7, -3), math.fmod(7.5, 2), math.fmod(-7.5, 2))
print(math.fmod(math.mininteger, -1), math.fmod(5, math.mininteger), math.type(math.fmod(6, 4)))
print(math.fmod(1, 1/0), math.fmod(6, 4.0))
try(function() return math.fmod(1, 0) end)
print(math.modf(3.7), math.modf(-3.7))
print(math.modf(5), math.modf(1/0), math.modf(-1/0), math.modf(-0.5))
-- expect: 1	-1	1	1.5	-1.5
-- expect: 0	5	integer
-- expect: 1.0	2.0
-- expect: false	bad argument #2 to 'fmod' (zero)
-- expect: 3	-3	-0.7
-- expect: 5	inf	-inf	0	-0.5
