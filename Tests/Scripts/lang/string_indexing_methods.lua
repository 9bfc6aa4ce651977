-- Strings index the string library through their metatable.
local s = "Hello"
print(s:len(), s:upper(), ("x"):rep(3), s:sub(2, 3), s:byte(1))
-- expect: 5	HELLO	xxx	el	72
print(#s:rep(2), ("%d-%s"):format(5, "x"))
-- expect: 10	5-x
print(getmetatable("").__index == string)
-- expect: true
