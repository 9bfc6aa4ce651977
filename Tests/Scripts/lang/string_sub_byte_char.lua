-- string.sub with negative and out-of-range indices; byte and char.
local s = "hello"
print(s:sub(2), s:sub(-3), s:sub(2, -2), s:sub(0), s:sub(10), s:sub(-100, 2))
-- expect: ello	llo	ell	hello		he
print(s:byte(), s:byte(-1), s:byte(10), string.char(104, 105))
-- expect: 104	111	nil	hi
print(string.rep("ab", 3, ","), string.rep("x", 0), string.rep("x", -1))
-- expect: ab,ab,ab		
