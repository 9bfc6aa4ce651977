-- __index as a function gets the table and the key.
local calls = 0
local t = setmetatable({present = "p"}, {__index = function(tab, k)
  calls = calls + 1
  return k .. "!"
end})
print(t.foo, t[1], t.present, calls)
-- expect: foo!	1!	p	2
print(rawget(t, "foo"))
-- expect: nil
