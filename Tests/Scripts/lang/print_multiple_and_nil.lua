-- print separates values with tabs, shows nil, and calls tostring.
print(1, nil, "two", false)
-- expect: 1	nil	two	false
print()
-- expect: 
print(nil)
-- expect: nil
print(setmetatable({}, {__tostring = function() return "T" end}), "x")
-- expect: T	x
