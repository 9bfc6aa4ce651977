-- __eq is only tried for two tables (or two userdata) that are not primitively equal.
local calls = 0
local mt = {__eq = function(a, b) calls = calls + 1 return a.id == b.id end}
local a = setmetatable({id = 1}, mt)
local b = setmetatable({id = 1}, mt)
local c = setmetatable({id = 2}, mt)
print(a == b, a ~= b, a == c, a == a, calls)
-- expect: true	false	false	true	3
print(a == 1, a == "x", calls)
-- expect: false	false	3
local plain = {id = 1}
print(a == plain, plain == a, calls)
-- expect: true	true	5
local r = setmetatable({}, {__eq = function() return "truthy" end})
print(r == {}, r ~= {})
-- expect: true	false
