-- Numeric for: a start or step given as a numeric string makes a float loop (a string limit does
-- not); integer loops at the ends of the integer range and with large steps count exactly.
local function list(a, b, c)
  local out = {}
  if c then for i = a, b, c do out[#out + 1] = i .. ":" .. math.type(i) end
  else for i = a, b do out[#out + 1] = i .. ":" .. math.type(i) end end
  return table.concat(out, " ")
end
print(list("1", 2), "|", list(1, "2"), "|", list(1, 2, "1"), "|", list(1, 2.5))
local M, m = math.maxinteger, math.mininteger
print(list(M - 2, M), "|", list(m, m + 1), "|", list(0, M, M), "|", list(1, 10, 4), "|", list(3, 1), "|", list(5, 5))
print((select(2, pcall(list, "x", 2)):match("bad.*")))
print((select(2, pcall(list, 1, "y")):match("bad.*")))
-- Storing to an existing string key through a computed key: raw overwrite, even with __newindex.
local t = setmetatable({}, {__newindex = function(t, k, v) rawset(t, k, v * 10) end})
local k = "f" .. "ield"
t[k] = 1 t[k] = 2 t.field = t.field + 1
local long = ("k"):rep(60)
t[long] = 1 t[("k"):rep(60)] = 5
print(t.field, t[long], rawget(t, long))
-- expect: 1.0:float 2.0:float	|	1:integer 2:integer	|	1.0:float 2.0:float	|	1:integer 2:integer
-- expect: 9223372036854775805:integer 9223372036854775806:integer 9223372036854775807:integer	|	-9223372036854775808:integer -9223372036854775807:integer	|	0:integer 9223372036854775807:integer	|	1:integer 5:integer 9:integer	|		|	5:integer
-- expect: bad 'for' initial value (number expected, got string)
-- expect: bad 'for' limit (number expected, got string)
-- expect: 3	5	5
