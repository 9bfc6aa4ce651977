-- __unm and __len.
local t = setmetatable({1, 2, 3}, {__len = function() return 42 end, __unm = function(a) return "neg" end})
print(#t, -t, rawlen(t))
-- expect: 42	neg	3
local s = setmetatable({}, {__len = function(a) return "not a number" end})
print(#s)
-- expect: not a number
