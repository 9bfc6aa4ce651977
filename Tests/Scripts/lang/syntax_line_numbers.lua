-- Runtime errors report the line of the operation, across blank lines and comments.
local src = "local a = 1\n\n-- comment\n\nlocal b = nil\nreturn a + b\n"
print(pcall(load(src, "=chunk")))
-- expect: false	chunk:6: attempt to perform arithmetic on a nil value (local 'b')
local src2 = "local t = {\n  x = 1,\n  y = nil .. 'a',\n}"
print(pcall(load(src2, "=c2")))
-- expect: false	c2:3: attempt to concatenate a nil value
