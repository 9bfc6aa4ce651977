-- __concat is used when an operand is not a string or number.
local mt = {__concat = function(a, b)
  local x = type(a) == "table" and a.name or a
  local y = type(b) == "table" and b.name or b
  return x .. "&" .. y
end}
local t = setmetatable({name = "T"}, mt)
print(t .. "s", "s" .. t, 1 .. t, t .. t)
-- expect: T&s	s&T	1&T	T&T
