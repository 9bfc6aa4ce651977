-- string.len and string.sub with relative positions.
local s = "hello world"
print(#s, s:len(), string.len(""))
print(s:sub(1, 5), s:sub(-5), s:sub(-5, -3), s:sub(7))
print(s:sub(0), s:sub(100), s:sub(3, 2) == "", s:sub(-100, 2))
print(("abc"):sub(2, 100), ("abc"):sub(-1, -1), ("abc"):sub(4))
print(string.sub(12345, 2, 3))
-- expect: 11	11	0
-- expect: hello	world	wor	world
-- expect: hello world		true	he
-- expect: bc	c	
-- expect: 23
