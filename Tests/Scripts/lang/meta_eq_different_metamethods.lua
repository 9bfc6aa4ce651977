-- __eq is taken from the first operand, else the second.
local m1 = {__eq = function() return true end}
local a = setmetatable({}, m1)
local b = setmetatable({}, {})
print(a == b, b == a)
-- expect: true	true
