-- __index and __newindex receive the original key (ints stay ints, floats normalised).
local seen = {}
local t = setmetatable({}, {
  __index = function(_, k) return math.type(k) or type(k) end,
  __newindex = function(_, k, v) seen[#seen + 1] = (math.type(k) or type(k)) .. "=" .. v end,
})
print(t[1], t[1.5], t[2.0], t.x)
-- expect: integer	float	float	string
t[3] = "a"; t[3.0] = "b"; t[0.5] = "c"
print(table.concat(seen, " "))
-- expect: integer=a float=b float=c
