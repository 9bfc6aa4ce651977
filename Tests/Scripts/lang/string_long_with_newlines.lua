-- Long strings keep inner newlines and brackets of other levels.
local s = [==[
a]]b
[[c]]
]=]d]==]
print(s)
-- expect: a]]b
-- expect: [[c]]
-- expect: ]=]d
print(#s)
-- expect: 15
