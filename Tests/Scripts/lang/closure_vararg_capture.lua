-- Varargs are not upvalues: a closure must copy them into locals or a table.
local function make(...)
  local args = {...}
  local n = select("#", ...)
  return function() return n, args[1], args[n] end
end
print(make("a", "b", "c")())
-- expect: 3	a	c
print(make()())
-- expect: 0	nil	nil
