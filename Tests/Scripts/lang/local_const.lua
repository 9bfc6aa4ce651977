-- local <const> variables; assigning to them is a compile error.
local x <const> = 10
local y <const>, z = 20, 30
print(x + y + z)
-- expect: 60
print(load("local c <const> = 1; c = 2"))
-- expect: nil	[string "local c <const> = 1; c = 2"]:1: attempt to assign to const variable 'c'
print(load("local a <foo> = 1"))
-- expect: nil	[string "local a <foo> = 1"]:1: unknown attribute 'foo'
local f = function() return x * 2 end
print(f())
-- expect: 20
