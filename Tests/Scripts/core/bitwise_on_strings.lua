-- Bitwise operators never coerce strings (the string metatable only has arithmetic metamethods).
local function try(f) local ok, e = pcall(f) print(ok, (tostring(e):gsub("^.-:%d+: ", ""))) end
try(function() return "3" & 1 end)
try(function() local a = "3" return a | 1 end)
try(function() local a = "3" return 1 ~ a end)
try(function() local a = "3" return ~a end)
try(function() local a = "3" return a << 1 end)
try(function() local a = "3" return a >> 1 end)
try(function() return 1 & "1.5" end)
try(function() local t = {s = "7"} return t.s & 1 end)
try(function() local t = {} return t.x >> 1 end)
-- Arithmetic on numeric strings still converts.
print("3" + 1, "3" * "2", -"2", "10" // "3", "7" % "2", "2" ^ 2)
try(function() return "a" + 1 end)
-- Numbers without an integer representation.
try(function() return 1.5 & 1 end)
try(function() return math.huge | 0 end)
print(3 & 1.0, 2^53 | 0, "0x10" + 0)
-- A __band on a string-like table still runs.
local mt = {__band = function(a, b) return "band" end}
print(setmetatable({}, mt) & "3", "3" & setmetatable({}, mt))
-- expect: false	attempt to perform bitwise operation on a string value (constant '3')
-- expect: false	attempt to perform bitwise operation on a string value (local 'a')
-- expect: false	attempt to perform bitwise operation on a string value (local 'a')
-- expect: false	attempt to perform bitwise operation on a string value (local 'a')
-- expect: false	attempt to perform bitwise operation on a string value (local 'a')
-- expect: false	attempt to perform bitwise operation on a string value (local 'a')
-- expect: false	attempt to perform bitwise operation on a string value (constant '1.5')
-- expect: false	attempt to perform bitwise operation on a string value (field 's')
-- expect: false	attempt to perform bitwise operation on a nil value (field 'x')
-- expect: 4	6	-2	3	1	4.0
-- expect: false	attempt to add a 'string' with a 'number'
-- expect: false	number has no integer representation
-- expect: false	number (field 'huge') has no integer representation
-- expect: 1	9007199254740992	16
-- expect: band	band
