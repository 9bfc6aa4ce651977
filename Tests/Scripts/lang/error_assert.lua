-- assert returns its arguments or raises its message (any value).
print(assert(1, "unused"), select("#", assert(true, 2, 3)))
-- expect: 1	3
print(pcall(assert, false))
-- expect: false	assertion failed!
print(pcall(assert, nil, "custom"))
-- expect: false	custom
local t = {}
print(select(2, pcall(assert, false, t)) == t)
-- expect: true
print(pcall(assert))
-- expect: false	bad argument #1 to 'assert' (value expected)
