-- Concatenation of strings and numbers.
print("a" .. "b" .. "c", "x" .. 1 .. 2, 1 .. 2 .. 3)
-- expect: abc	x12	123
local s = ""
for i = 1, 5 do s = s .. i end
print(s, #s)
-- expect: 12345	5
print("" .. "", ("a"):rep(3) .. "!")
-- expect: 	aaa!
