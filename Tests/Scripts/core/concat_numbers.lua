-- Concatenation writes integers' text directly into short and long results; floats and metamethods too.
local m = math.mininteger
print(1 .. 2, -5 .. "x", "a" .. 0 .. "b", m .. "", math.maxinteger .. "|" .. m, 1.5 .. 2, 2^63 .. "", -0.0 .. 1)
local s = ("x"):rep(30) print(s .. 1234567890 .. "y", #(s .. m), s .. m .. m, (s .. m .. s):sub(-35))
local t = setmetatable({}, {__concat = function(a, b) return "C" end}) print(1 .. t, t .. 2, "a" .. 1 .. t)
print(pcall(function() return 1 .. {} end) == false)
local acc = "" for i = -20, 20, 7 do acc = acc .. i .. "," end print(acc)
print(("y"):rep(39) .. 1, #(("y"):rep(39) .. 12), ("y"):rep(38) .. -1 == ("y"):rep(38) .. "-1")
-- expect: 12	-5x	a0b	-9223372036854775808	9223372036854775807|-9223372036854775808	1.52	9.2233720368548e+18	-0.01
-- expect: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx1234567890y	50	xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-9223372036854775808-9223372036854775808	75808xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
-- expect: C	C	aC
-- expect: true
-- expect: -20,-13,-6,1,8,15,
-- expect: yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy1	41	true
