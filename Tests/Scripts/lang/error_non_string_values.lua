-- Error values of any type pass through pcall unchanged (no position added).
local t = {code = 42}
local ok, e = pcall(error, t)
print(ok, e == t, e.code)
-- expect: false	true	42
print(pcall(error, 12))
-- expect: false	12
print(pcall(error, nil))
-- expect: false	nil
print(pcall(error, true))
-- expect: false	true
print(pcall(function() error(3.5) end))
-- expect: false	3.5
